# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: lease_watchdog_restarts
short_description: The watchdog services to start again after their files were installed
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - The services whose configuration, kubeconfig or unit changed on their machine, and every service of a machine
    whose program changed, from M(ovnk.dpu.service_files)' C(changed_indexes) per machine.
options:
  _input:
    description: The plan (C(ovnk.dpu.lease_watchdog_plan) with credentials and options).
    type: dict
    required: true
  installed:
    description: The looped service_files results, each with C(lease_watchdog_machine) and C(changed_indexes).
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: Restart what changed
  ansible.builtin.debug:
    msg: "{{ lease_watchdog_plan | ovnk.dpu.lease_watchdog_restarts(lease_watchdog_installed.results) }}"
"""

RETURN = r"""
_value:
  description: Service names, sorted.
  type: list
  elements: str
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import plan


def lease_watchdog_restarts(watchdog_plan: dict, installed: list) -> list[str]:
    results = [{"machine": r.get("lease_watchdog_machine"), "changed_indexes": r.get("changed_indexes")}
               for r in installed or []]
    return plan.changed_services(watchdog_plan["services"], watchdog_plan["files"], results)


class FilterModule:
    def filters(self) -> dict:
        return {"lease_watchdog_restarts": lease_watchdog_restarts}
