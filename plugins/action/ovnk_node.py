# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.ovnk_node: with validate_only, validate and render on the controller (no cluster,
no module process; see in_process.py); otherwise run the module, which applies."""

from __future__ import annotations

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import node_spec
from ansible_collections.ovnk.dpu.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    ARGUMENT_SPEC = node_spec.ARGUMENT_SPEC
    _requires_connection = True  # it runs the module on the target unless validate_only

    def run(self, tmp=None, task_vars=None) -> dict:
        result = super(InProcessAction, self).run(tmp, task_vars)
        if boolean(self._task.args.get("validate_only", False), strict=False):
            return self.run_in_process(result, node_spec.validate_only)
        return {**result, **self._execute_module(module_name="ovnk.dpu.ovnk_node", module_args=self._task.args,
                                                 task_vars=task_vars)}
