# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which DPU serves which host: proposal from discovery facts, the explicit map, validation.

Pure logic, no I/O: the dpu_pairing module feeds it the inventory's map, the discovered
facts and the two clusters' node names, and applies what it returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import PLATFORMS
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import NODE_NAME_RULE, is_node_name

try:
    from netaddr import EUI, AddrFormatError, mac_unix_expanded
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    EUI = AddrFormatError = mac_unix_expanded = None

_PCI_ADDRESS = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$")
FACT_ROLES = ("dpu-host", "dpu")


@dataclass(frozen=True)
class NodeFacts:
    """What discovery reports for one node: the board serial, the MACs of the PFs that
    link host and DPU (the host sees them as its NIC ports, the DPU as host-PF
    representors), and on the host the DPU's PCI address."""

    node: str
    role: str
    serial: str | None = None
    pf_macs: tuple[str, ...] = ()
    pci_address: str | None = None

    def keys(self) -> set[tuple[str, str]]:
        keys = {("serial", self.serial)} if self.serial else set()
        return keys | {("pf_mac", mac) for mac in self.pf_macs}


@dataclass
class Proposal:
    pairs: dict[str, str] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


@dataclass
class Pairing:
    """The map to apply (host → DPU), where each entry came from, and what discovery disputes."""

    pairs: dict[str, str]
    sources: dict[str, str]
    disagreements: list[dict[str, str | None]]
    proposal: Proposal


def parse_facts(raw: list[dict]) -> tuple[list[NodeFacts], list[str]]:
    """Normalise discovery facts (MACs to lowercase colon form); every bad field is reported."""
    facts, problems = [], []
    for i, item in enumerate(raw):
        where = f"discovery[{i}]"
        node, role = item.get("node"), item.get("role")
        if not node or not is_node_name(node):
            problems.append(f"{where}.node: {node!r} is not a node name ({NODE_NAME_RULE})")
        if role not in FACT_ROLES:
            problems.append(f"{where}.role: {role!r} must be one of {', '.join(FACT_ROLES)}")
        macs = []
        for mac in item.get("pf_macs") or []:
            try:
                macs.append(str(EUI(mac, dialect=mac_unix_expanded)))
            except (AddrFormatError, TypeError, ValueError):
                problems.append(f"{where}.pf_macs: {mac!r} is not a MAC address")
        pci = item.get("pci_address")
        if pci and not _PCI_ADDRESS.match(str(pci).lower()):
            problems.append(f"{where}.pci_address: {pci!r} is not a PCI address like 0000:3b:00.0")
        serial = str(item["serial"]).strip() if item.get("serial") else None
        facts.append(NodeFacts(str(node), str(role), serial, tuple(sorted(set(macs))),
                               str(pci).lower() if pci else None))
    return facts, problems


def propose(facts: list[NodeFacts]) -> Proposal:
    """Pair a host and a DPU that share a serial number or a PF MAC, and nothing else.

    A DPU matching several hosts, or a host matched by several DPUs, is ambiguous and
    proposed for neither.
    """
    hosts_by_key: dict[tuple[str, str], set[str]] = {}
    for f in facts:
        if f.role == "dpu-host":
            for key in f.keys():
                hosts_by_key.setdefault(key, set()).add(f.node)
    proposal = Proposal()
    dpus_of_host: dict[str, list[str]] = {}
    for f in (f for f in facts if f.role == "dpu"):
        hosts = set().union(*(hosts_by_key.get(k, set()) for k in f.keys())) if f.keys() else set()
        if len(hosts) == 1:
            dpus_of_host.setdefault(hosts.pop(), []).append(f.node)
        elif hosts:
            proposal.ambiguous.append(f"DPU {f.node} matches hosts {', '.join(sorted(hosts))}")
        else:
            proposal.unmatched.append(f.node)
    for host, dpus in sorted(dpus_of_host.items()):
        if len(dpus) == 1:
            proposal.pairs[host] = dpus[0]
        else:
            proposal.ambiguous.append(f"host {host} matches DPUs {', '.join(sorted(dpus))}")
    return proposal


def merge(explicit: dict[str, str], proposal: Proposal, accept_proposal: bool) -> Pairing:
    """The explicit map wins. Proposed pairs that contradict it are reported; proposed pairs
    for a host and a DPU the map does not mention are added only when accepted."""
    dpu_owner = {dpu: host for host, dpu in explicit.items()}
    pairs, sources = dict(explicit), dict.fromkeys(explicit, "explicit")
    disagreements = []
    for host, dpu in proposal.pairs.items():
        explicit_dpu, explicit_host = explicit.get(host), dpu_owner.get(dpu)
        if (explicit_dpu, explicit_host) == (dpu, host):
            sources[host] = "explicit, confirmed by discovery"
        elif explicit_dpu is not None or explicit_host is not None:
            disagreements.append({"host": host, "proposed_dpu": dpu, "explicit_dpu": explicit_dpu,
                                  "explicit_host_of_dpu": explicit_host})
        elif accept_proposal:
            pairs[host], sources[host] = dpu, "discovery"
    return Pairing(pairs, sources, disagreements, proposal)


