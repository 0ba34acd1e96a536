#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab_info
short_description: Report the state of the built-in two-cluster lab
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Reports, for each lab cluster, its API URL, admin kubeconfig path and readiness, and for each node its
    role, network namespace, slot and (for C(dpu) nodes) Open vSwitch state; per cluster whether its kwok runs.
  - Without O(nodes), reports on the nodes the lab recorded when it last started.
extends_documentation_fragment:
  - ovnk.dpu.read_only
  - ovnk.dpu.lab
"""

EXAMPLES = r"""
- name: Show the lab
  ovnk.dpu.lab_info:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
  register: lab

- name: Fail unless the lab runs
  ansible.builtin.assert:
    that: lab.lab.state == 'running'
"""

RETURN = r"""
lab:
  description: The lab's state.
  returned: always
  type: dict
  contains:
    state:
      description: C(running) (all processes up), C(stopped) (none) or C(degraded).
      type: str
      sample: running
    clusters:
      description: Per cluster (C(tenant), C(infra)) its C(server), C(kubeconfig), C(ready), C(kwok_running) and C(nodes).
      type: dict
    nodes:
      description: Per node its C(role), C(cluster), C(netns), C(netns_present), C(slot), C(ovs_running), C(ovs_db).
      type: dict
    processes:
      description: Per lab process, C(pid) and C(running).
      type: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import lab_info


def main() -> None:
    run_entry(lab_info)


if __name__ == "__main__":
    main()
