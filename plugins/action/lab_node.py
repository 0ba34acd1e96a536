# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.lab_node, run in the task's worker when its target is the controller (plugin_utils/local_module.py)."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import lab_node
from ansible_collections.ovnk.dpu.plugins.plugin_utils.local_module import LocalModuleAction, preloaded


class ActionModule(LocalModuleAction):
    ENTRY = preloaded(lab_node)
