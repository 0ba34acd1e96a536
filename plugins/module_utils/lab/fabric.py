# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The DPUs' uplink network, through netlink (pyroute2): what a DPU's OVN tunnels and gateway run
over on real hardware. A bridge in the lab's fabric namespace holds the gateway address; each DPU
gets an uplink veth (FABRIC_UPLINK in its namespace, its fabric_port on the bridge) with its own
address. The dpu_pairing role writes these as the DPU's OVS external_ids (ovn-encap-ip,
ovn-gw-interface, ovn-gw-nexthop)."""

from __future__ import annotations

import socket

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import netns
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import (
    FABRIC_BRIDGE,
    FABRIC_GATEWAY,
    FABRIC_PREFIX,
    FABRIC_UPLINK,
    LabNode,
    LabSpec,
)
from ansible_collections.ovnk.dpu.plugins.module_utils.net.netlink import netlink_in


def _link(ipr, name: str) -> int | None:
    found = ipr.link_lookup(ifname=name)
    return found[0] if found else None


def _has_address(ipr, index: int, address: str) -> bool:
    return any(a.get_attr("IFA_ADDRESS") == address for a in ipr.get_addr(index=index))


def ensure_bridge(spec: LabSpec) -> list[str]:
    """The fabric namespace with its bridge up and holding the gateway address."""
    actions = [f"create network namespace {spec.fabric_netns}"] if netns.ensure(spec.fabric_netns) else []
    with netlink_in(spec.fabric_netns) as ipr:
        if _link(ipr, FABRIC_BRIDGE) is None:
            ipr.link("add", ifname=FABRIC_BRIDGE, kind="bridge")
            actions.append(f"create fabric bridge {FABRIC_BRIDGE}")
        index = _link(ipr, FABRIC_BRIDGE)
        ipr.link("set", index=index, state="up")
        if not _has_address(ipr, index, FABRIC_GATEWAY):
            ipr.addr("add", index=index, address=FABRIC_GATEWAY, prefixlen=FABRIC_PREFIX)
            actions.append(f"address {FABRIC_BRIDGE} {FABRIC_GATEWAY}/{FABRIC_PREFIX}")
    return actions


def ensure_uplink(spec: LabSpec, node: LabNode) -> list[str]:
    """The DPU's uplink: its namespace's end up with the DPU's fabric address, the other end on the bridge."""
    actions = []
    with netlink_in(spec.fabric_netns) as fabric, netlink_in(node.netns) as dpu:
        if _link(dpu, FABRIC_UPLINK) is None or _link(fabric, node.fabric_port) is None:
            for ipr, name in ((dpu, FABRIC_UPLINK), (fabric, node.fabric_port)):
                stale = _link(ipr, name)
                if stale is not None:
                    ipr.link("del", index=stale)
            fabric.link("add", ifname=node.fabric_port, kind="veth",
                        peer={"ifname": FABRIC_UPLINK, "net_ns_fd": f"/run/netns/{node.netns}"})
            actions.append(f"create uplink {node.netns}/{FABRIC_UPLINK} <-> {spec.fabric_netns}/{node.fabric_port}")
        port = _link(fabric, node.fabric_port)
        fabric.link("set", index=port, master=_link(fabric, FABRIC_BRIDGE), state="up")
        uplink = _link(dpu, FABRIC_UPLINK)
        dpu.link("set", index=uplink, state="up")
        for stale in [a for a in dpu.get_addr(index=uplink, family=socket.AF_INET)
                      if a.get_attr("IFA_ADDRESS") != node.fabric_address]:
            dpu.addr("del", index=uplink, address=stale.get_attr("IFA_ADDRESS"), prefixlen=stale["prefixlen"])
            actions.append(f"remove {stale.get_attr('IFA_ADDRESS')} from {node.netns}/{FABRIC_UPLINK}")
        if not _has_address(dpu, uplink, node.fabric_address):
            dpu.addr("add", index=uplink, address=node.fabric_address, prefixlen=FABRIC_PREFIX)
            actions.append(f"address {node.netns}/{FABRIC_UPLINK} {node.fabric_address}/{FABRIC_PREFIX}")
    return actions


def settings(node: LabNode) -> dict[str, str]:
    """What the DPU's OVS needs to know of its uplink."""
    return {"encap_ip": node.fabric_address, "gateway_interface": FABRIC_UPLINK, "gateway_nexthop": FABRIC_GATEWAY}


def present(spec: LabSpec, node: LabNode) -> bool:
    """The DPU's uplink exists with its address."""
    if node.netns not in netns.existing():
        return False
    with netlink_in(node.netns) as dpu:
        uplink = _link(dpu, FABRIC_UPLINK)
        return uplink is not None and _has_address(dpu, uplink, node.fabric_address)
