#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dpu_pairing
short_description: Pair each DPU with its host on the tenant and infra clusters
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Takes an explicit map host → DPU node and/or discovery facts (board serial, PF MACs, PCI address
    per node) from which it proposes a map. The explicit map wins; a proposal that disagrees with it is
    reported (RV(disagreements) and a warning) and never applied.
  - Validates the whole pairing before changing anything, and reports every problem at once - one DPU
    per host and one host per DPU, hosts are nodes of the tenant cluster and DPUs of the infra cluster,
    no node in both roles, legal node names, an OVSDB remote for every DPU.
  - Applies it through kubernetes.core with JSON merge patches - label C(k8s.ovn.org/dpu-host) on hosts
    and C(k8s.ovn.org/dpu) on DPU nodes (plus C(network.operator.openshift.io/dpu-host) and
    C(network.operator.openshift.io/dpu) on OpenShift), and annotation C(ovnk.dpu/peer) naming the peer
    on both - and sets in each DPU's Open vSwitch what OVN-Kubernetes in dpu mode reads there -
    C(external_ids:host-k8s-nodename=<host>), and from O(ovs_settings) the tunnel address
    (C(ovn-encap-ip), with C(ovn-encap-type=geneve)) and the gateway (C(ovn-gw-interface), C(ovn-gw-nexthop)).
  - Un-pairs with O(state=absent), and with O(prune=true) un-pairs nodes it paired earlier that the map
    no longer lists.
extends_documentation_fragment:
  - ovnk.dpu.clusters
  - ovnk.dpu.discovery
requirements:
  - kubernetes >= 24.2.0
  - netaddr
  - ovs-vsctl (package openvswitch-switch) when O(manage_ovs=true)
attributes:
  check_mode:
    support: full
    description: Node patches go to the API server as a server-side dry run; OVS is only read.
  diff_mode:
    support: full
    description: Before and after of the labels and annotation per node, and of the OVS external_id per DPU.
  idempotent:
    support: full
    description: A second run with the same input changes nothing and writes nothing.
options:
  platform:
    description: Where the clusters run; C(openshift) adds the network operator's labels.
    type: str
    choices: [lab, kind, openshift]
    default: lab
  pairs:
    description: The explicit map, host node name → DPU node name.
    type: dict
    default: {}
  state:
    description: C(present) pairs the listed nodes; C(absent) un-pairs them.
    type: str
    choices: [present, absent]
    default: present
  prune:
    description: Un-pair nodes that carry the C(ovnk.dpu/peer) annotation but are no longer listed.
    type: bool
    default: false
  manage_ovs:
    description:
      - Set each paired DPU's Open vSwitch external_ids (C(host-k8s-nodename) and O(ovs_settings)); un-pairing
        removes C(host-k8s-nodename) only (the tunnel and gateway describe the DPU, not the pairing).
    type: bool
    default: true
  ovs_remotes:
    description:
      - OVSDB remote of each DPU's Open vSwitch, DPU node name → remote (C(unix:/path/db.sock),
        C(tcp:10.0.0.5:6640), C(ssl:...)). Required for every paired DPU when O(manage_ovs=true).
    type: dict
    default: {}
  ovs_settings:
    description:
      - Per DPU node, its C(encap_ip) (tunnel address, IPv4; ovnkube.sh in dpu mode exits without one),
        C(gateway_interface) (the DPU's uplink) and C(gateway_nexthop) (IPv4), written to C(ovn-encap-ip),
        C(ovn-gw-interface) and C(ovn-gw-nexthop). Checked first - valid addresses and names, no two DPUs
        with one tunnel address.
    type: dict
    default: {}
notes:
  - Nodes are changed with merge patches that touch only the labels and annotation above, so the
    kubelet's own updates are never overwritten.
seealso:
  - module: ovnk.dpu.dpu_representors
"""

EXAMPLES = r"""
- name: Pair the inventory's hosts and DPUs
  ovnk.dpu.dpu_pairing:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    pairs:
      host-0: dpu-0
      host-1: dpu-1
    ovs_remotes:
      dpu-0: tcp:192.0.2.10:6640
      dpu-1: tcp:192.0.2.11:6640
    ovs_settings:
      dpu-0: {encap_ip: 198.51.100.10, gateway_interface: brp0, gateway_nexthop: 198.51.100.1}
      dpu-1: {encap_ip: 198.51.100.11, gateway_interface: brp0, gateway_nexthop: 198.51.100.1}
    prune: true

- name: Let discovery propose the map, and check it against the explicit one
  ovnk.dpu.dpu_pairing:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    pairs: {host-0: dpu-0}
    discovery:
      - {node: host-0, role: dpu-host, serial: MT2334X01234, pci_address: "0000:3b:00.0"}
      - {node: dpu-0, role: dpu, serial: MT2334X01234}
    manage_ovs: false
  check_mode: true
  register: proposed

- name: Un-pair one host
  ovnk.dpu.dpu_pairing:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    pairs: {host-1: dpu-1}
    ovs_remotes: {dpu-1: tcp:192.0.2.11:6640}
    state: absent
"""

RETURN = r"""
pairing:
  description: The applied pairing, one row a pair, sorted by host (empty with O(state=absent)).
  returned: always
  type: list
  elements: dict
  sample:
    - {host: host-0, dpu: dpu-0, source: explicit, serial: MT2334X01234, pci_address: "0000:3b:00.0"}
unpaired:
  description: Nodes whose pairing labels and annotation were (or in check mode would be) removed.
  returned: always
  type: list
  elements: str
  sample: [host-2, dpu-2]
proposal:
  description: What discovery proposed (C(pairs), host → DPU), what it could not decide (C(ambiguous)) and
    the DPUs that matched no host (C(unmatched)).
  returned: always
  type: dict
  sample: {pairs: {host-0: dpu-0}, ambiguous: [], unmatched: []}
disagreements:
  description: Proposed pairs that contradict the explicit map; the explicit map was applied.
  returned: always
  type: list
  elements: dict
  sample:
    - {host: host-0, proposed_dpu: dpu-1, explicit_dpu: dpu-0, explicit_host_of_dpu: host-1}
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import dpu_pairing


def main() -> None:
    run_entry(dpu_pairing)


if __name__ == "__main__":
    main()
