#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ovnk_node
short_description: Render and apply the ovnkube-node DaemonSets of the OVN-Kubernetes node modes
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Renders the ovnkube-node DaemonSet of each mode in O(modes) and applies it, on its cluster - C(full) and
    C(dpu-host) on the tenant cluster, C(dpu) on the infra cluster - with server-side apply through
    kubernetes.core (field manager O(field_manager)), all in one module run. Check mode is a server dry run;
    C(--diff) shows what the API server would change. Re-applying the same DaemonSets changes nothing.
  - C(full) (tenant nodes without a DPU) and C(dpu) (infra DPU nodes) run local-nb-ovsdb, local-sb-ovsdb,
    run-ovn-northd, ovnkube-controller-with-node, ovn-controller and ovs-metrics; C(dpu-host) (tenant hosts
    with a DPU) runs ovn-node only, with the management port and a gateway interface, no OVS and no OVN
    databases.
  - C(dpu) pods reach the B(tenant) API with the credentials in Secret O(credentials_secret) (keys
    C(apiserver), C(token), C(ca.crt); see M(ovnk.dpu.dpu_credentials)), mounted as files so a rotation
    reaches running pods, and serve the host named by OVS C(external_ids:host-k8s-nodename) (see
    M(ovnk.dpu.dpu_pairing)).
  - Placement follows the pairing labels - C(dpu-host) on nodes labelled O(host_label), C(dpu) on nodes
    labelled O(dpu_label), C(full) on nodes carrying neither.
  - Validates every mode first (mode-specific settings, interface names, O(extra_env), the skew between
    O(image) and O(dpu_image)) and fails with every problem, each prefixed with its mode, before anything
    is written. With O(wait=true) it waits for the rollouts once every mode is applied.
options:
  modes:
    description: The ovnkube-node modes whose DaemonSets to manage.
    type: list
    elements: str
    choices: [full, dpu-host, dpu]
    default: [full, dpu-host, dpu]
  tenant_kubeconfig:
    description: Admin kubeconfig of the tenant cluster (C(full) and C(dpu-host) modes).
    type: path
  infra_kubeconfig:
    description: Admin kubeconfig of the infra cluster (C(dpu) mode).
    type: path
  state:
    description: Whether the DaemonSets should exist.
    type: str
    choices: [present, absent]
    default: present
  namespace:
    description: Namespace of the DaemonSet (created by the ovnk_base role).
    type: str
    default: ovn-kubernetes
  image:
    description: OVN-Kubernetes image of the tenant side (C(full), C(dpu-host)).
    type: str
    required: true
  dpu_image:
    description:
      - OVN-Kubernetes image of the DPU side (C(dpu)), built for the DPU's CPU (usually arm64). Defaults to
        O(image). The module refuses a version that differs from O(image)'s by more than O(allowed_skew).
    type: str
  image_pull_policy:
    description: Image pull policy of every container.
    type: str
    choices: [Always, IfNotPresent, Never]
    default: IfNotPresent
  log_level:
    description: ovnkube log level (C(OVNKUBE_LOGLEVEL)), 0 to 10.
    type: int
    default: 4
  service_account:
    description: ServiceAccount the pods run as.
    type: str
    default: ovnkube-node
  host_label:
    description: Label of tenant hosts with a DPU (set by M(ovnk.dpu.dpu_pairing)).
    type: str
    default: k8s.ovn.org/dpu-host
  dpu_label:
    description: Label of DPU nodes (set by M(ovnk.dpu.dpu_pairing)).
    type: str
    default: k8s.ovn.org/dpu
  tolerations:
    description:
      - Pod tolerations. The default, upstream's, tolerates every taint. Whatever is given must tolerate
        the collection's own taints (C(k8s.ovn.org/dpu-not-ready), C(ovnk.dpu/dpu-host), C(ovnk.dpu/dpu)).
    type: list
    elements: dict
    default: [{operator: Exists}]
  gateway_mode:
    description: OVN gateway mode (C(OVN_GATEWAY_MODE)).
    type: str
    choices: [shared, local]
    default: shared
  gateway_interface:
    description:
      - C(dpu-host) only. The host's gateway netdev, or C(derive-from-mgmt-port) (SR-IOV hardware only) to
        take the first netdev of the management VF's PF.
      - Defaults to C(derive-from-mgmt-port).
    type: str
  gateway_opts:
    description:
      - C(full) and C(dpu-host). Extra ovnkube gateway flags (C(OVN_GATEWAY_OPTS)), e.g.
        C(--gateway-nexthop=192.168.1.1).
    type: str
    default: ""
  dpu_gateway_opts:
    description: C(dpu) only. Extra ovnkube gateway flags of the DPU side.
    type: str
    default: ""
  mgmt_port_netdev:
    description: C(dpu-host) only. The management-port VF netdev (renamed C(ovn-k8s-mp0) by ovnkube).
    type: str
  mgmt_port_resource_name:
    description:
      - C(dpu-host) only. Device-plugin resource of the management-port VF; wins over O(mgmt_port_netdev)
        and is requested by the pod (O(mgmt_port_vfs_count) of it).
    type: str
  mgmt_port_vfs_count:
    description: How many management-port VFs the pod requests from O(mgmt_port_resource_name).
    type: int
    default: 1
  simulate_dpu:
    description:
      - C(dpu) and C(dpu-host) only. Veth representors instead of SR-IOV (C(OVN_SIMULATE_DPU)); needs an
        OVN-K image newer than v1.3 (master).
    type: bool
    default: false
  dpu_host_gateway_representor_interface:
    description: C(dpu) only. The DPU-side representor of the host's gateway interface (C(rep0-0) when simulated).
    type: str
  credentials_secret:
    description: C(dpu) only. Secret (same namespace) with the tenant cluster's C(apiserver), C(token) and C(ca.crt).
    type: str
    default: ovnkube-node-sa-for-dpu
  identity:
    description:
      - C(full) only. Whether ovnkube-identity (per-node certificates) is enabled. Upstream supports it on
        neither side of a DPU pair, so it is always off for C(dpu-host) and C(dpu).
    type: bool
    default: false
  extra_env:
    description: More environment for the ovnkube container (feature switches such as C(OVN_EGRESSIP_ENABLE)).
    type: dict
    default: {}
  resources:
    description: Resource requests of each container.
    type: dict
    default: {cpu: 100m, memory: 300Mi}
  max_unavailable:
    description: Rolling update C(maxUnavailable) (a number or a percentage).
    type: raw
    default: 1
  allowed_skew:
    description:
      - How far O(image) and O(dpu_image) may differ - C(none) (identical versions), C(patch), C(minor), C(any).
      - Images whose tags are not versions (C(master), digests) must be identical unless C(any).
    type: str
    choices: [none, patch, minor, any]
    default: patch
  metrics_port:
    description: C(dpu) only. Port of ovnkube's metrics endpoint, which the pod's readiness probe reads.
    type: int
    default: 9476
  validate_only:
    description:
      - Validate and render only; contact no cluster. Lets a play check every mode before it writes any.
    type: bool
    default: false
  field_manager:
    description: Server-side apply field manager.
    type: str
    default: ovnk.dpu
  force_conflicts:
    description: Take over fields another field manager owns.
    type: bool
    default: false
  wait:
    description: Wait until every DaemonSet's pods are updated and ready (or, with O(state=absent), gone).
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true).
    type: int
    default: 300
  wait_sleep:
    description: Seconds between checks with O(wait=true).
    type: int
    default: 5
