#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sriov_config
short_description: SR-IOV for the DPU hosts - switchdev policies for the management and workload VFs, OVS offload
version_added: 0.4.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Renders and server-side applies the SR-IOV network operator's objects for the DPU hosts on the tenant
    cluster. Per host PF (grouped by DPU model and PF name) two SriovNetworkNodePolicy objects in C(switchdev)
    mode with C(deviceType=netdevice) - VF 0 (C(<pf>#0-0)) as OVN-K's management port under a resource of its
    own, VFs 1 to O(hosts[].num_vfs)-1 for workloads - selected by the card's PCI vendor and device from a table
    the collection ships (BlueField-2 C(15b3:a2d6), BlueField-3 C(15b3:a2dc)), extended by O(models).
  - A SriovNetworkPoolConfig turns on OVS hardware offload for the DPU hosts' MachineConfigPool O(pool) (the
    operator renders its MachineConfig, which reboots the pool; the role waits for the roll-out after this).
  - With O(hardware_offload_config=true) (OpenShift) also the network operator's ConfigMap
    C(hardware-offload-config) in C(openshift-network-operator) - the mode labels, the management port's
    resource and the DPU lease timings.
  - Validates every host's card first (known model, VF count within what the card has and at least 2, hosts
    sharing a PF sharing its VF count, resource names as the operator's webhook accepts them); fails before
    any change, naming the host and the variable. Fails with one message when the operator's API or namespace
    is missing.
  - With O(prune=true) deletes policies it made earlier that are no longer rendered.
extends_documentation_fragment:
  - kubernetes.core.k8s_auth_options
options:
  hosts:
    description: The DPU hosts and their cards.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: The host's node name.
        type: str
        required: true
      model:
        description: Its DPU model (C(bluefield-2), C(bluefield-3) or one of O(models)).
        type: str
        required: true
      pf:
        description: The host-side PF facing the DPU (C(ens1f0np0)).
        type: str
        required: true
      num_vfs:
        description: How many VFs the PF gets (VF 0 the management port, the rest the workloads').
        type: int
        required: true
      pci_address:
        description: The PF's PCI address, to pin the policy to it (C(rootDevices)).
        type: str
        default: ""
  models:
    description: More DPU models, by name, each with C(vendor) and C(device) (4 hex digits each, as lspci -n prints them) and C(max_vfs).
    type: dict
    default: {}
  namespace:
    description: Where the SR-IOV network operator runs.
    type: str
    default: openshift-sriov-network-operator
  mgmt_resource_name:
    description: Device-plugin resource of the management VF (without prefix).
    type: str
    default: mgmtvf
  workload_resource_name:
    description: Device-plugin resource of the workload VFs (without prefix).
    type: str
    default: dpu_workload_vfs
  resource_prefix:
    description: The operator's resource prefix, for the network operator's C(mgmt-port-resource-name).
    type: str
    default: openshift.io
  node_selector:
    description: The DPU hosts' labels, as the policies' and the pool config's node selector.
    type: dict
    default: {"node-role.kubernetes.io/dpu-host": ""}
  priority:
    description: The policies' priority (0 highest, 99 lowest).
    type: int
    default: 99
  mtu:
    description: MTU of the VFs; the operator's default when not set.
    type: int
  pool:
    description: The DPU hosts' MachineConfigPool, where OVS hardware offload is turned on.
    type: str
    default: dpu-host
  max_unavailable:
    description: How many DPU hosts the operator drains at once.
    type: raw
    default: 1
  hardware_offload_config:
    description: Also write OpenShift's network operator's C(hardware-offload-config) ConfigMap.
    type: bool
    default: false
  dpu_host_mode_label:
    description: The label marking DPU hosts for the network operator (C(key=) or C(key=value)).
    type: str
    default: network.operator.openshift.io/dpu-host=
  dpu_mode_label:
    description: The label marking DPUs for the network operator.
    type: str
    default: network.operator.openshift.io/dpu=
  lease_renew_interval:
    description: Seconds between two renewals of a DPU's health Lease (0 turns the check off).
    type: int
    default: 10
  lease_duration:
    description: Seconds a DPU's health Lease lasts.
    type: int
    default: 40
  prune:
    description: Delete policies this module made that are no longer rendered.
    type: bool
    default: true
  field_manager:
    description: Server-side apply field manager.
    type: str
    default: ovnk.dpu
  state:
    description:
      - C(present) applies the policies, the pool config and (with O(hardware_offload_config)) the network operator's
        ConfigMap. C(absent) deletes them and every other policy this module made; nothing to do where the SR-IOV API
        is not served.
    type: str
    default: present
    choices: [present, absent]
attributes:
  check_mode:
    support: full
    description: A server dry run of every object; pruning reported, not done.
  diff_mode:
    support: full
    description: One diff per changed object.
  idempotent:
    support: full
    description: A second run changes nothing.
requirements:
  - kubernetes >= 24.2.0
"""

EXAMPLES = r"""
- name: SR-IOV for two BlueField-3 hosts on OpenShift
  ovnk.dpu.sriov_config:
    kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    hosts:
      - {name: host-0, model: bluefield-3, pf: ens1f0np0, num_vfs: 16}
      - {name: host-1, model: bluefield-3, pf: ens1f0np0, num_vfs: 16}
    hardware_offload_config: true
"""

RETURN = r"""
policies:
  description: The SriovNetworkNodePolicy names rendered.
  returned: always
  type: list
  elements: str
  sample: [dpu-mgmt-bluefield-3-ens1f0np0, dpu-workload-bluefield-3-ens1f0np0]
applied:
  description: What the module applied or deleted (names only).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.sriov import sriov_config


def main() -> None:
    run_entry(sriov_config)


if __name__ == "__main__":
    main()
