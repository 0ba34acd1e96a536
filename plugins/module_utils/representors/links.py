# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which representor links a host↔DPU pair has: names, MACs, MTU. Pure logic.

Host side `eth0-<i>`, DPU side `rep0-<i>` in the DPU's own namespace (what OVN-K's simulated DPU
expects; seed 004's `rep<pair>-<i>` is an option). MACs follow OVN-Kubernetes'
simulated DPU (dpu-simulator's GenerateMACForHostToDpu): 52:54:00, then the first two bytes
of sha256(<node name> NUL <"host"|"dpu">), then the index, so the DPU can compute the host
peer's MAC from the host's Node name.
"""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import PLATFORMS
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import IFNAME_RULE, is_interface_name

MAC_OUI = "52:54:00"
MAX_COUNT = 256  # the index is the MAC's last byte
MIN_MTU, MAX_MTU = 68, 65535
FORMAT_FIELDS = {"pair", "index"}
# OVN-K's simulated DPU (--simulate-dpu) finds a VF's representor as rep<PF>-<VF> and knows only PF 0,
# so each DPU's links are rep0-<i> in its own namespace; seed 004's rep<pair>-<i> is an option.
DEFAULT_FORMATS = {
    "lab": ("eth0-{index}", "rep0-{index}"),
    "kind": ("eth0-{index}", "rep0-{index}"),
    "openshift": ("eth0-{index}", "pf0vf{index}"),  # BlueField VF representors
}


@dataclass(frozen=True)
class PairSpec:
    host: str
    dpu: str
    index: int
    host_netns: str | None
    dpu_netns: str | None


@dataclass(frozen=True)
class LinkSpec:
    """One veth pair: host end and DPU end."""

    index: int
    host_ifname: str
    dpu_ifname: str
    host_mac: str
    dpu_mac: str
    mtu: int


def peer_mac(node: str, role: str, index: int) -> str:
    digest = hashlib.sha256(f"{node}\x00{role}".encode()).digest()
    return f"{MAC_OUI}:{digest[0]:02x}:{digest[1]:02x}:{index & 0xff:02x}"


def ifname(fmt: str, pair: int, index: int) -> str:
    return fmt.format(pair=pair, index=index)


def name_pattern(fmt: str, pair: int) -> re.Pattern:
    """Matches the names fmt gives this pair's links, capturing the index."""
    literal = fmt.replace("{pair}", str(pair)).split("{index}")
    return re.compile("^" + r"(\d+)".join(re.escape(part) for part in literal) + "$")


def links(pair: PairSpec, count: int, mtu: int, host_fmt: str, dpu_fmt: str) -> list[LinkSpec]:
    return [LinkSpec(i, ifname(host_fmt, pair.index, i), ifname(dpu_fmt, pair.index, i),
                     peer_mac(pair.host, "host", i), peer_mac(pair.dpu, "dpu", i), mtu)
            for i in range(count)]


def format_problems(field: str, fmt: str) -> list[str]:
    try:
        fields = {item[1] for item in string.Formatter().parse(fmt) if item[1] is not None}
    except ValueError as e:
        return [f"{field}: {fmt!r} is not a valid format ({e}); use e.g. rep{{pair}}-{{index}}"]
    if "index" not in fields or fields - FORMAT_FIELDS:
        return [f"{field}: {fmt!r} must contain {{index}} and no field other than {{pair}} and {{index}}"]
    return []


def _shared_namespace_problems(pairs: list[PairSpec], host_fmt: str, dpu_fmt: str) -> list[str]:
    """A format without {pair} gives every pair the same names: their namespaces must differ."""
    problems = []
    for field, fmt, side in (("host_ifname_format", host_fmt, "host_netns"), ("dpu_ifname_format", dpu_fmt, "dpu_netns")):
        if "{pair}" in fmt:
            continue
        owner: dict[str, str] = {}
        for pair in pairs:
            ns = getattr(pair, side)
            if ns and ns in owner:
                problems.append(f"{field}: {fmt!r} names the links of {owner[ns]} and {pair.host} alike, and both are in "
                                f"network namespace {ns!r}; give each its own namespace or put {{pair}} in the format")
            if ns:
                owner.setdefault(ns, pair.host)
    return problems


def validate(pairs: list[PairSpec], count: int, mtu: int, host_fmt: str, dpu_fmt: str,
             namespaces: set[str], need_netns: bool) -> list[str]:
    """Every problem, each naming the field and the fix, before any link is made."""
    problems = []
    if not 1 <= count <= MAX_COUNT:
        problems.append(f"count: {count} is out of range; use 1 to {MAX_COUNT} links per pair")
    if not MIN_MTU <= mtu <= MAX_MTU:
        problems.append(f"mtu: {mtu} is out of range; use {MIN_MTU} to {MAX_MTU}")
    problems += format_problems("host_ifname_format", host_fmt) + format_problems("dpu_ifname_format", dpu_fmt)
    if problems:
        return problems
    seen: dict[int, str] = {}
    problems += _shared_namespace_problems(pairs, host_fmt, dpu_fmt)
    for n, pair in enumerate(pairs):
        if pair.index in seen:
            problems.append(f"pairs[{n}].index: {pair.index} is also used by {seen[pair.index]}; give each pair its own index")
        seen[pair.index] = pair.host
        for field, fmt in (("host_ifname_format", host_fmt), ("dpu_ifname_format", dpu_fmt)):
            longest = ifname(fmt, pair.index, max(count - 1, 0))
            if not is_interface_name(longest):
                problems.append(f"{field}: {longest!r} (pair {pair.index}) is not a legal interface name "
                                f"({IFNAME_RULE}); shorten the format")
        for field in ("host_netns", "dpu_netns"):
            ns = getattr(pair, field)
            if need_netns and not ns:
                problems.append(f"pairs[{n}].{field}: missing; name the node's network namespace")
            elif ns and ns not in namespaces:
                problems.append(f"pairs[{n}].{field}: network namespace {ns!r} does not exist; "
                                "start the lab (or create the namespace) or fix the name")
    return problems


# The dpu_representors module's arguments (the preflight module checks count, mtu and the formats).
ARGUMENT_SPEC: dict[str, dict] = {
    "pairs": {"type": "list", "elements": "dict", "required": True, "options": {
        "host": {"type": "str", "required": True},
        "dpu": {"type": "str", "required": True},
        "index": {"type": "int"},
        "host_netns": {"type": "str"},
        "dpu_netns": {"type": "str"},
    }},
    "count": {"type": "int", "default": 16},
    "mtu": {"type": "int", "default": 1500},
    "host_ifname_format": {"type": "str"},
    "dpu_ifname_format": {"type": "str"},
    "links": {"type": "str", "choices": ["veth", "sriov"]},
    "platform": {"type": "str", "choices": list(PLATFORMS), "default": "lab"},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
}
