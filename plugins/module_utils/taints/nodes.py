# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which taints each DPU host and DPU gets, the taint list a node ends up with, and the pods
already on a node that would not tolerate it (reported, never evicted silently)."""

from __future__ import annotations

from dataclasses import dataclass
from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS, DPU_NOT_READY_TAINT
from ansible_collections.ovnk.dpu.plugins.module_utils.common.taints import same, taint_problems, tolerates

# Pods that are done keep no place on a node.
FINISHED_PHASES = ("Succeeded", "Failed")


@dataclass(frozen=True)
class NodeTaints:
    cluster: str
    name: str
    taints: tuple[dict, ...]


def node_taints(params: list[dict]) -> list[NodeTaints]:
    return [NodeTaints(n["cluster"], n["name"], tuple(_normal(t) for t in n.get("taints") or ())) for n in params]


def _normal(taint: dict) -> dict:
    out = {"key": taint.get("key") or "", "effect": taint.get("effect")}
    if taint.get("value"):
        out["value"] = str(taint["value"])
    return out


def spec_problems(wanted: list[NodeTaints]) -> list[str]:
    problems = []
    seen: set[tuple[str, str]] = set()
    for i, node in enumerate(wanted):
        if node.cluster not in CLUSTERS:
            problems.append(f"nodes[{i}].cluster: '{node.cluster}' is not one of {', '.join(CLUSTERS)}")
        if (node.cluster, node.name) in seen:
            problems.append(f"nodes[{i}]: {node.name} ({node.cluster}) is listed twice; list each node once")
        seen.add((node.cluster, node.name))
        for j, taint in enumerate(node.taints):
            problems += taint_problems(f"nodes[{i}].taints[{j}] ({node.name})", taint)
            if any(same(taint, other) for other in node.taints[:j]):
                problems.append(f"nodes[{i}].taints[{j}] ({node.name}): {taint['key']}:{taint['effect']} is given twice")
    return problems


def merged(current: list[dict], ours: tuple[dict, ...], present: bool) -> list[dict]:
    """The node's taints with ours set (present) or taken off; everyone else's kept, in order."""
    kept = [t for t in current if not any(same(t, o) for o in ours)]
    if not present:
        return kept
    updated = []
    for taint in current:
        mine = next((o for o in ours if same(taint, o)), None)
        updated.append({**{k: v for k, v in taint.items() if k != "value"}, **mine} if mine else taint)
    return updated + [o for o in ours if not any(same(o, t) for t in current)]


def differs(current: list[dict], target: list[dict]) -> bool:
    def key(t: dict) -> tuple:
        return (t.get("key"), t.get("effect"), t.get("value") or "")
    return sorted(map(key, current)) != sorted(map(key, target))


def intolerant_pods(pods: list[dict], node: str, taints: tuple[dict, ...]) -> list[dict]:
    """Pods running on node (not finished) that do not tolerate every one of taints."""
    found = []
    for pod in pods:
        spec, status = pod.get("spec") or {}, pod.get("status") or {}
        if spec.get("nodeName") != node or status.get("phase") in FINISHED_PHASES:
            continue
        missing = [t for t in taints if not tolerates(spec.get("tolerations") or [], t)]
        if missing:
            meta = pod["metadata"]
            found.append({"node": node, "pod": f"{meta.get('namespace')}/{meta['name']}",
                          "taints": [f"{t['key']}:{t['effect']}" for t in missing],
                          "evicted": any(t["effect"] == "NoExecute" for t in missing)})
    return found


def nodes_of_topology(topology: dict, hosts_group: str = "dpu_hosts", dpus_group: str = "dpu_nodes") -> dict:
    """node_taints' nodes from the resolved inventory (the ovnk_dpu fact), by choice: `taint` - each DPU host and
    DPU with its taints (ovnk_dpu_host_taints, ovnk_dpu_dpu_taints, as the node sets them or inventory-wide);
    `skip` - those that opted out (ovnk_dpu_node_taints_skip), whose taints an earlier run may have put on;
    `watchdog` - each DPU host with the lease watchdog's taint (a teardown takes it off)."""
    by_choice: dict[str, list[dict]] = {"taint": [], "skip": [], "watchdog": []}
    for group, cluster, variable in ((hosts_group, "tenant", "ovnk_dpu_host_taints"),
                                     (dpus_group, "infra", "ovnk_dpu_dpu_taints")):
        for name in topology["groups"].get(group) or []:
            own = topology["nodes"][name]["settings"]
            choice = "skip" if own["ovnk_dpu_node_taints_skip"] is True else "taint"
            by_choice[choice].append({"cluster": cluster, "name": name, "taints": own[variable]})
    by_choice["watchdog"] = [{"cluster": "tenant", "name": name, "taints": [dict(DPU_NOT_READY_TAINT)]}
                             for name in topology["groups"].get(hosts_group) or []]
    return by_choice
