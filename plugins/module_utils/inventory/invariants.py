# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Invariants that span two settings or two layers: the DPUs' tunnel addresses against OVN-K's
address ranges, the representor links against ovnkube-node's interfaces and MTU. Each message
names both sides and the fix. Pure; the preflight runs them once each side is valid on its own
(docs/inventory.md lists them)."""

from __future__ import annotations

import ipaddress
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import config
from ansible_collections.ovnk.dpu.plugins.module_utils.representors import links

OVNK = config.VARIABLE_PREFIX


def _networks(values: dict[str, Any]) -> list[tuple[str, ipaddress.IPv4Network]]:
    return [(f"{OVNK}{key}", ipaddress.ip_network(values[key])) for key in config.RANGES]


def tunnel_problems(tunnels: dict[str, str], ovnk_values: dict[str, Any]) -> list[str]:
    """tunnels: where → a DPU's tunnel address or the network they are in. Tunnels run over the
    underlay: never inside an OVN-K range, and inside the node networks when those are given."""
    problems = []
    node_networks = [ipaddress.ip_network(n) for n in ovnk_values.get("node_networks") or []]
    for where, value in sorted(tunnels.items()):
        tunnel = ipaddress.ip_network(value, strict=False)
        for variable, network in _networks(ovnk_values):
            if tunnel.overlaps(network):
                problems.append(f"{where} ({value}) is inside {variable} ({network}): OVN-K's tunnels run over the "
                                "DPUs' own network; move the DPUs' addresses out of that range or change the range")
        if node_networks and not any(tunnel.subnet_of(n) for n in node_networks):
            problems.append(f"{where} ({value}) is in none of {OVNK}node_networks "
                            f"({', '.join(map(str, node_networks))}); add the DPUs' network to them")
    return problems


def _simulated_names(node_values: dict[str, Any], count: int, host_fmt: str, dpu_fmt: str) -> list[str]:
    """A simulated DPU finds its interfaces by these names: the host's must be representor links."""
    problems = []
    host_names = {links.ifname(host_fmt, 0, i): i for i in range(count)}
    gateway, mgmt = node_values.get("gateway_interface"), node_values.get("mgmt_port_netdev")
    for variable, name in (("gateway_interface", gateway), ("mgmt_port_netdev", mgmt)):
        if name and name not in host_names:
            problems.append(f"{OVNK}{variable} {name} is not one of the host's representor links "
                            f"({links.ifname(host_fmt, 0, 0)} to {links.ifname(host_fmt, 0, count - 1)}, "
                            f"ovnk_dpu_representor_count {count}); name one of them or raise the count")
    if gateway and gateway == mgmt:
        problems.append(f"{OVNK}gateway_interface and {OVNK}mgmt_port_netdev are both {gateway}; the management "
                        "port needs a link of its own (eth0-1 on the lab)")
    if "{pair}" in dpu_fmt:
        problems.append(f"representors: dpu_ifname_format {dpu_fmt!r} names each pair's representors apart, but OVN-K's "
                        "simulated DPU looks for rep0-<i> only; use rep0-{index} (each DPU has its own namespace)")
    representor = node_values.get("dpu_host_gateway_representor_interface")
    if gateway in host_names and representor and "{pair}" not in dpu_fmt:
        expected = links.ifname(dpu_fmt, 0, host_names[gateway])
        if representor != expected:
            problems.append(f"{OVNK}dpu_host_gateway_representor_interface {representor} is not the DPU side of "
                            f"{OVNK}gateway_interface {gateway} ({expected}); set it to {expected}")
    return problems


def link_problems(platform: str, representors: dict[str, Any], node_values: dict[str, Any],
                  ovnk_values: dict[str, Any]) -> list[str]:
    """The representor links against ovnkube-node: pod traffic fits their MTU; with a simulated DPU,
    its interfaces are the links' names."""
    if platform not in ("lab", "kind"):
        return []  # real VFs: their MTU and names come from SR-IOV (the sriov stage)
    problems = []
    if representors["mtu"] < ovnk_values["mtu"]:
        problems.append(f"ovnk_dpu_representor_mtu {representors['mtu']} is below {OVNK}mtu {ovnk_values['mtu']}: pod "
                        "traffic crosses these links; raise the representor MTU or lower the pod MTU")
    if node_values.get("simulate_dpu"):
        host_default, dpu_default = links.DEFAULT_FORMATS[platform]
        problems += _simulated_names(node_values, representors["count"],
                                     representors.get("host_ifname_format") or host_default,
                                     representors.get("dpu_ifname_format") or dpu_default)
    return problems


def identity_problems(roles: dict[str, str | None], node_values: dict[str, Any]) -> list[str]:
    """ovnkube-identity where DPU pairs exist: its webhooks refuse what both DPU sides write."""
    hosts = sorted(n for n, r in roles.items() if r == "dpu-host")
    if not node_values.get("identity") or not hosts:
        return []
    return [f"{OVNK}identity is true and the inventory has DPU hosts ({', '.join(hosts)}): ovnkube-identity's webhooks "
            "let only system:ovn-node:<node> write OVN's node and pod annotations, an identity neither dpu-host nor "
            f"dpu ovnkube-node has (upstream's DPU preset turns it off); set {OVNK}identity: false"]
