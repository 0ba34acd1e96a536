# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Representor links as veth pairs made straight across two network namespaces, through
netlink (pyroute2): one link dump per namespace to read, writes only for what differs."""

from __future__ import annotations

import errno
import os
import socket
from contextlib import ExitStack
from dataclasses import dataclass, field

from ansible_collections.ovnk.dpu.plugins.module_utils.representors.links import LinkSpec, PairSpec, name_pattern

from ansible_collections.ovnk.dpu.plugins.module_utils.net.netlink import IPRoute, netlink_in

try:
    from pyroute2 import NetlinkError
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    NetlinkError = OSError

NETNS_DIR = "/var/run/netns"


@dataclass(frozen=True)
class Link:
    """What the kernel says about one link."""

    index: int
    kind: str | None
    peer_index: int | None
    peer_elsewhere: bool  # the peer lives in another namespace
    mtu: int
    mac: str
    up: bool

    def view(self) -> dict:
        return {"mtu": self.mtu, "mac": self.mac, "up": self.up, "kind": self.kind}


def _link(msg) -> Link:
    return Link(index=msg["index"], kind=msg.get_nested("IFLA_LINKINFO", "IFLA_INFO_KIND"),
                peer_index=msg.get("link"), peer_elsewhere=msg.get("link_netnsid") is not None,
                mtu=msg.get("mtu"), mac=msg.get("address"), up=bool(msg["flags"] & 1))


def _delete_link(ipr, index: int) -> None:
    """Delete a link; one already gone with its veth peer is fine."""
    try:
        ipr.link("del", index=index)
    except NetlinkError as e:
        if e.code != errno.ENODEV:
            raise


def dump(ipr) -> dict[str, Link]:
    return {msg.get("ifname"): _link(msg) for msg in ipr.get_links()}


@dataclass
class PairReport:
    host: str
    dpu: str
    actions: list[str] = field(default_factory=list)
    before: dict[str, dict] = field(default_factory=dict)
    after: dict[str, dict] = field(default_factory=dict)


class Namespace:
    """An open netlink socket in one namespace, and an fd to create links into it."""

    def __init__(self, stack: ExitStack, name: str) -> None:
        self.name = name
        self.ipr = stack.enter_context(netlink_in(name))
        self.fd = os.open(os.path.join(NETNS_DIR, name), os.O_RDONLY)
        stack.callback(os.close, self.fd)


def _paired(host: Link | None, dpu: Link | None) -> bool:
    return (host is not None and dpu is not None and host.kind == dpu.kind == "veth"
            and host.peer_elsewhere and dpu.peer_elsewhere
            and host.peer_index == dpu.index and dpu.peer_index == host.index)


class PairReconciler:
    """Makes one pair's namespaces hold exactly the wanted links."""

    def __init__(self, root, pair: PairSpec, host_ns: Namespace, dpu_ns: Namespace, check_mode: bool) -> None:
        self.root, self.pair, self.host_ns, self.dpu_ns = root, pair, host_ns, dpu_ns
        self.check_mode = check_mode
        self.report = PairReport(pair.host, pair.dpu)

    def _do(self, action: str, call, *args, **kwargs) -> None:
        self.report.actions.append(action)
        if not self.check_mode:
            call(*args, **kwargs)

    def _delete(self, ns: Namespace, side: str, name: str, link: Link, reason: str) -> None:
        self._do(f"{ns.name}: delete {name} ({reason})", _delete_link, ns.ipr, link.index)
        self._record(side, name, link, None)

    def _record(self, side: str, name: str, before: Link | None, after: dict | None) -> None:
        self.report.before[f"{side}/{name}"] = before.view() if before else None
        self.report.after[f"{side}/{name}"] = after

    def reconcile(self, wanted: list[LinkSpec], host_fmt: str, dpu_fmt: str) -> PairReport:
        host_links, dpu_links = dump(self.host_ns.ipr), dump(self.dpu_ns.ipr)
        self._drop_extra(host_links, dpu_links, wanted, host_fmt, dpu_fmt)
        created = False
        for spec in wanted:
            host, dpu = host_links.get(spec.host_ifname), dpu_links.get(spec.dpu_ifname)
            if _paired(host, dpu):
                self._fix(self.host_ns, "host", spec.host_ifname, host, spec.host_mac, spec.mtu)
                self._fix(self.dpu_ns, "dpu", spec.dpu_ifname, dpu, spec.dpu_mac, spec.mtu)
                continue
            for ns, side, name, link in ((self.host_ns, "host", spec.host_ifname, host),
                                         (self.dpu_ns, "dpu", spec.dpu_ifname, dpu)):
                if link is not None:
                    self._delete(ns, side, name, link, "not paired with its peer")
            self._create(spec, host, dpu)
            created = True
        if created and not self.check_mode:
            self._bring_up_dpu_ends(wanted)
        self._isolate_host()
        return self.report

    def _drop_extra(self, host_links: dict, dpu_links: dict, wanted: list[LinkSpec], host_fmt: str, dpu_fmt: str) -> None:
        """Links named like ours beyond the count, and our names found on the wrong side."""
        count = len(wanted)
        ours = {"host": name_pattern(host_fmt, self.pair.index), "dpu": name_pattern(dpu_fmt, self.pair.index)}
        sides = {"host": (self.host_ns, host_links), "dpu": (self.dpu_ns, dpu_links)}
        for side, other in (("host", "dpu"), ("dpu", "host")):
            ns, links = sides[side]
            for name, link in sorted(links.items()):
                own, foreign = ours[side].match(name), ours[other].match(name)
                reason = ("beyond the count" if own and int(own.group(1)) >= count and link.kind == "veth"
                          else f"a {other}-side name in the {side} namespace" if foreign and not own else None)
                if reason:
                    self._delete(ns, side, name, link, reason)
                    del links[name]
                    self._forget_peer(link, other, sides[other][1])

    def _forget_peer(self, link: Link, side: str, links: dict[str, Link]) -> None:
        """A deleted veth end takes its peer with it: record that, and do not delete it again."""
        for name, peer in list(links.items()):
            if link.peer_elsewhere and (peer.index, peer.peer_index) == (link.peer_index, link.index):
                self._record(side, name, peer, None)
                del links[name]

    def _fix(self, ns: Namespace, side: str, name: str, link: Link, mac: str, mtu: int) -> None:
        changes = {}
        if link.mtu != mtu:
            changes["mtu"] = mtu
        if link.mac != mac:
            changes["address"] = mac
        if not link.up:
            changes["state"] = "up"
        if changes:
            self._do(f"{ns.name}: set {name} {', '.join(f'{k}={v}' for k, v in changes.items())}",
                     ns.ipr.link, "set", index=link.index, **changes)
            self._record(side, name, link, {"mtu": mtu, "mac": mac, "up": True, "kind": "veth"})

    def _create(self, spec: LinkSpec, host: Link | None, dpu: Link | None) -> None:
        self._do(f"create {self.host_ns.name}/{spec.host_ifname} <-> {self.dpu_ns.name}/{spec.dpu_ifname}",
                 self.root.link, "add", ifname=spec.host_ifname, kind="veth", net_ns_fd=self.host_ns.fd,
                 address=spec.host_mac, mtu=spec.mtu, state="up",
                 peer={"ifname": spec.dpu_ifname, "net_ns_fd": self.dpu_ns.fd, "address": spec.dpu_mac, "mtu": spec.mtu})
        self._record("host", spec.host_ifname, host, {"mtu": spec.mtu, "mac": spec.host_mac, "up": True, "kind": "veth"})
        self._record("dpu", spec.dpu_ifname, dpu, {"mtu": spec.mtu, "mac": spec.dpu_mac, "up": True, "kind": "veth"})

    def _bring_up_dpu_ends(self, wanted: list[LinkSpec]) -> None:
        """The kernel ignores flags on a veth peer at creation: one dump, then set up."""
        links = dump(self.dpu_ns.ipr)
        for spec in wanted:
            link = links.get(spec.dpu_ifname)
            if link is not None and not link.up:
                self.dpu_ns.ipr.link("set", index=link.index, state="up")

    def _isolate_host(self) -> None:
        """The host namespace keeps no default route of its own: its traffic goes through the DPU."""
        for family in (socket.AF_INET, socket.AF_INET6):
            for route in self.host_ns.ipr.get_routes(family=family, table=254):
                if route["dst_len"] == 0:
                    spec = {"gateway": route.get("RTA_GATEWAY"), "oif": route.get("RTA_OIF")}
                    self._do(f"{self.host_ns.name}: delete default route (host isolation)",
                             self.host_ns.ipr.route, "del", family=family, dst_len=0, table=254,
                             **{k: v for k, v in spec.items() if v is not None})
                    self.report.before["host/default-route"] = {"gateway": route.get("RTA_GATEWAY")}
                    self.report.after["host/default-route"] = None

    def remove_all(self, host_fmt: str, dpu_fmt: str) -> PairReport:
        """state=absent: every link named like ours, on both sides."""
        for ns, side, fmt in ((self.host_ns, "host", host_fmt), (self.dpu_ns, "dpu", dpu_fmt)):
            pattern = name_pattern(fmt, self.pair.index)
            for name, link in sorted(dump(ns.ipr).items()):
                if pattern.match(name) and link.kind == "veth":
                    self._delete(ns, side, name, link, "state=absent")
        return self.report


def verify(pair: PairSpec, wanted: list[LinkSpec]) -> list[str]:
    """Hardware DPUs: the representor names that are missing in the DPU's namespace (or, without
    one, where the module runs)."""
    with netlink_in(pair.dpu_netns) if pair.dpu_netns else IPRoute() as ipr:
        present = dump(ipr)
    return [spec.dpu_ifname for spec in wanted if spec.dpu_ifname not in present]