def validate(pairs: dict[str, str], tenant_nodes: set[str] | None, infra_nodes: set[str] | None) -> list[str]:
    """Every problem of the whole map, each naming the field and the fix. A cluster's node set
    is None when it was not read (state absent needs no existing node)."""
    problems = []
    for host, dpu in pairs.items():
        for kind, name in (("host", host), ("DPU", dpu)):
            if not isinstance(name, str) or not is_node_name(name):
                problems.append(f"pairs: {kind} {name!r} is not a legal Kubernetes node name; use {NODE_NAME_RULE}")
    hosts_of_dpu: dict[str, list[str]] = {}
    for host, dpu in pairs.items():
        hosts_of_dpu.setdefault(dpu, []).append(host)
    for dpu, hosts in sorted(hosts_of_dpu.items()):
        if len(hosts) > 1:
            problems.append(f"pairs: DPU {dpu} is paired with {', '.join(sorted(hosts))}; "
                            "a DPU serves exactly one host, keep one of them")
    for name in sorted(set(pairs) & set(hosts_of_dpu)):
        problems.append(f"pairs: {name} is both a host and a DPU; a node has one role, rename or remove one entry")
    if tenant_nodes is not None:
        for host in sorted(set(pairs) - tenant_nodes):
            problems.append(f"pairs: host {host} is not a node of the tenant cluster; "
                            "fix the name or join the node first")
    if infra_nodes is not None:
        for dpu in sorted(set(hosts_of_dpu) - infra_nodes):
            problems.append(f"pairs: DPU {dpu} is not a node of the infra cluster; "
                            "fix the name or join the DPU first")
    return problems


def table(pairing: Pairing, facts: list[NodeFacts]) -> list[dict[str, str | None]]:
    """One row a pair, sorted by host, with what discovery said about it."""
    by_node = {f.node: f for f in facts}
    rows = []
    for host, dpu in sorted(pairing.pairs.items()):
        host_facts = by_node.get(host)
        rows.append({"host": host, "dpu": dpu, "source": pairing.sources[host],
                     "serial": host_facts.serial if host_facts else None,
                     "pci_address": host_facts.pci_address if host_facts else None})
    return rows


# The dpu_pairing module's arguments (the preflight module validates the same map).
ARGUMENT_SPEC: dict[str, dict] = {
    "platform": {"type": "str", "choices": list(PLATFORMS), "default": "lab"},
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "pairs": {"type": "dict", "default": {}},
    "discovery": {"type": "list", "elements": "dict", "default": [], "options": {
        "node": {"type": "str", "required": True},
        "role": {"type": "str", "required": True},
        "serial": {"type": "str"},
        "pf_macs": {"type": "list", "elements": "str"},
        "pci_address": {"type": "str"},
    }},
    "accept_proposal": {"type": "bool", "default": False},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "prune": {"type": "bool", "default": False},
    "manage_ovs": {"type": "bool", "default": True},
    "ovs_remotes": {"type": "dict", "default": {}},
    "ovs_settings": {"type": "dict", "default": {}},
}


def inventory_problems(pairs: dict[str, str | None], roles: dict[str, str | None]) -> list[str]:
    """The map against the inventory's node roles (no cluster needed): each dpu_hosts member names
    a DPU, each named DPU is in dpu_nodes, each DPU serves a host."""
    problems = []
    for host, dpu in sorted(pairs.items()):
        if roles.get(host) not in (None, "dpu-host"):
            problems.append(f"pairs: {host} is a {roles[host]} node; only dpu_hosts have a DPU, "
                            "move it to dpu_hosts or drop its ovnk_dpu_peer")
        if not dpu:
            problems.append(f"{host}: ovnk_dpu_peer is not set; set it to the inventory name of the host's DPU")
        elif dpu in roles and roles[dpu] != "dpu":
            problems.append(f"{host}: ovnk_dpu_peer {dpu} is a {roles[dpu]} node, not a DPU; "
                            "name a member of dpu_nodes")
        elif dpu not in roles:
            problems.append(f"{host}: ovnk_dpu_peer {dpu} is not in the inventory; add it to dpu_nodes or fix the name")
    for node, role in sorted(roles.items()):
        if role == "dpu-host" and node not in pairs:
            problems.append(f"{node}: a dpu_hosts member without ovnk_dpu_peer; set it to its DPU's inventory name")
        if role == "dpu" and node not in pairs.values():
            problems.append(f"{node}: no host names this DPU as its ovnk_dpu_peer; pair it or take it out of dpu_nodes")
    return problems
