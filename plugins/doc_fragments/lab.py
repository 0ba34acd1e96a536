# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  name:
    description:
      - Name of the lab. Network namespaces are named C(<name>-<node>) and state lives in
        O(state_dir)/C(<name>).
      - 1 to 12 lowercase letters or digits, starting with a letter.
    type: str
    default: ovnkdpu
  state_dir:
    description:
      - Directory under which the lab keeps its certificates, kubeconfigs, etcd data, logs and pidfiles.
    type: path
    default: /var/lib/ovnk-dpu/lab
  bin_dir:
    description:
      - Directory holding C(etcd), C(kube-apiserver), C(kube-controller-manager), C(kube-scheduler), C(kwok)
        and kwok's stages (C(kwok-stages/)), as built from Go modules by C(scripts/build-lab-binaries.sh).
    type: path
    required: true
  port_base:
    description:
      - First of the TCP ports the lab uses on 127.0.0.1. The tenant API server listens on O(port_base)+43,
        the infra API server on O(port_base)+143, etcd on +79/+80 and +179/+180, kwok's health endpoint on
        +81 and +181.
    type: int
    default: 16400
  nodes:
    description:
      - The lab's nodes. C(dpu-host) and C(full) nodes join the tenant cluster, C(dpu) nodes the infra cluster.
      - Required to start the lab. Otherwise defaults to the nodes the lab recorded when it last started.
    type: list
    elements: dict
    suboptions:
      name:
        description: Kubernetes Node name (RFC 1123).
        type: str
        required: true
      role:
        description: What the node is in the two-cluster install.
        type: str
        required: true
        choices: [dpu-host, dpu, full]
      address:
        description:
          - A DPU's address on the lab's fabric (its uplink, its tunnel address), the inventory's C(ovnk_dpu_encap_ip),
            in 172.30.0.0/17. Without it the DPU gets one by slot from 172.30.128.0/17.
        type: str
      netns:
        description:
          - The network namespace the lab makes for the node, the inventory's C(ovnk_dpu_netns). Default C(<name>-<node>).
        type: str
      ovs_db:
        description:
          - A DPU's OVSDB remote, C(unix:<path>), the inventory's C(ovnk_dpu_ovs_remote); the lab's ovsdb-server listens
            there. Default a socket under C(/run/ovnk-dpu/<name>).
        type: str
  service_cidrs:
    description:
      - Service CIDR of each cluster, keyed C(tenant) and C(infra).
    type: dict
    default: {tenant: 10.96.0.0/16, infra: 10.112.0.0/16}
requirements:
  - pyroute2 >= 0.9.0
  - cryptography
  - kubernetes >= 24.2.0
  - for DPU nodes, Open vSwitch (Debian package openvswitch-switch)
notes:
  - Runs on the machine that hosts the lab, as root.
"""
