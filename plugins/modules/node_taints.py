#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: node_taints
short_description: Taint DPU hosts and DPUs so ordinary pod-network pods stay off them, and report those already there
version_added: 0.4.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Sets (or with O(state=absent) takes off) the given taints on nodes of the tenant and infra clusters, keeping
    every other taint a node has. Each node is changed with one patch of its taint list guarded by the
    resourceVersion it was read at, so a concurrent change fails the run instead of being overwritten.
  - Reports the pods already running on those nodes that do not tolerate the taints (C(intolerant_pods), and a
    warning); a C(NoSchedule) taint leaves them running. A C(NoExecute) taint that would evict them is refused,
    before any node is changed, unless O(allow_eviction=true).
  - Every node name is checked against its cluster first.
  - The node_taints role calls it with the DPU hosts' and DPUs' taints.
extends_documentation_fragment:
  - ovnk.dpu.clusters
options:
  nodes:
    description: The nodes and their taints.
    type: list
    elements: dict
    required: true
    suboptions:
      cluster:
        description: The node's cluster.
        type: str
        required: true
        choices: [tenant, infra]
      name:
        description: The node's name.
        type: str
        required: true
      taints:
        description: The taints the node gets (or loses).
        type: list
        elements: dict
        default: []
        suboptions:
          key:
            description: The taint's key.
            type: str
            required: true
          value:
            description: The taint's value.
            type: str
            default: ""
          effect:
            description: The taint's effect.
            type: str
            required: true
            choices: [NoSchedule, PreferNoSchedule, NoExecute]
  state:
    description: Whether the taints should be on the nodes or not.
    type: str
    choices: [present, absent]
    default: present
  allow_eviction:
    description: Let a C(NoExecute) taint evict pods that do not tolerate it.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports which nodes would change, and the intolerant pods, without patching.
  diff_mode:
    support: full
    description: Each changed node's taints before and after.
  idempotent:
    support: full
    description: A second run changes nothing.
requirements:
  - kubernetes >= 24.2.0
"""

EXAMPLES = r"""
- name: Keep ordinary pods off a DPU host and its DPU
  ovnk.dpu.node_taints:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    nodes:
      - {cluster: tenant, name: host-0, taints: [{key: ovnk.dpu/dpu-host, effect: NoSchedule}]}
      - {cluster: infra, name: dpu-0, taints: [{key: ovnk.dpu/dpu, effect: NoSchedule}]}
"""

RETURN = r"""
intolerant_pods:
  description: Pods running on the nodes that do not tolerate every taint given them.
  returned: always
  type: list
  elements: dict
  sample: [{cluster: tenant, node: host-0, pod: default/web-0, taints: ["ovnk.dpu/dpu-host:NoSchedule"], evicted: false}]
applied:
  description: The nodes changed (names only).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.taints import node_taints


def main() -> None:
    run_entry(node_taints)


if __name__ == "__main__":
    main()
