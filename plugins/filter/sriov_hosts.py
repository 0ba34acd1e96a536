# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sriov_hosts
short_description: The SR-IOV stage's hosts from the resolved inventory
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Each host of a group (default C(dpu_hosts)) with its card - C(model), C(pf), C(num_vfs), C(pci_address) - as the
    host sets it (C(ovnk_dpu_model), C(ovnk_dpu_sriov_pf), C(ovnk_dpu_sriov_num_vfs), C(ovnk_dpu_sriov_pci_address))
    or inventory-wide, in the shape M(ovnk.dpu.sriov_config) takes.
extends_documentation_fragment:
  - ovnk.dpu.topology
options:
  group:
    description: The inventory group of the hosts.
    type: str
    default: dpu_hosts
"""

EXAMPLES = r"""
- name: The DPU hosts' cards
  ansible.builtin.debug:
    msg: "{{ ovnk_dpu | ovnk.dpu.sriov_hosts }}"
"""

RETURN = r"""
_value:
  description: One dict per host - C(name), C(model), C(pf), C(num_vfs), C(pci_address).
  type: list
  elements: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.sriov.policies import hosts_of_topology


class FilterModule:
    def filters(self) -> dict:
        return {"sriov_hosts": hosts_of_topology}
