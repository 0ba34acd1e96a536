#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: inventory_check
short_description: Validate a two-cluster DPU inventory as a whole before any change
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Checks the platform, the node groups and roles, and the kubeconfigs of both clusters, and fails with
    every problem found at once, each naming the variable and the fix.
  - Changes nothing. site.yml runs it first, so a bad inventory stops the run before anything starts.
requirements:
  - PyYAML
extends_documentation_fragment:
  - ovnk.dpu.read_only
options:
  platform:
    description: Where the clusters run.
    type: str
    required: true
  tenant_kubeconfig:
    description:
      - Admin kubeconfig of the tenant cluster. Must exist unless O(platform=lab) (the lab writes it).
    type: path
  infra_kubeconfig:
    description:
      - Admin kubeconfig of the infra (DPU) cluster. Must exist unless O(platform=lab).
    type: path
  nodes:
    description: Inventory nodes mapped to their C(ovnk_dpu_node_role) (C(dpu-host), C(dpu) or C(full)).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Validate the inventory
  ovnk.dpu.inventory_check:
    platform: openshift
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    nodes:
      host-0: dpu-host
      dpu-0: dpu
"""

RETURN = r"""
problems:
  description: Every problem found (empty when the inventory is valid).
  returned: always
  type: list
  elements: str
  sample: ["ovnk_dpu_platform: 'vsphere' is not a known platform; set it to one of lab, kind, openshift"]
"""

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import ARGUMENT_SPEC, evaluate, yaml
from ansible_collections.ovnk.dpu.plugins.module_utils.module_run import exit_with


def main() -> None:
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    if yaml is None:
        module.fail_json(msg=missing_required_lib("PyYAML"))
    exit_with(module, lambda m: evaluate(m.params))


if __name__ == "__main__":
    main()
