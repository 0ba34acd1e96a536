#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: preflight
short_description: Check a whole two-cluster DPU inventory, every setting that needs no cluster, in one call
version_added: 0.3.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Runs every check that needs no cluster and fails once, listing every problem, each naming the variable
    and the fix. site.yml runs it first, so a bad inventory stops the run before the lab or any cluster
    is touched.
  - The inventory - the platform, the node groups and roles, legal node names, the kubeconfigs of both
    clusters (which must exist off the lab) and their permissions.
  - The pairing map - each C(dpu_hosts) member names a DPU (C(ovnk_dpu_peer)) that is in C(dpu_nodes), no
    DPU serves two hosts, each DPU serves a host, no node in both roles; discovery facts are parsed and a
    proposal that disagrees with the map is reported by M(ovnk.dpu.dpu_pairing).
  - Each paired DPU's OVS settings - a tunnel address (off the lab), valid addresses and names, one tunnel
    address per DPU.
  - The invariants across settings and layers, once each side is valid - the DPUs' tunnel addresses outside
    OVN-K's ranges and inside the node networks; the representor MTU at least the pod MTU; with a simulated DPU,
    the management port and gateway interface among the host's representor links, apart, and the DPU-side
    gateway representor the gateway's peer (docs/inventory.md lists them).
  - The representor links of every pair - C(representors.count), C(representors.mtu), every interface
    name they give (15 bytes at most), one index per pair.
  - The OVN-K settings (as M(ovnk.dpu.ovnk_config) checks them) and every ovnkube-node mode (as
    M(ovnk.dpu.ovnk_node) with O(ovnk.dpu.ovnk_node#module:validate_only=true) checks them), each section
    against the argument spec of the module that later uses it.
  - Runs on the controller as an action plugin; it reads only its arguments and the kubeconfig files.
extends_documentation_fragment:
  - ovnk.dpu.read_only
options:
  discovery:
    description:
      - Discovery facts per node (C(node), C(role), C(serial), C(pf_macs), C(pci_address)), as M(ovnk.dpu.dpu_pairing)
        takes them; checked against that module's spec here, so a value of the wrong type is named with the fix
        instead of failing this module's own argument check.
    type: raw
    default: []
  accept_proposal:
    description: Also apply proposed pairs for hosts and DPUs the explicit map does not mention.
    type: bool
    default: false
  variables:
    description:
      - The inventory's C(ovnk_dpu_*) variables as written (inventory-wide and C(-e)). Checked first - a name no role
        reads (with the closest known name suggested), a value of the wrong type, out of range or malformed - and
        between them; any problem stops the check there, since every later check reads these values.
    type: dict
    default: {}
  host_variables:
    description: Each node's own C(ovnk_dpu_*) variables (where they differ from O(variables)), checked the same way.
    type: dict
    default: {}
  groups:
    description:
      - The inventory's groups C(tenant_cluster), C(infra_cluster), C(dpu_hosts), C(full_nodes) and C(dpu_nodes) with
        their members. A node in both clusters, or in a group without its C(ovnk_dpu_node_role), is named.
    type: dict
    default: {}
  topology:
    description:
      - The resolved inventory, as the C(ovnk.dpu.topology) lookup returns it (the C(ovnk_dpu) fact). When given, the
        platform, kubeconfigs, nodes, groups, pairs, pair indexes, discovery, OVS settings, representors and the
        variables as written are read from it, and the options of those names are ignored.
    type: dict
  platform:
    description: Where the clusters run - C(lab), C(kind) or C(openshift). Required unless O(topology) is given.
    type: str
  tenant_kubeconfig:
    description: Admin kubeconfig of the tenant cluster. Must exist unless O(platform=lab) (the lab writes it).
    type: path
  infra_kubeconfig:
    description: Admin kubeconfig of the infra (DPU) cluster. Must exist unless O(platform=lab).
    type: path
  nodes:
    description: Inventory nodes mapped to their C(ovnk_dpu_node_role) (C(dpu-host), C(dpu) or C(full)).
    type: dict
    default: {}
  pairs:
    description: The pairing map, host → DPU (each C(dpu_hosts) member's C(ovnk_dpu_peer); null when unset).
    type: dict
    default: {}
  pair_indexes:
    description: Pair numbers given in the inventory (C(ovnk_dpu_pair_index)), host → index; the others take their position among the hosts, sorted.
    type: dict
    default: {}
  ovs_settings:
    description:
      - Each DPU's C(encap_ip), C(gateway_interface) and C(gateway_nexthop) (see M(ovnk.dpu.dpu_pairing)). Off the lab
        every paired DPU needs its tunnel address; on the lab the lab's uplinks give them.
    type: dict
    default: {}
  representors:
    description: The representor links' O(ovnk.dpu.dpu_representors#module:count), C(mtu), C(host_ifname_format) and C(dpu_ifname_format).
    type: dict
    default: {}
  ovnk_config:
    description: The options M(ovnk.dpu.ovnk_config) will be given (the ovnk_base role's settings).
    type: dict
    default: {}
  ovnk_node:
    description: The options M(ovnk.dpu.ovnk_node) will be given (the ovnk_node role's settings).
    type: dict
    default: {}
  machine_config_pools:
    description: The C(pools) M(ovnk.dpu.machine_config_pools) will be given; empty when the stage is off.
    type: dict
    default: {}
  sriov:
    description: The options M(ovnk.dpu.sriov_config) will be given (but the kubeconfig); empty when SR-IOV is off.
    type: dict
    default: {}
  node_taints:
    description: The C(nodes) and C(allow_eviction) M(ovnk.dpu.node_taints) will be given; empty when taints are off.
    type: dict
    default: {}
seealso:
  - module: ovnk.dpu.dpu_pairing
  - module: ovnk.dpu.ovnk_config
  - module: ovnk.dpu.ovnk_node
"""

EXAMPLES = r"""
- name: Check the whole inventory before any change
  ovnk.dpu.preflight:
    platform: openshift
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    nodes: {host-0: dpu-host, dpu-0: dpu, worker-0: full}
    pairs: {host-0: dpu-0}
    ovs_settings: {dpu-0: {encap_ip: 192.168.10.20, gateway_interface: brp0, gateway_nexthop: 192.168.10.1}}
    representors: {count: 8}
    ovnk_config: {cluster_cidr: 10.244.0.0/16, node_networks: [192.168.10.0/24]}
    ovnk_node: {image: "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0", mgmt_port_resource_name: nvidia.com/bf3_mgmt_vf}

- name: The same, the inventory part read from the resolved inventory (roles/topology)
  ovnk.dpu.preflight:
    topology: "{{ ovnk_dpu }}"
    ovnk_config: {cluster_cidr: 10.244.0.0/16, node_networks: [192.168.10.0/24]}
"""

RETURN = r"""
problems:
  description: Every problem found (empty when the inventory is valid; on failure also in the message).
  returned: always
  type: list
  elements: str
  sample: ["host-1: ovnk_dpu_peer is not set; set it to the inventory name of the host's DPU"]
pairs:
  description: The pairing map checked, host → DPU.
  returned: success
  type: dict
  sample: {host-0: dpu-0}
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import preflight


def main() -> None:
    run_entry(preflight)


if __name__ == "__main__":
    main()
