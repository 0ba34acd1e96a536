# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The install as the inventory describes it, resolved once: every setting with its default, each
node (role, cluster, peer, network namespace, machine, its own settings) and the sorted pairs with
everything a stage needs of them. Every role, preflight, the report, the watchdog, the upgrade, the
teardown and molecule's verify read this one result (the ovnk_dpu fact, plugins/lookup/inventory.py),
so they agree on which hosts are paired, each pair's index and its links' names. Pure."""

from __future__ import annotations

import re
from typing import Any, Optional

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTER_OF_ROLE
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import settings

GROUPS = ("ovnk_nodes", "tenant_cluster", "infra_cluster", "dpu_hosts", "full_nodes", "dpu_nodes")
# What a node's machine is known by: Ansible's connection variables.
CONNECTION_VARIABLES = ("ansible_connection", "ansible_host")


def _index(value: Any) -> Optional[int]:
    """A pair index as written, when it is a whole number (preflight names any other)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    return None


def machine_of(name: str, connection: dict[str, Any]) -> str:
    """Where a node's tasks run: one name per machine (hosts reached locally, or at one address, share it)."""
    if connection.get("ansible_connection") == "local":
        return "localhost"
    return str(connection.get("ansible_host") or name)


def ifname(fmt: str, pair: int, index: int) -> str:
    return fmt.replace("{pair}", str(pair)).replace("{index}", str(index))


def _by_format(own: Optional[str], fmt: Optional[str], name: str) -> Optional[str]:
    """The node's own value, else the inventory-wide format with {node} filled, else none."""
    if own:
        return own
    return fmt.replace("{node}", name) if fmt else None


def node_record(name: str, own: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """One node: its role and cluster, its peer, where its links and OVSDB are, its machine, its own settings."""
    node_settings = {key: settings.convert(key, own[key]) if own.get(key) is not None else values[key]
                     for key in sorted(settings.PER_NODE)}
    role = node_settings["ovnk_dpu_node_role"]
    node_settings["ovnk_dpu_netns"] = _by_format(node_settings["ovnk_dpu_netns"], values["ovnk_dpu_netns_format"], name)
    if role == "dpu":
        node_settings["ovnk_dpu_ovs_remote"] = _by_format(node_settings["ovnk_dpu_ovs_remote"],
                                                          values["ovnk_dpu_ovs_remote_format"], name)
    return {"name": name, "role": role, "cluster": CLUSTER_OF_ROLE.get(role or ""),
            "peer": node_settings["ovnk_dpu_peer"] or None, "netns": node_settings["ovnk_dpu_netns"],
            "machine": machine_of(name, own), "settings": node_settings}


def pair_records(hosts: list[str], nodes: dict[str, dict], values: dict[str, Any]) -> list[dict[str, Any]]:
    """The pairs, by host name: each host of dpu_hosts with a peer (the one rule for "paired"); its index
    is the inventory's ovnk_dpu_pair_index, else its position among the paired hosts (the one index rule)."""
    paired = sorted(host for host in hosts if nodes[host]["peer"])
    records = []
    for position, host in enumerate(paired):
        dpu = nodes[host]["peer"]
        written_index = _index(nodes[host]["settings"]["ovnk_dpu_pair_index"])
        index = position if written_index is None else written_index
        dpu_node = nodes.get(dpu) or node_record(dpu, {}, values)
        dpu_own = dpu_node["settings"]
        links = {"host": host, "dpu": dpu, "index": index,
                 "host_netns": nodes[host]["netns"], "dpu_netns": dpu_node["netns"]}
        records.append({
            **links, "links": links,
            "host_machine": nodes[host]["machine"], "dpu_machine": dpu_node["machine"],
            "ovs_remote": dpu_own["ovnk_dpu_ovs_remote"],
            "ovs_settings": {"encap_ip": dpu_own["ovnk_dpu_encap_ip"],
                             "gateway_interface": dpu_own["ovnk_dpu_gateway_interface"],
                             "gateway_nexthop": dpu_own["ovnk_dpu_gateway_nexthop"]},
            "dpu_representors": [ifname(values["ovnk_dpu_representor_dpu_format"], index, i)
                                 for i in range(_count(values))],
            "host_representors": [ifname(values["ovnk_dpu_representor_host_format"], index, i)
                                  for i in range(_count(values))],
        })
    return records


def _count(values: dict[str, Any]) -> int:
    count = values["ovnk_dpu_representor_count"]
    return count if isinstance(count, int) and 0 < count <= 256 else 0


def with_machines(nodes: dict[str, dict]) -> None:
    """Name each node's machine by the inventory host that stands for it (localhost for local connections,
    else the first node, sorted, reached at that address): the host a task for that machine is delegated to."""
    first: dict[str, str] = {}
    for name in sorted(nodes):
        address = nodes[name]["machine"]
        first.setdefault(address, "localhost" if address == "localhost" else name)
    for node in nodes.values():
        node["machine"] = first[node["machine"]]


def resolve(groups: dict[str, list[str]], written: dict[str, Any],
            node_written: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ovnk_dpu fact. groups: the inventory's groups; written: the ovnk_dpu_* variables inventory-wide
    (and -e); node_written: each node's own ovnk_dpu_* variables that differ, and its connection variables."""
    groups = {name: list(groups.get(name) or []) for name in GROUPS}
    values = settings.resolve(written, groups)
    # Every node of any node group (a host left out of ovnk_nodes is still a node preflight must see).
    names = list(dict.fromkeys(name for group in GROUPS for name in groups[group]))
    nodes = {name: node_record(name, node_written.get(name) or {}, values) for name in names}
    with_machines(nodes)
    pairs = pair_records(groups["dpu_hosts"], nodes, values)
    return {
        "platform": values["ovnk_dpu_platform"],
        "settings": values,
        "groups": groups,
        "nodes": nodes,
        "pairs": pairs,
        "pair_map": {pair["host"]: pair["dpu"] for pair in pairs},
        "ovs_remotes": {pair["dpu"]: pair["ovs_remote"] for pair in pairs if pair["ovs_remote"]},
        "ovs_settings": {pair["dpu"]: pair["ovs_settings"] for pair in pairs if any(pair["ovs_settings"].values())},
        "netns": {name: node["netns"] for name, node in nodes.items() if node["netns"]},
        "machines": sorted({node["machine"] for node in nodes.values()}),
        "paired_hosts": [pair["host"] for pair in pairs],
        "unpaired_hosts": sorted(host for host in groups["dpu_hosts"] if not nodes[host]["peer"]),
        # As written, for preflight's checks of names, types and ranges.
        "written": {name: value for name, value in written.items() if value is not None},
        "node_written": {name: {k: v for k, v in own.items() if k.startswith("ovnk_dpu_")}
                         for name, own in node_written.items()
                         if any(k.startswith("ovnk_dpu_") for k in own)},
    }
