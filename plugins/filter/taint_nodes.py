# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: taint_nodes
short_description: The taints stage's nodes from the resolved inventory
version_added: 0.6.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Each DPU host (tenant cluster) and DPU (infra cluster) with its taints - C(ovnk_dpu_host_taints),
    C(ovnk_dpu_dpu_taints), as the node sets them or inventory-wide - in the shape M(ovnk.dpu.node_taints) takes,
    split by choice - C(taint), and C(skip) for the nodes that opted out (C(ovnk_dpu_node_taints_skip)); and
    C(watchdog) - each DPU host with the lease watchdog's taint C(k8s.ovn.org/dpu-not-ready), which a teardown
    takes off.
extends_documentation_fragment:
  - ovnk.dpu.topology
options:
  hosts_group:
    description: The group of the DPU hosts.
    type: str
    default: dpu_hosts
  dpus_group:
    description: The group of the DPUs.
    type: str
    default: dpu_nodes
"""

EXAMPLES = r"""
- name: The nodes to taint
  ansible.builtin.debug:
    msg: "{{ (ovnk_dpu | ovnk.dpu.taint_nodes).taint }}"
"""

RETURN = r"""
_value:
  description: C(taint), C(skip) and C(watchdog), each a list of C(cluster), C(name), C(taints).
  type: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.taints.nodes import nodes_of_topology


class FilterModule:
    def filters(self) -> dict:
        return {"taint_nodes": nodes_of_topology}
