# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: lab_nodes
short_description: The lab's nodes from the resolved inventory
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Turns the resolved inventory (the C(ovnk_dpu) fact, the C(ovnk.dpu.topology) lookup) into the C(nodes) list the lab
    modules take - each node's name and role, its network namespace (C(ovnk_dpu_netns)) and, for a DPU, its fabric
    address (C(ovnk_dpu_encap_ip)) and OVSDB remote (C(ovnk_dpu_ovs_remote)) - the lab makes them where the
    inventory says.
extends_documentation_fragment:
  - ovnk.dpu.topology
"""

EXAMPLES = r"""
- name: Start the lab of the inventory
  ovnk.dpu.lab:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    nodes: "{{ ovnk_dpu | ovnk.dpu.lab_nodes }}"
"""

RETURN = r"""
_value:
  description: The nodes, each with C(name), C(role) and, where the inventory sets them, C(netns), C(address), C(ovs_db).
  type: list
  elements: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import nodes_of_topology


class FilterModule:
    def filters(self) -> dict:
        return {"lab_nodes": nodes_of_topology}
