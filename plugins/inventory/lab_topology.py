# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: lab_topology
short_description: The built-in lab's nodes, generated from a pair count
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Generates the lab inventory of a two-cluster DPU install like seed 004's kind topology, at any size
    C(pairs) host/DPU pairs (C(host-<i>) paired with C(dpu-<i>)) plus C(full_workers) tenant nodes without
    a DPU (C(worker-<i>)).
  - Groups C(ovnk_nodes) > C(tenant_cluster) (> C(dpu_hosts), C(full_nodes)) and C(infra_cluster) (> C(dpu_nodes)),
    the same groups a static inventory of real machines defines.
  - Host variables C(ovnk_dpu_node_role) (C(dpu-host), C(dpu) or C(full)), C(ovnk_dpu_pair_index) and
    C(ovnk_dpu_peer) (the node's partner in the other cluster), on DPUs C(ovnk_dpu_encap_ip),
    C(ovnk_dpu_gateway_interface) and C(ovnk_dpu_gateway_nexthop) (their uplink on the lab's fabric), and
    C(ansible_connection=local);
    every lab node lives on the machine that runs the playbook.
  - The config file must end in C(lab_topology.yml) or C(lab_topology.yaml).
options:
  plugin:
    description: Token that marks the file as this plugin's.
    required: true
    choices: [ovnk.dpu.lab_topology]
  pairs:
    description: Number of host/DPU pairs, 1 to 200.
    type: str
    default: "2"
    env:
      - name: OVNK_DPU_LAB_PAIRS
  full_workers:
    description: Number of tenant nodes without a DPU (they run OVN-K in C(full) mode), 0 or more.
    type: str
    default: "1"
    env:
      - name: OVNK_DPU_LAB_FULL_WORKERS
"""

EXAMPLES = r"""
# inventories/lab/lab_topology.yml: the default lab, 2 pairs and 1 plain worker.
plugin: ovnk.dpu.lab_topology

# The same inventory at 64 pairs, without editing a file:
#   OVNK_DPU_LAB_PAIRS=64 ansible-playbook site.yml
"""

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import FABRIC_CIDR, FABRIC_GATEWAY, FABRIC_UPLINK

MAX_PAIRS = 200

GROUPS = {
    "ovnk_nodes": ["tenant_cluster", "infra_cluster"],
    "tenant_cluster": ["dpu_hosts", "full_nodes"],
    "infra_cluster": ["dpu_nodes"],
}


def lab_nodes(pairs: int, full_workers: int) -> list[dict]:
    """The lab's nodes in a stable order: pairs first, then plain workers."""
    nodes = []
    for i in range(pairs):
        nodes.append({"name": f"host-{i}", "group": "dpu_hosts", "role": "dpu-host", "pair": i, "peer": f"dpu-{i}"})
        nodes.append({"name": f"dpu-{i}", "group": "dpu_nodes", "role": "dpu", "pair": i, "peer": f"host-{i}"})
    for i in range(full_workers):
        nodes.append({"name": f"worker-{i}", "group": "full_nodes", "role": "full", "pair": None, "peer": None})
    return nodes


def dpu_settings(node: dict) -> dict[str, str]:
    """A DPU's tunnel address and gateway on the lab's fabric, as a real inventory gives its DPUs."""
    if node["role"] != "dpu":
        return {}
    return {"ovnk_dpu_encap_ip": str(FABRIC_CIDR[10 + node["pair"]]), "ovnk_dpu_gateway_interface": FABRIC_UPLINK,
            "ovnk_dpu_gateway_nexthop": FABRIC_GATEWAY}


def count(path: str, option: str, env: str, value: object, low: int, high: int) -> int:
    """A whole number of nodes from the file or the environment, or an error naming both and the range."""
    text = str(value).strip()
    if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
        raise AnsibleParserError(f"{path}: {option} (or {env}) is {text!r}; set it to a whole number from {low} to "
                                 f"{high}, e.g. {env}={max(low, 2)}")
    return int(text)


class InventoryModule(BaseInventoryPlugin):
    NAME = "ovnk.dpu.lab_topology"

    def verify_file(self, path: str) -> bool:
        return super().verify_file(path) and path.endswith(("lab_topology.yml", "lab_topology.yaml"))

    def parse(self, inventory, loader, path, cache=True) -> None:
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        pairs = count(path, "pairs", "OVNK_DPU_LAB_PAIRS", self.get_option("pairs"), 1, MAX_PAIRS)
        workers = count(path, "full_workers", "OVNK_DPU_LAB_FULL_WORKERS", self.get_option("full_workers"), 0, 10_000)
        for parent, children in GROUPS.items():
            self.inventory.add_group(parent)
            for child in children:
                self.inventory.add_group(child)
                self.inventory.add_child(parent, child)
        for node in lab_nodes(pairs, workers):
            self.inventory.add_host(node["name"], group=node["group"])
            self.inventory.set_variable(node["name"], "ovnk_dpu_node_role", node["role"])
            self.inventory.set_variable(node["name"], "ansible_connection", "local")
            if node["pair"] is not None:
                self.inventory.set_variable(node["name"], "ovnk_dpu_pair_index", node["pair"])
                self.inventory.set_variable(node["name"], "ovnk_dpu_peer", node["peer"])
            for variable, value in dpu_settings(node).items():
                self.inventory.set_variable(node["name"], variable, value)
