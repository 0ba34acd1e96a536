# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every ovnk_dpu_* setting in one table: its default, how a value is checked (Rule), and whether a
node may set its own. A platform brings a layer of its own defaults (PLATFORM_DEFAULTS) between the
table's and the inventory's. The roles read the resolved values (the ovnk_dpu fact, see
plugins/lookup/inventory.py); preflight checks values against the same rules; docs/inventory.md
and the AWX survey checks read this table too. Pure."""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ansible.module_utils.parsing.convert_bool import BOOLEANS, boolean

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import (
    DEFAULT_IMAGE, DPU_SERVICE_ACCOUNT, HOST_NETWORK_NAMESPACE, MIN_KUBE_VERSION, NAMESPACE, NODE_ROLES, PLATFORMS)


@dataclass(frozen=True)
class Rule:
    kind: str  # int, bool, str, list, dict, ip, ifname, node, any
    hint: str
    elements: Optional[str] = None  # list items: dict or str
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    pattern: Optional[str] = None
    choices: tuple[str, ...] = ()
    noun: str = ""  # what a value matching pattern is


@dataclass(frozen=True)
class Setting:
    rule: Rule
    # The value when neither the platform nor the inventory sets one; a Derived computes it from the others.
    default: Any = None
    # A node may set its own value (host_vars); the resolved topology carries it per node.
    per_node: bool = False


@dataclass(frozen=True)
class Derived:
    """A default computed from the other resolved settings (and the inventory's groups)."""
    compute: Callable[[dict[str, Any], dict[str, list[str]]], Any]
    says: str  # the default in words, for the docs


def same_as(name: str) -> Derived:
    return Derived(lambda values, _groups: values[name], f"the value of {name}")


_PORT = Rule("int", "a TCP port, 1 to 65535", minimum=1, maximum=65535)
_TIMEOUT = Rule("int", "seconds, 1 or more", minimum=1)
_SECONDS = Rule("int", "seconds, 0 or more", minimum=0)
_FLAG = Rule("bool", "true or false")
_TEXT = Rule("str", "a string")
_PATH = Rule("str", "a path")
_ANY = Rule("any", "a value")
_NAME = Rule("str", "a Kubernetes object name, e.g. ovn-kubernetes")
_CIDR = Rule("str", "a CIDR, e.g. 10.244.0.0/16")
_TAINTS = Rule("list", "a list of taints, e.g. [{key: ovnk.dpu/dpu-host, effect: NoSchedule}]", elements="dict")
_VERSION = r"v?\d+\.\d+(\.\d+)?"
_IMAGE = Rule("str", "a container image reference, e.g. ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0")
_NETNS = Rule("str", "the network namespace holding the node's links on its machine",
              pattern=r"[A-Za-z0-9][A-Za-z0-9_.-]{0,254}", noun="a namespace name")
_HOSTS = Rule("hosts", "a list of hosts, or one string of names separated by commas or spaces")


def _identity_default(values: dict[str, Any], groups: dict[str, list[str]]) -> bool:
    """ovnkube-identity: upstream's DPU preset turns it off wherever DPU hosts exist."""
    return not groups.get("dpu_hosts")


def _simulated(values: dict[str, Any], when: str, otherwise: str) -> str:
    return when if values["ovnk_dpu_ovnk_simulate_dpu"] else otherwise


def _mgmt_vf_resource(values: dict[str, Any], _groups: dict[str, list[str]]) -> str:
    """dpu-host mode's management port: the SR-IOV stage's management VF pool, where it runs on real VFs."""
    if values["ovnk_dpu_ovnk_simulate_dpu"] or not values["ovnk_dpu_sriov"]:
        return ""
    return f"{values['ovnk_dpu_sriov_resource_prefix']}/{values['ovnk_dpu_sriov_mgmt_resource_name']}"


SETTINGS: dict[str, Setting] = {
    # Where the clusters are, and how ready they must be.
    # Checked by inventory/checks.py (stated, and one of PLATFORMS).
    "ovnk_dpu_platform": Setting(Rule("str", f"one of {', '.join(PLATFORMS)}")),
    "ovnk_dpu_tenant_kubeconfig": Setting(_PATH),
    "ovnk_dpu_infra_kubeconfig": Setting(_PATH),
    "ovnk_dpu_min_kube_version": Setting(Rule("str", "a Kubernetes version such as 1.31.0", pattern=_VERSION,
                                              noun="a version"), MIN_KUBE_VERSION),
    "ovnk_dpu_openshift_min_version": Setting(Rule("str", "an OpenShift version such as 4.18", pattern=_VERSION,
                                                   noun="a version"), "4.18"),
    "ovnk_dpu_node_ready_timeout": Setting(_TIMEOUT, 180),
    # OpenShift's cluster network operator runs OVN-K: it owns OVN-K's CRDs and the DPUs' error-cni, and reads
    # the hardware-offload-config the SR-IOV stage writes.
    "ovnk_dpu_network_operator": Setting(_FLAG, True),
    # Each node: its role, its partner, where it runs.
    "ovnk_dpu_node_role": Setting(Rule("str", "it by the host's group (dpu_hosts, full_nodes, dpu_nodes) or to one of "
                                              "these", choices=NODE_ROLES), per_node=True),
    "ovnk_dpu_peer": Setting(Rule("node", "the partner node's inventory name"), per_node=True),
    "ovnk_dpu_pair_index": Setting(Rule("int", "a pair number, 0 or more, unique per pair", minimum=0), per_node=True),
    # Where a node's links live on its machine (none: the machine's own namespace), and its OVSDB: the
    # node's own, else the inventory-wide format with {node} (the lab's and kind's name one per node).
    "ovnk_dpu_netns": Setting(_NETNS, per_node=True),
    "ovnk_dpu_netns_format": Setting(Rule("str", "a namespace name with {node}, e.g. kind-{node}",
                                          pattern=r"\S*\{node\}\S*", noun="a name format with {node}")),
    "ovnk_dpu_encap_ip": Setting(Rule("ip", "the DPU's tunnel (VTEP) IPv4 address, e.g. 192.0.2.10"), per_node=True),
    "ovnk_dpu_gateway_nexthop": Setting(Rule("ip", "the IPv4 address of the gateway on the DPU's uplink"),
                                        per_node=True),
    "ovnk_dpu_gateway_interface": Setting(Rule("ifname", "the DPU's uplink bridge or port"), per_node=True),
    "ovnk_dpu_ovs_remote": Setting(Rule("str", "an OVSDB remote: tcp:<address>:<port>, ssl:<address>:<port> or "
                                               "unix:<socket>", pattern=r"(tcp|ssl):\[?[0-9A-Za-z.:-]+\]?:\d{1,5}|unix:/\S+",
                                        noun="an OVSDB remote"), per_node=True),
    "ovnk_dpu_ovs_remote_format": Setting(Rule("str", "an OVSDB remote with {node}, e.g. tcp:{node}:6640",
                                               pattern=r"\S*\{node\}\S*", noun="a remote format with {node}")),
    # Pairing.
    "ovnk_dpu_discovery": Setting(Rule("list", "a list of discovery facts (node, role, serial, pf_macs)",
                                       elements="dict"), []),
    "ovnk_dpu_accept_proposal": Setting(_FLAG, False),
    "ovnk_dpu_pairing_prune": Setting(_FLAG, False),
    # Representor links.
    "ovnk_dpu_representor_links": Setting(Rule("str", "veth (the collection makes each pair's links) or sriov (the "
                                                      "DPU's switchdev makes them; the collection checks them)",
                                               choices=("veth", "sriov")), "sriov"),
    "ovnk_dpu_representor_count": Setting(Rule("int", "links per pair, 1 to 256, e.g. 16", minimum=1, maximum=256), 16),
    "ovnk_dpu_representor_mtu": Setting(Rule("int", "an MTU from 68 to 65535, e.g. 1500", minimum=68, maximum=65535),
                                        1500),
    "ovnk_dpu_representor_host_format": Setting(Rule("str", "an interface name with {index}, e.g. eth0-{index}",
                                                     pattern=r"\S*\{index\}\S*", noun="a name format with {index}"),
                                                "eth0-{index}"),
    "ovnk_dpu_representor_dpu_format": Setting(Rule("str", "an interface name with {index}, e.g. rep0-{index}",
                                                    pattern=r"\S*\{index\}\S*", noun="a name format with {index}"),
                                               "pf0vf{index}"),  # BlueField's VF representors
    # OVN-Kubernetes.
    "ovnk_dpu_ovnk_namespace": Setting(_NAME, NAMESPACE),
    "ovnk_dpu_ovnk_host_network_namespace": Setting(_NAME, HOST_NETWORK_NAMESPACE),
    "ovnk_dpu_ovnk_image": Setting(_IMAGE, DEFAULT_IMAGE),
    "ovnk_dpu_ovnk_dpu_image": Setting(_IMAGE, same_as("ovnk_dpu_ovnk_image")),
    "ovnk_dpu_ovnk_image_pull_policy": Setting(Rule("str", "Always, IfNotPresent or Never"), "IfNotPresent"),
    "ovnk_dpu_ovnk_allowed_skew": Setting(Rule("str", "none, patch, minor or any"), "patch"),
    "ovnk_dpu_ovnk_api_url": Setting(_TEXT, ""),
    "ovnk_dpu_ovnk_cluster_cidr": Setting(_CIDR, "10.244.0.0/16"),
    "ovnk_dpu_ovnk_host_subnet_length": Setting(Rule("int", "a prefix length, e.g. 24"), 24),
    "ovnk_dpu_ovnk_service_cidr": Setting(_CIDR, "10.96.0.0/16"),
    "ovnk_dpu_ovnk_join_subnet": Setting(_CIDR, "100.64.0.0/16"),
    "ovnk_dpu_ovnk_masquerade_subnet": Setting(_CIDR, "169.254.0.0/17"),
    "ovnk_dpu_ovnk_transit_subnet": Setting(_CIDR, "100.88.0.0/16"),
    "ovnk_dpu_ovnk_node_networks": Setting(Rule("list", "a list of CIDRs, e.g. [192.168.100.0/24]", elements="str"),
                                           []),
    "ovnk_dpu_ovnk_mtu": Setting(Rule("int", "the pod MTU, e.g. 1400"), 1400),
    "ovnk_dpu_ovnk_lease_renew_interval": Setting(Rule("int", "seconds, e.g. 10"), 10),
    "ovnk_dpu_ovnk_lease_duration": Setting(Rule("int", "seconds, e.g. 40"), 40),
    "ovnk_dpu_ovnk_log_level": Setting(Rule("int", "0 to 10, e.g. 4"), 4),
    "ovnk_dpu_ovnk_gateway_mode": Setting(Rule("str", "shared or local"), "shared"),
    "ovnk_dpu_ovnk_gateway_opts": Setting(_TEXT, ""),
    "ovnk_dpu_ovnk_dpu_gateway_opts": Setting(_TEXT, ""),
    "ovnk_dpu_ovnk_tolerations": Setting(Rule("list", "a list of tolerations, e.g. [{operator: Exists}]",
                                              elements="dict"), [{"operator": "Exists"}]),
    "ovnk_dpu_ovnk_control_plane_node_selector": Setting(Rule("dict", "a mapping of node labels, e.g. {}"),
                                                         {"node-role.kubernetes.io/control-plane": ""}),
    "ovnk_dpu_ovnk_extra_env": Setting(Rule("dict", "a mapping of environment variables, e.g. {OVN_FOO: bar}"), {}),
    "ovnk_dpu_ovnk_identity": Setting(_FLAG, Derived(_identity_default, "false where DPU hosts exist, else true")),
    "ovnk_dpu_ovnk_identity_webhooks": Setting(_FLAG, True),
    "ovnk_dpu_ovnk_zone_labels": Setting(_FLAG, True),
    "ovnk_dpu_ovnk_simulate_dpu": Setting(_FLAG, False),
    "ovnk_dpu_ovnk_wait": Setting(_FLAG, False),
    "ovnk_dpu_ovnk_wait_timeout": Setting(_TIMEOUT, 300),
    "ovnk_dpu_ovnk_gateway_interface": Setting(
        Rule("ifname", "a host interface name"),
        Derived(lambda v, _g: _simulated(v, "eth0-0", "derive-from-mgmt-port"),
                "eth0-0 with ovnk_dpu_ovnk_simulate_dpu, else derive-from-mgmt-port")),
    "ovnk_dpu_ovnk_mgmt_port_netdev": Setting(
        Rule("ifname", "a host interface name"),
        Derived(lambda v, _g: _simulated(v, "eth0-1", ""), "eth0-1 with ovnk_dpu_ovnk_simulate_dpu, else none")),
    "ovnk_dpu_ovnk_dpu_host_gateway_representor_interface": Setting(
        Rule("ifname", "a DPU interface name"),
        Derived(lambda v, _g: _simulated(v, "rep0-0", ""), "rep0-0 with ovnk_dpu_ovnk_simulate_dpu, else none")),
    "ovnk_dpu_ovnk_mgmt_port_resource_name": Setting(_TEXT, Derived(
        _mgmt_vf_resource, "the SR-IOV stage's management VF resource where it runs and DPUs are not simulated")),
    "ovnk_dpu_ovnk_mgmt_port_vfs_count": Setting(Rule("int", "VFs of the management port, e.g. 1"), 1),
    "ovnk_dpu_ovnk_dpu_service_account": Setting(_NAME, DPU_SERVICE_ACCOUNT),
    "ovnk_dpu_cno_dpu_host_mode_label": Setting(_TEXT, "network.operator.openshift.io/dpu-host="),
    "ovnk_dpu_cno_dpu_mode_label": Setting(_TEXT, "network.operator.openshift.io/dpu="),
    "ovnk_dpu_rotate_credentials": Setting(_FLAG, False),
    "ovnk_dpu_rotation_grace": Setting(_SECONDS, 150),
    # MachineConfigPools.
    "ovnk_dpu_machine_config_pools": Setting(_FLAG, True),
    "ovnk_dpu_mcp_host_pool": Setting(_NAME, "dpu-host"),
    "ovnk_dpu_mcp_dpu_pool": Setting(_NAME, "dpu"),
    "ovnk_dpu_mcp_max_unavailable": Setting(_ANY, 1),
    "ovnk_dpu_mcp_timeout": Setting(_TIMEOUT, 1800),
    "ovnk_dpu_mcp_poll": Setting(_TIMEOUT, 5),
    # SR-IOV.
    "ovnk_dpu_sriov": Setting(_FLAG, True),
    "ovnk_dpu_sriov_namespace": Setting(_NAME, "openshift-sriov-network-operator"),

    "ovnk_dpu_model": Setting(_TEXT, "bluefield-3", per_node=True),
    "ovnk_dpu_dpu_models": Setting(Rule("dict", "a mapping of model name to its card, see docs/roles.md"), {}),
    "ovnk_dpu_sriov_pf": Setting(Rule("ifname", "the PF's interface name, e.g. ens1f0np0"), "ens1f0np0", per_node=True),
    "ovnk_dpu_sriov_pci_address": Setting(_TEXT, "", per_node=True),
    "ovnk_dpu_sriov_num_vfs": Setting(Rule("int", "a VF count, e.g. 16"), 16, per_node=True),
    "ovnk_dpu_sriov_mtu": Setting(Rule("int", "an MTU, 0 for the card's"), 0),
    "ovnk_dpu_sriov_priority": Setting(Rule("int", "a policy priority, 0 to 99"), 99),
    "ovnk_dpu_sriov_max_unavailable": Setting(_ANY, 1),
    "ovnk_dpu_sriov_resource_prefix": Setting(_TEXT, "openshift.io"),
    "ovnk_dpu_sriov_mgmt_resource_name": Setting(_TEXT, "mgmtvf"),
    "ovnk_dpu_sriov_workload_resource_name": Setting(_TEXT, "dpu_workload_vfs"),
    # Taints.
    "ovnk_dpu_node_taints": Setting(_FLAG, True),
    "ovnk_dpu_node_taints_skip": Setting(_FLAG, False, per_node=True),
    "ovnk_dpu_host_taints": Setting(_TAINTS, [{"key": "ovnk.dpu/dpu-host", "effect": "NoSchedule"}], per_node=True),
    "ovnk_dpu_dpu_taints": Setting(_TAINTS, [{"key": "ovnk.dpu/dpu", "effect": "NoSchedule"}], per_node=True),
    "ovnk_dpu_taint_allow_eviction": Setting(_FLAG, False),
    "ovnk_dpu_error_cni": Setting(_FLAG, False),
    # The lease watchdog.
    "ovnk_dpu_lease_watchdog": Setting(_FLAG, True),
    "ovnk_dpu_lease_watchdog_renew": Setting(_FLAG, False),
    "ovnk_dpu_lease_watchdog_taint": Setting(_FLAG, False),
    "ovnk_dpu_lease_watchdog_wait": Setting(_FLAG, same_as("ovnk_dpu_lease_watchdog_renew")),
    "ovnk_dpu_lease_watchdog_wait_timeout": Setting(_TIMEOUT, 60),
    "ovnk_dpu_lease_watchdog_checked_representors": Setting(
        Rule("int", "representor links a renewer checks, 0 or more", minimum=0), 2),
    "ovnk_dpu_lease_watchdog_metrics_address": Setting(Rule("ip", "an address to serve metrics on, e.g. 127.0.0.1"),
                                                       "127.0.0.1"),
    "ovnk_dpu_lease_monitor_host": Setting(Rule("node", "the inventory host the monitor runs on"), "localhost"),
    "ovnk_dpu_lease_monitor_metrics_port": Setting(_PORT, 9476),
    "ovnk_dpu_lease_renew_metrics_port": Setting(_PORT, 9477, per_node=True),
    "ovnk_dpu_lease_watchdog_prefix": Setting(_PATH, "/opt/ovnk-dpu/lease-watchdog"),
    "ovnk_dpu_lease_watchdog_config_dir": Setting(_PATH, "/etc/ovnk-dpu/lease-watchdog"),
    "ovnk_dpu_lease_watchdog_python": Setting(_PATH, per_node=True),
    "ovnk_dpu_lease_watchdog_restart_sec": Setting(
        Rule("int", "seconds before systemd starts a failed service again, 1 or more", minimum=1), 2),
    "ovnk_dpu_service_manager": Setting(Rule("str", "systemd (lab on the lab)", choices=("systemd", "lab")), "systemd",
                                        per_node=True),
    # The summary and the picture.
    "ovnk_dpu_summary_strict": Setting(_FLAG, False),
    "ovnk_dpu_topology": Setting(_FLAG, False),
    "ovnk_dpu_topology_dir": Setting(_PATH, Derived(lambda _v, _g: os.path.join(os.getcwd(), "ovnk-dpu-topology"),
                                                    "ovnk-dpu-topology in the current directory")),
    "ovnk_dpu_topology_formats": Setting(Rule("list", "a list of Graphviz formats, e.g. [svg, png]", elements="str"),
                                         ["svg", "png"]),
    # Day 2: upgrade and teardown.
    "ovnk_dpu_upgrade_batch": Setting(Rule("int", "pairs upgraded at a time, 1 or more", minimum=1), 1),
    "ovnk_dpu_upgrade_hosts": Setting(_HOSTS, []),
    "ovnk_dpu_upgrade_target": Setting(_TEXT, same_as("ovnk_dpu_ovnk_dpu_image")),
    # What takes a DPU down and brings it back upgraded: a tasks file, or a role's tasks_from upgrade_dpu.
    "ovnk_dpu_upgrade_dpu_tasks": Setting(_TEXT, ""),
    "ovnk_dpu_upgrade_dpu_role": Setting(_TEXT, ""),
    # The most pairs the platform can take down at once (0: no limit).
    "ovnk_dpu_upgrade_batch_max": Setting(Rule("int", "pairs, 0 for no limit", minimum=0), 0),
    "ovnk_dpu_upgrade_allowed_kube_skew": Setting(Rule("int", "minor releases, e.g. 1"), 1),
    "ovnk_dpu_upgrade_drain_timeout": Setting(_SECONDS, 300),
    "ovnk_dpu_upgrade_delete_emptydir_data": Setting(_FLAG, True),
    "ovnk_dpu_upgrade_ready_timeout": Setting(_SECONDS, 600),
    "ovnk_dpu_upgrade_poll": Setting(_SECONDS, 2),
    "ovnk_dpu_teardown_confirm": Setting(_FLAG, False),
    "ovnk_dpu_teardown_crds": Setting(_FLAG, False),

    "ovnk_dpu_teardown_lab": Setting(_FLAG, False),
    # The lab platform.
    "ovnk_dpu_lab_name": Setting(Rule("str", "1-12 lowercase letters or digits, starting with a letter, e.g. ovnkdpu",
                                      pattern=r"[a-z][a-z0-9]{0,11}", noun="a lab name"), "ovnkdpu"),
    "ovnk_dpu_lab_state_dir": Setting(_PATH, "/var/lib/ovnk-dpu/lab"),
    "ovnk_dpu_lab_bin_dir": Setting(_PATH, Derived(
        lambda _v, _g: os.path.join(os.environ.get("OVNK_DPU_CACHE") or os.path.expanduser("~/.cache/ovnk-dpu"),
                                    "lab", "bin"), "$OVNK_DPU_CACHE/lab/bin")),
    "ovnk_dpu_lab_port_base": Setting(Rule("int", "the first of the lab's 200+ ports, e.g. 16400", minimum=1024,
                                           maximum=65000), 16400),
    "ovnk_dpu_lab_service_cidrs": Setting(Rule("dict", "{tenant: <CIDR>, infra: <CIDR>}"),
                                          {"tenant": "10.96.0.0/16", "infra": "10.112.0.0/16"}),
    # The kind platform.
    "ovnk_dpu_kind_container_cli": Setting(_TEXT, "docker"),
    "ovnk_dpu_kind_cli": Setting(_TEXT, "kind"),
    "ovnk_dpu_kind_tenant_cluster": Setting(_NAME, "dpu"),
    "ovnk_dpu_kind_infra_cluster": Setting(_NAME, same_as("ovnk_dpu_kind_tenant_cluster")),
    "ovnk_dpu_kind_node_image": Setting(_TEXT, "kindest/node:v1.34.0"),
    "ovnk_dpu_kind_config_dir": Setting(_PATH, Derived(
        lambda _v, _g: os.path.expanduser("~/.cache/ovnk-dpu/kind"), "~/.cache/ovnk-dpu/kind")),
    "ovnk_dpu_kind_retain": Setting(_FLAG, False),
    "ovnk_dpu_kind_infra_pod_subnet": Setting(_CIDR, "10.245.0.0/16"),
    "ovnk_dpu_kind_infra_service_subnet": Setting(_CIDR, "10.112.0.0/16"),
    "ovnk_dpu_kind_dns_domain": Setting(_TEXT, "cluster.local"),
    "ovnk_dpu_kind_log_level": Setting(Rule("int", "0 to 10, e.g. 4"), 4),
    "ovnk_dpu_kind_node_sysctls": Setting(Rule("dict", "a mapping of sysctl to value"), {
        "net.ipv6.conf.all.disable_ipv6": "0", "net.ipv6.conf.all.forwarding": "1",
        "fs.inotify.max_user_watches": "524288", "fs.inotify.max_user_instances": "512"}),
    "ovnk_dpu_kind_load_images": Setting(_FLAG, False),
    "ovnk_dpu_kind_network": Setting(_TEXT, "kind"),
    "ovnk_dpu_kind_become": Setting(_FLAG, False),
    # AWX's configuration playbook (awx/configure.yml).
    "ovnk_dpu_awx_gateway": Setting(_FLAG, False),
}


def _links_but_the_pf(values: dict[str, Any], _groups: dict[str, list[str]]) -> Any:
    count = values["ovnk_dpu_representor_count"]
    return count - 1 if isinstance(count, int) else count


# What each platform brings: defaults between the table's and the inventory's. The table's are a
# real fleet's (OpenShift, BlueField); the lab and kind simulate DPUs with veth pairs, whose link 0 plays
# the PF, link 1 VF 0 (the management port), the others the workload VFs.
_SIMULATED = {"ovnk_dpu_sriov_num_vfs": Derived(_links_but_the_pf, "ovnk_dpu_representor_count - 1"),
              "ovnk_dpu_representor_links": "veth", "ovnk_dpu_representor_dpu_format": "rep0-{index}",
              "ovnk_dpu_ovnk_simulate_dpu": True, "ovnk_dpu_error_cni": True,
              "ovnk_dpu_sriov_namespace": "sriov-network-operator", "ovnk_dpu_network_operator": False,
              "ovnk_dpu_openshift_min_version": ""}
PLATFORM_DEFAULTS: dict[str, dict[str, Any]] = {
    "openshift": {},
    "lab": {**_SIMULATED},
    "kind": {**_SIMULATED, "ovnk_dpu_sriov": False, "ovnk_dpu_machine_config_pools": False,
             "ovnk_dpu_netns_format": "kind-{node}"},
}

# Facts the collection sets itself under the same prefix.
INTERNAL = frozenset({"ovnk_dpu_lab_state"})
KNOWN = frozenset(SETTINGS) | INTERNAL
RULES: dict[str, Rule] = {name: setting.rule for name, setting in SETTINGS.items()}
PER_NODE = frozenset(name for name, setting in SETTINGS.items() if setting.per_node)


def default_of(name: str, platform: Optional[str]) -> Any:
    """A setting's default before Derived ones are computed: the platform's, else the table's."""
    layer = PLATFORM_DEFAULTS.get(platform or "", {})
    return layer[name] if name in layer else SETTINGS[name].default


def hosts_list(value: Any) -> list[str]:
    """A list of host names given as a list or as one string (commas, spaces or new lines between)."""
    if isinstance(value, str):
        return [name for name in re.split(r"[,\s]+", value) if name]
    return [str(name) for name in value or []]


def convert(name: str, value: Any) -> Any:
    """The value as the roles use it (whole numbers, booleans, host lists); left as written when it does
    not convert (preflight names it)."""
    kind = SETTINGS[name].rule.kind if name in SETTINGS else "any"
    try:
        if kind == "int" and isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            return int(value)
        if kind == "bool" and not isinstance(value, bool) and isinstance(value, (str, int)) and value in BOOLEANS:
            return boolean(value)
        if kind == "hosts":
            return hosts_list(value)
    except (TypeError, ValueError):
        pass
    return value


def resolve(written: dict[str, Any], groups: dict[str, list[str]]) -> dict[str, Any]:
    """Every setting: as written (converted), else the platform's default, else the table's; Derived
    defaults computed last, in table order (a Derived may read one above it)."""
    platform = written.get("ovnk_dpu_platform")
    values: dict[str, Any] = {}
    derived: dict[str, Derived] = {}
    for name in SETTINGS:
        if written.get(name) is not None:
            values[name] = convert(name, written[name])
            continue
        default = default_of(name, platform)
        if isinstance(default, Derived):
            derived[name] = default
        values[name] = None if isinstance(default, Derived) else copy.deepcopy(default)
    for name, default in derived.items():
        values[name] = default.compute(values, groups)
    return values
