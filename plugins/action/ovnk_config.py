# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.ovnk_config on the controller: validation and rendering only (see in_process.py)."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import config
from ansible_collections.ovnk.dpu.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    ARGUMENT_SPEC = config.ARGUMENT_SPEC
    LIBRARIES = ("netaddr",)

    def evaluate(self, params: dict) -> dict:
        return config.evaluate(params)
