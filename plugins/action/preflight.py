# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.preflight on the controller: reads only its arguments and the kubeconfig files."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import preflight
from ansible_collections.ovnk.dpu.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    ARGUMENT_SPEC = preflight.ARGUMENT_SPEC
    LIBRARIES = ("yaml", "netaddr")

    def evaluate(self, params: dict) -> dict:
        return preflight.evaluate(params)
