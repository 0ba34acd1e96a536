#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ovnk_config
short_description: Validate an OVN-Kubernetes network configuration and render its ConfigMaps
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Validates the cluster-wide OVN-Kubernetes settings with netaddr and reports every problem at once,
    each naming the inventory variable (O(variable_prefix) + option name) and the fix - every range a
    network address in CIDR form, no two of the cluster, service, join, masquerade and transit ranges
    and the node networks overlapping, a host subnet inside the cluster CIDR, an MTU, a DPU lease
    duration longer than its renew interval.
  - Optionally checks the version skew between the tenant's O(image) and the infra cluster's O(dpu_image).
  - Returns ConfigMaps C(ovn-config) (ovnkube.sh's environment) and C(ovnkube-config) (C(ovnkube.conf),
    which carries the DPU lease settings) ready for M(kubernetes.core.k8s). Talks to no cluster.
extends_documentation_fragment:
  - ovnk.dpu.read_only
options:
  cluster_cidr:
    description: Pod network of the tenant cluster.
    type: str
    default: 10.244.0.0/16
  host_subnet_length:
    description: Prefix length of each node's slice of O(cluster_cidr).
    type: int
    default: 24
  service_cidr:
    description: Service network of the tenant cluster.
    type: str
    default: 10.96.0.0/16
  join_subnet:
    description: OVN join switch subnet (C(v4-join-subnet)).
    type: str
    default: 100.64.0.0/16
  masquerade_subnet:
    description: Masquerade subnet (C(v4-masquerade-subnet)).
    type: str
    default: 169.254.0.0/17
  transit_subnet:
    description: Interconnect transit switch subnet (C(v4-transit-subnet)).
    type: str
    default: 100.88.0.0/16
  node_networks:
    description: Networks the nodes' own addresses are in; none of the ranges above may overlap them.
    type: list
    elements: str
    default: []
  mtu:
    description: Pod network MTU.
    type: int
    default: 1400
  gateway_mode:
    description: OVN gateway mode.
    type: str
    default: shared
  lease_renew_interval:
    description: Seconds between DPU health Lease renewals (C(dpu-node-lease-renew-interval)); 0 disables the check.
    type: int
    default: 10
  lease_duration:
    description: DPU health Lease duration in seconds (C(dpu-node-lease-duration)); longer than the renew interval.
    type: int
    default: 40
  namespace:
    description: OVN-Kubernetes namespace (also where the DPU Leases live).
    type: str
    default: ovn-kubernetes
  host_network_namespace:
    description: Namespace classifying host-network traffic.
    type: str
    default: ovn-host-network
  api_url:
    description:
      - Tenant API URL written to C(ovn-config) (C(k8s_apiserver)). Defaults to the server of
        O(tenant_kubeconfig).
    type: str
    default: ""
  tenant_kubeconfig:
    description: Tenant kubeconfig, read (never printed) only for its server URL when O(api_url) is empty.
    type: path
  require_api_url:
    description:
      - Fail when no https API URL is known. Off in preflight, where the lab's kubeconfig may not exist yet.
    type: bool
    default: true
  image:
    description: Tenant (full and dpu-host) OVN-Kubernetes image, for the skew check.
    type: str
  dpu_image:
    description: Infra (dpu) OVN-Kubernetes image, for the skew check.
    type: str
  allowed_skew:
    description: How far O(image) and O(dpu_image) may differ (see M(ovnk.dpu.ovnk_node)).
    type: str
    choices: [none, patch, minor, any]
    default: patch
  variable_prefix:
    description: Prefix of the inventory variables named in error messages.
    type: str
    default: ovnk_dpu_ovnk_
requirements:
  - netaddr
"""

EXAMPLES = r"""
- name: Validate the OVN-K settings and render the ConfigMaps
  ovnk.dpu.ovnk_config:
    cluster_cidr: 10.244.0.0/16
    service_cidr: 10.96.0.0/16
    node_networks: [192.168.10.0/24]
    api_url: https://api.tenant.example.com:6443
  register: ovnk_config

- name: Apply them
  kubernetes.core.k8s:
    definition: "{{ ovnk_config.config_maps }}"
    apply: true
"""

RETURN = r"""
config:
  description: The validated settings, defaults filled in.
  returned: success
  type: dict
api_url:
  description: The tenant API URL written to C(ovn-config).
  returned: success
  type: str
net_cidr:
  description: The cluster CIDR in ovnkube's C(cluster-subnets) form.
  returned: success
  type: str
  sample: 10.244.0.0/16/24
config_maps:
  description: ConfigMaps C(ovn-config) and C(ovnkube-config).
  returned: success
  type: list
  elements: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import ovnk_config


def main() -> None:
    run_entry(ovnk_config)


if __name__ == "__main__":
    main()
