# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: lease_watchdog_plan
short_description: What the DPU health Lease watchdog runs where, and each machine's files
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - From the resolved inventory (the C(ovnk_dpu) fact) - one monitor for the fleet, a renewer per paired DPU when
    C(ovnk_dpu_lease_watchdog_renew) is on (each checking its DPU's first representors, its OVS and, where the
    inventory gives one, its network namespace), renewers that share a machine on ports apart.
  - With O(credentials) and O(options), also each machine's files - the program, each service's configuration,
    kubeconfig and unit (systemd) or command line (the lab's supervisor) - for M(ovnk.dpu.service_files).
options:
  _input:
    description: The resolved inventory.
    type: dict
    required: true
  credentials:
    description: By credential (C(monitor), C(dpu)) - C(server), C(ca), C(token).
    type: dict
  options:
    description: >-
      C(prefix), C(config_dir), C(python), C(service_manager), C(namespace), C(renew_interval), C(lease_duration),
      C(metrics_address), C(taint), C(program) (the program's files, relative to the collection's module_utils).
    type: dict
"""

EXAMPLES = r"""
- name: The services and where they run
  ansible.builtin.debug:
    msg: "{{ (ovnk_dpu | ovnk.dpu.lease_watchdog_plan).services }}"
"""

RETURN = r"""
_value:
  description: C(services), C(machines) and, with credentials and options, C(directories) and C(files) (by machine).
  type: dict
"""

from typing import Any, Optional

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import plan


def lease_watchdog_plan(topology: dict, credentials: Optional[dict] = None,
                        options: Optional[dict] = None) -> dict[str, Any]:
    services = plan.services(topology)
    result: dict[str, Any] = {"services": services, "machines": plan.machines(services)}
    if credentials is not None and options is not None:
        result.update(directories=plan.directories(options), files=plan.files(services, credentials, options))
    return result


class FilterModule:
    def filters(self) -> dict:
        return {"lease_watchdog_plan": lease_watchdog_plan}
