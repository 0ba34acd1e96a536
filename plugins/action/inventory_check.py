# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.inventory_check on the controller: reads only the inventory and the kubeconfig files."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils import inventory
from ansible_collections.ovnk.dpu.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    ARGUMENT_SPEC = inventory.ARGUMENT_SPEC

    def evaluate(self, params: dict) -> dict:
        return inventory.evaluate(params)
