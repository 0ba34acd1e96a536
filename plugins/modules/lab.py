#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab
short_description: Start, stop or destroy the built-in two-cluster lab
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Runs two real Kubernetes control planes on loopback, C(tenant) and C(infra) (etcd, kube-apiserver,
    kube-controller-manager, kube-scheduler, with TLS, RBAC and service-account tokens), and one kwok per
    cluster that plays the kubelet of every listed node (Node status and Lease, Pods Running and Ready).
  - Registers a Node object per listed node, deletes the Node objects of nodes no longer listed, and waits
    until every listed node is Ready.
  - Every node gets its own network namespace; every C(dpu) node also gets its own Open vSwitch
    (ovsdb-server and ovs-vswitchd on the userspace datapath) with an C(br-int) bridge.
  - Each cluster also runs a LAB STAND-IN for OpenShift's machine-config-operator's reporting, which moves the
    nodes of each MachineConfigPool to the pool's rendered configuration and reports the roll-out in the
    pool's status (see docs/lab.md); a Node annotated C(lab.ovnk.dpu/machine-config-fault=<reason>) reports
    Degraded.
  - Admin kubeconfigs are written mode 0600; the module returns their paths, never their content.
  - Everything is validated first (node names, roles, ports already taken by another process, missing
    binaries); on any problem nothing is started.
extends_documentation_fragment:
  - ovnk.dpu.lab
attributes:
  check_mode:
    support: full
    description: Reports what would be started, stopped or deleted.
  diff_mode:
    support: full
    description: Returns the lab state before and after.
  idempotent:
    support: full
    description: Starting a running lab or stopping a stopped one changes nothing.
options:
  state:
    description:
      - C(started) starts whatever is not running (and removes nodes no longer listed).
      - C(stopped) stops every process and keeps certificates, data and namespaces.
      - C(absent) stops everything and deletes the namespaces (with their links) and the state directory.
    type: str
    choices: [started, stopped, absent]
    default: started
  ready_timeout:
    description: Seconds to wait, after starting, until every listed node is Ready.
    type: int
    default: 120
  crds:
    description:
      - Files of CustomResourceDefinitions both clusters must have, as OpenShift's clusters have their
        operators' (the lab role passes MachineConfig, MachineConfigPool and the SR-IOV network operator's,
        upstream's schemas). Installed when missing, replaced when changed, waited for until served.
    type: list
    elements: path
    default: []
"""

EXAMPLES = r"""
- name: Start the lab with one DPU host, its DPU and a plain worker
  ovnk.dpu.lab:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    nodes:
      - {name: host-0, role: dpu-host}
      - {name: dpu-0, role: dpu}
      - {name: worker-0, role: full}
  register: lab

- name: Use the tenant cluster
  kubernetes.core.k8s_info:
    kubeconfig: "{{ lab.kubeconfigs.tenant }}"
    kind: Node

- name: Remove the lab and everything it made
  ovnk.dpu.lab:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    nodes: []
    state: absent
"""

RETURN = r"""
actions:
  description: What the module did (or would do in check mode), in order.
  returned: always
  type: list
  elements: str
  sample: ["start tenant-etcd", "start tenant-kube-apiserver"]
removed_nodes:
  description:
    - Nodes the lab ran before but the inventory no longer lists, mapped to their cluster. Their processes,
      namespaces, files and Node objects are gone.
  returned: always
  type: dict
  sample: {dpu-2: infra, host-2: tenant}
kubeconfigs:
  description: Paths of the admin kubeconfig of each cluster (files are mode 0600).
  returned: always
  type: dict
  sample: {tenant: /var/lib/ovnk-dpu/lab/ovnkdpu/tenant/admin.kubeconfig}
lab:
  description: The lab's state after the action, as ovnk.dpu.lab_info returns it.
  returned: always
  type: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import lab


def main() -> None:
    run_entry(lab)


if __name__ == "__main__":
    main()
