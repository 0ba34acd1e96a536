# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.ovnk_config: the OVN-K settings validated and rendered (config.py), on the controller or as a module."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import config

# The module's wiring (plugins/modules/ovnk_config.py runs run_entry on this file; the action plugin runs it in place).
ARGUMENT_SPEC = config.ARGUMENT_SPEC
LIBRARIES = ("netaddr",)


def run(module: Any) -> dict[str, Any]:
    return config.evaluate(module.params)
