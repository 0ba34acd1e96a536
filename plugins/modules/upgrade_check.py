#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: upgrade_check
short_description: Refuse a coordinated DPU upgrade whose version skew the policy does not allow
version_added: 0.5.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - The first step of playbooks/upgrade.yml, before any host is drained. Reads the Kubernetes release of both clusters
    and the image of each ovnkube-node DaemonSet the collection runs (by its C(ovnk.dpu/mode) label).
  - Fails, naming every problem, when the two clusters' releases are more than O(allowed_kube_skew) minor versions
    apart; when the hosts' running OVN-K (C(dpu-host) mode) and the DPUs' target O(dpu_image) differ by more than
    O(allowed_skew) (the state while the pairs are upgraded one by one); when the target images differ by more than
    that (the state after); or when OVN-K is not installed yet.
  - Changes nothing.
extends_documentation_fragment:
  - ovnk.dpu.clusters
  - ovnk.dpu.read_only
options:
  namespace:
    description: OVN-K's namespace.
    type: str
    default: ovn-kubernetes
  image:
    description: The hosts' target OVN-K image (C(ovnk_dpu_ovnk_image)).
    type: str
    required: true
  dpu_image:
    description: The DPUs' target OVN-K image (C(ovnk_dpu_ovnk_dpu_image)).
    type: str
    required: true
  allowed_skew:
    description: How far the hosts' and the DPUs' OVN-K may drift apart (C(ovnk_dpu_ovnk_allowed_skew)).
    type: str
    default: patch
    choices: [none, patch, minor, any]
  allowed_kube_skew:
    description: How many minor releases the two clusters' Kubernetes may be apart.
    type: int
    default: 1
"""

EXAMPLES = r"""
- name: Check version skew before the upgrade
  ovnk.dpu.upgrade_check:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    image: ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0
    dpu_image: ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.1
    allowed_skew: patch
"""

RETURN = r"""
versions:
  description: Each cluster's Kubernetes gitVersion.
  returned: success
  type: dict
  sample: {tenant: v1.35.8, infra: v1.35.8}
images:
  description: Mode -> the image its ovnkube-node DaemonSet runs now.
  returned: success
  type: dict
  sample: {full: "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0", dpu-host: "...:v1.3.0", dpu: "...:v1.3.0"}
target:
  description: Mode -> the target image (C(dpu-host), C(dpu)).
  returned: success
  type: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.upgrade import upgrade_check


def main() -> None:
    run_entry(upgrade_check)


if __name__ == "__main__":
    main()
