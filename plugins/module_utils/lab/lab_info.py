# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.lab_info: the lab's status."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import LIBRARIES, lab_arg_spec, spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab

# The module's wiring (plugins/modules/lab_info.py runs run_entry on this file).
ARGUMENT_SPEC = lab_arg_spec()
__all__ = ["ARGUMENT_SPEC", "LIBRARIES", "run"]


def run(module: Any) -> dict:
    """ovnk.dpu.lab_info: the lab's status."""
    return {"changed": False, "lab": Lab(spec_from_params(module.params, for_start=False)).status()}