attributes:
  check_mode:
    support: full
    description: A server-side dry run - the API server validates and defaults the object but stores nothing.
  diff_mode:
    support: full
    description: Shows what the API server would change in the DaemonSet.
requirements:
  - kubernetes >= 24.2.0
"""

EXAMPLES = r"""
- name: Every mode, each on its cluster
  ovnk.dpu.ovnk_node:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    image: ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0
    dpu_image: registry.example.com/ovn-kube-ubuntu-arm64:v1.3.0
    mgmt_port_resource_name: nvidia.com/bf3_mgmt_vf
    wait: true

- name: Only the DPU side, refusing a tenant image of another minor version
  ovnk.dpu.ovnk_node:
    modes: [dpu]
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    image: ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0
    dpu_image: ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.1
    allowed_skew: patch

- name: Validate every mode without touching a cluster (preflight)
  ovnk.dpu.ovnk_node:
    image: ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:master
    simulate_dpu: true
    gateway_interface: eth0-0
    mgmt_port_netdev: eth0-1
    validate_only: true
"""

RETURN = r"""
daemonsets:
  description:
    - Per mode, what was applied - C(name), C(namespace), C(mode), C(cluster), container names, nodeSelector,
      C(changed) and (unless O(validate_only)) C(rollout) - C(desiredNumberScheduled), C(updatedNumberScheduled)
      and C(numberReady) after the apply (and wait).
  returned: always
  type: list
  elements: dict
  sample:
    - name: ovnkube-node-dpu-host
      namespace: ovn-kubernetes
      mode: dpu-host
      cluster: tenant
      containers: [ovnkube-node]
      node_selector: {kubernetes.io/os: linux, k8s.ovn.org/dpu-host: ""}
      changed: false
      rollout: {desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberReady: 2}
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import ovnk_node


def main() -> None:
    run_entry(ovnk_node)


if __name__ == "__main__":
    main()
