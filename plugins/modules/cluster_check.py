#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cluster_check
short_description: Verify a tenant or infra cluster before the install touches it
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Checks that the cluster answers with the given credentials, runs Kubernetes O(min_version) or newer,
    and that every node in O(nodes) exists and is Ready, waiting up to O(ready_timeout) seconds with one
    Node list per poll.
  - Fails with one message that names the cluster and every node that is not Ready, with its Ready
    condition's reason. Nodes the cluster has but O(nodes) does not list are returned and warned about,
    never changed.
  - Checks that the cluster serves every API of O(required_apis), and with O(openshift_min_version) that it is an
    OpenShift cluster of that release or newer.
  - The tenant_cluster and infra_cluster roles both call it.
extends_documentation_fragment:
  - kubernetes.core.k8s_auth_options
  - ovnk.dpu.read_only
options:
  cluster:
    description: Which cluster this is, for messages (C(tenant) or C(infra)).
    type: str
    required: true
    choices: [tenant, infra]
  min_version:
    description: Oldest Kubernetes version accepted (OVN-K v1.3's CRDs need 1.31).
    type: str
    default: 1.31.0
  nodes:
    description: Nodes that must be Ready.
    type: list
    elements: str
    default: []
  ready_timeout:
    description: Seconds to wait for every node in O(nodes) to be Ready.
    type: int
    default: 180
  wait_sleep:
    description: Seconds between two Node lists while waiting.
    type: int
    default: 1
  required_apis:
    description:
      - APIs the cluster must serve for the later stages (the MachineConfigPool, SR-IOV and, on OpenShift, the network
        operator's), each C({kind, api_version, purpose}). Every missing one is named in one message, before anything
        is written.
    type: list
    elements: dict
    default: []
    suboptions:
      kind:
        description: The API's kind.
        type: str
        required: true
      api_version:
        description: Its group and version.
        type: str
        required: true
      purpose:
        description: What needs it, for the message.
        type: str
        default: ""
  other_cluster_nodes:
    description:
      - The other cluster's inventory nodes. If the cluster has any of them, its kubeconfig reaches the other cluster
        (the two kubeconfigs swapped, or both the same cluster) and the check fails at once, naming them.
    type: list
    elements: str
    default: []
  other_cluster_uid:
    description:
      - The other cluster's RV(uid). The same UID means both kubeconfigs reach one cluster; the check fails.
    type: str
  openshift_min_version:
    description:
      - When set, the cluster must be OpenShift (a ClusterVersion C(version)) at this release or newer (its last
        completed update).
    type: str
requirements:
  - kubernetes >= 24.2.0
"""

EXAMPLES = r"""
- name: Verify the tenant cluster
  ovnk.dpu.cluster_check:
    cluster: tenant
    kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    nodes: [host-0, host-1, worker-0]
"""

RETURN = r"""
cluster:
  description: The cluster checked.
  returned: always
  type: str
  sample: tenant
version:
  description: The API server's gitVersion.
  returned: always
  type: str
  sample: v1.35.8
nodes:
  description: The nodes found Ready.
  returned: always
  type: list
  elements: str
openshift_version:
  description: The OpenShift release the cluster runs (with O(openshift_min_version)), else empty.
  returned: always
  type: str
  sample: "4.20.8"
uid:
  description: The cluster's identity - the UID of its C(kube-system) namespace (what O(other_cluster_uid) compares).
  returned: always
  type: str
extra_nodes:
  description: Nodes of the cluster that O(nodes) does not list (left alone).
  returned: always
  type: list
  elements: str
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.clusters import cluster_check


def main() -> None:
    run_entry(cluster_check)


if __name__ == "__main__":
    main()
