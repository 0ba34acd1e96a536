#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: install_info
short_description: What the two-cluster DPU install looks like now, as data, a table and a Graphviz picture
version_added: 0.5.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Reads both clusters and returns, per cluster, its API URL, Kubernetes version, Ready nodes and the state of its
    MachineConfigPools; per host/DPU pair, the DPU side's representor links up out of those expected, each side's
    ovnkube-node (mode and readiness), and the host's DPU health Lease C(ovn-dpu-<host>) (state and age, judged as
    the lease watchdog does); the tenant nodes without a DPU and their ovnkube-node.
  - The pairs are what the hosts' C(ovnk.dpu/peer) annotations say (set by M(ovnk.dpu.dpu_pairing)), else O(pairs).
  - Representors are counted in the DPU's network namespace where O(netns) names it (lab, kind); on OpenShift they
    live on the DPU and M(ovnk.dpu.dpu_representors) verifies them there during the pairing stage.
  - Returns the report as C(lines) for a terminal and as C(dot) for Graphviz (the install_report role renders it
    to SVG and PNG). Changes nothing.
extends_documentation_fragment:
  - ovnk.dpu.clusters
  - ovnk.dpu.read_only
options:
  pairs:
    description: Host -> DPU from the inventory, for hosts not paired yet (null while discovery decides).
    type: dict
    default: {}
  pair_indexes:
    description: Host -> the pair index its representor names carry; a host not listed takes its position among the hosts.
    type: dict
    default: {}
  netns:
    description: Node -> its network namespace on this machine (the lab's and kind's nodes).
    type: dict
    default: {}
  representor_count:
    description: Representor links expected per pair.
    type: int
    default: 16
  dpu_ifname_format:
    description: The DPU side's link names, with C({index}) and optionally C({pair}).
    type: str
    default: "rep0-{index}"
  pools:
    description: Cluster (C(tenant), C(infra)) -> the MachineConfigPool names to report.
    type: dict
    default: {}
  namespace:
    description: OVN-K's namespace (its ovnkube-node pods and the DPU health Leases).
    type: str
    default: ovn-kubernetes
  skew_tolerance:
    description: Seconds a Lease's renewTime may lie ahead of this machine's clock before it counts as C(skewed).
    type: float
    default: 10
"""

EXAMPLES = r"""
- name: Read the install
  ovnk.dpu.install_info:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    pairs: {host-0: dpu-0, host-1: dpu-1}
    pools: {tenant: [dpu-host], infra: [dpu]}
  register: install

- name: Show it
  ansible.builtin.debug:
    var: install.lines

- name: Draw it
  ansible.builtin.copy:
    content: "{{ install.dot }}"
    dest: /tmp/ovnk-dpu.dot
    mode: "0644"
"""

RETURN = r"""
clusters:
  description: Per cluster, its API and state.
  returned: always
  type: list
  elements: dict
  sample:
    - {cluster: tenant, api_url: "https://127.0.0.1:16401", version: v1.35.0, nodes: 3, nodes_ready: 3,
       pools: [{name: dpu-host, state: Updated, machines: 2, updated: 2}]}
pairs:
  description: Per pair, its links, each side's ovnkube-node and the host's Lease.
  returned: always
  type: list
  elements: dict
  sample:
    - host: host-0
      dpu: dpu-0
      index: 0
      representors: {up: 16, expected: 16}
      host_node: {node: host-0, node_ready: true, mode: dpu-host, pod: ovnkube-node-dpu-host-x7k2p, state: ready}
      dpu_node: {node: dpu-0, node_ready: true, mode: dpu, pod: ovnkube-node-dpu-4kd9s, state: ready}
      lease: {name: ovn-dpu-host-0, state: healthy, age: 1.2, reason: renewed 1.2s ago}
others:
  description: The tenant nodes without a DPU (control-plane nodes aside), in the form of a pair's C(host_node).
  returned: always
  type: list
  elements: dict
problems:
  description: What to look at, one line each (a pool not Updated, representors down, a pod not ready, a Lease not healthy).
  returned: always
  type: list
  elements: str
healthy:
  description: Whether C(problems) is empty.
  returned: always
  type: bool
lines:
  description: The report as a table for a terminal.
  returned: always
  type: list
  elements: str
dot:
  description: The report as a Graphviz DOT digraph.
  returned: always
  type: str
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.report import install_info


def main() -> None:
    run_entry(install_info)


if __name__ == "__main__":
    main()
