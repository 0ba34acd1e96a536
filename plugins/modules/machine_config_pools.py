#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: machine_config_pools
short_description: MachineConfigPools for DPU hosts and DPUs on both clusters, and the gate on their roll-out
version_added: 0.4.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Server-side applies one MachineConfigPool per entry of O(pools) to its cluster (tenant or infra). A pool
    takes the MachineConfigs of O(pools[].machine_config_roles) (the worker's and its own, so it inherits every
    worker MachineConfig) and the nodes labelled C(node-role.kubernetes.io/<name>); the module labels the
    entry's O(pools[].nodes) so.
  - With O(wait=true) it then waits until every pool has rolled out - the operator saw its latest spec, counts
    all its nodes, every machine is updated, and each listed node reports the pool's configuration - and stops
    at once when a pool reports Degraded (about its latest spec), with the degraded nodes and their reasons. The
    nodes must run the configuration the operator rolls to (the pool's C(spec.configuration)), which must hold
    every MachineConfig of O(pools[].required_machine_configs). Later steps that can
    reboot nodes run only after this gate (a roll-out reboots each node in turn).
  - Nodes that carry a pool's label but are not listed are reported, never unlabelled.
  - O(state=absent) takes the listed nodes out of each pool (back to the worker pool) and deletes the pool.
  - Every node name is checked against its cluster before anything changes; a failed call names the cluster
    and the object.
  - The machine_config_pools role calls it.
extends_documentation_fragment:
  - ovnk.dpu.clusters
options:
  pools:
    description: The pools.
    type: list
    elements: dict
    required: true
    suboptions:
      cluster:
        description: The cluster the pool lives in.
        type: str
        required: true
        choices: [tenant, infra]
      name:
        description: The pool's name, also its node-role label (C(node-role.kubernetes.io/<name>)).
        type: str
        required: true
      nodes:
        description: The nodes the pool takes (labelled by the module).
        type: list
        elements: str
        default: []
      machine_config_roles:
        description: The C(machineconfiguration.openshift.io/role) values of the MachineConfigs the pool takes.
        type: list
        elements: str
        required: true
      max_unavailable:
        description: How many of the pool's nodes update (reboot) at once, a number or a percentage.
        type: raw
        default: 1
      labels:
        description: Extra labels on the pool object.
        type: dict
        default: {}
      required_machine_configs:
        description:
          - MachineConfigs another operator renders for this pool (the SR-IOV operator's C(00-<pool>-ovs-hw-offload)).
            The wait counts the roll-out only once the pool's configuration takes them in, so a roll-out that is about
            to start is not taken for done.
        type: list
        elements: str
        default: []
  state:
    description: Whether the pools should exist (and their nodes be labelled) or not.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description: Wait until every pool has rolled out (the gate); fail at once on a degraded pool.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the roll-out (each node reboots in turn; 30 minutes by default).
    type: int
    default: 1800
  wait_sleep:
    description: Seconds between two looks at the pools.
    type: int
    default: 5
  field_manager:
    description: Server-side apply field manager.
    type: str
    default: ovnk.dpu
attributes:
  check_mode:
    support: full
    description: A server dry run of each pool, the labels reported not set; no wait, but a pool degraded now is warned about.
  diff_mode:
    support: full
    description: One diff per changed pool and per relabelled node, headed by its cluster.
  idempotent:
    support: full
    description: A second run changes nothing.
requirements:
  - kubernetes >= 24.2.0
"""

EXAMPLES = r"""
- name: DPU hosts and DPUs in pools of their own; wait for the roll-out
  ovnk.dpu.machine_config_pools:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    pools:
      - cluster: tenant
        name: dpu-host
        nodes: [host-0, host-1]
        machine_config_roles: [worker, dpu-host]
      - cluster: infra
        name: dpu
        nodes: [dpu-0, dpu-1]
        machine_config_roles: [worker, dpu]
        max_unavailable: 2
"""

RETURN = r"""
pools:
  description: Each pool's roll-out as last read.
  returned: always
  type: list
  elements: dict
  sample:
    - cluster: tenant
      name: dpu-host
      nodes: [host-0, host-1]
      configuration: rendered-dpu-host-4f53cda18c2baa0c0354bb5f9a3ecbe5
      machine_count: 2
      updated_machine_count: 2
      degraded_machine_count: 0
applied:
  description: What the module applied or relabelled (names only).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.machine_config import machine_config_pools


def main() -> None:
    run_entry(machine_config_pools)


if __name__ == "__main__":
    main()
