# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.ovnk_config on the controller: validation and rendering only (see in_process.py)."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.module_utils.basic import missing_required_lib

from ansible_collections.ovnk.dpu.plugins.module_utils import ovnk_config
from ansible_collections.ovnk.dpu.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    ARGUMENT_SPEC = ovnk_config.ARGUMENT_SPEC

    def evaluate(self, params: dict) -> dict:
        if ovnk_config.netaddr is None:
            raise AnsibleActionFail(missing_required_lib("netaddr") + " (on the controller)")
        return ovnk_config.evaluate(params)
