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

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import IMPORT_ERRORS, lab_arg_spec, spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import LabSpecError


def main() -> None:
    module = AnsibleModule(argument_spec=lab_arg_spec(), supports_check_mode=True)
    for lib, trace in IMPORT_ERRORS.items():
        module.fail_json(msg=missing_required_lib(lib), exception=trace)
    try:
        lab = Lab(spec_from_params(module.params, for_start=False))
    except LabSpecError as exc:
        module.fail_json(msg="invalid lab parameters: " + "; ".join(exc.problems), problems=exc.problems)
    module.exit_json(changed=False, lab=lab.status())


if __name__ == "__main__":
    main()
