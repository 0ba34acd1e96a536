# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The node_taints module's work: every node checked first, then each node's taints set (or
taken off) with one patch guarded by its resourceVersion, and the pods already there that do
not tolerate them reported. A NoExecute taint that would evict pods is refused unless allowed."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.apply_set import ApplySet
from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.taints import EFFECTS
from ansible_collections.ovnk.dpu.plugins.module_utils.taints.nodes import (
    differs, intolerant_pods, merged, node_taints, spec_problems)

# The module's wiring (plugins/modules/node_taints.py runs run_entry on this file).
KUBE = True
LIBRARIES = ()

TAINT_OPTIONS = {
    "key": {"type": "str", "required": True, "no_log": False},
    "value": {"type": "str", "default": ""},
    "effect": {"type": "str", "required": True, "choices": list(EFFECTS)},
}
ARGUMENT_SPEC: dict[str, dict] = {
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "nodes": {"type": "list", "elements": "dict", "required": True, "options": {
        "cluster": {"type": "str", "required": True, "choices": list(CLUSTERS)},
        "name": {"type": "str", "required": True},
        "taints": {"type": "list", "elements": "dict", "default": [], "options": TAINT_OPTIONS},
    }},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "allow_eviction": {"type": "bool", "default": False},
}


def run(module: Any) -> dict:
    p = module.params
    wanted = node_taints(p["nodes"])
    problems = spec_problems(wanted)
    if problems:
        raise InputError(problems, "invalid node_taints arguments: ")
    work = ApplySet(module, {c: p[f"{c}_kubeconfig"] for c in CLUSTERS})
    used = sorted({w.cluster for w in wanted})
    nodes = {c: work.clusters[c].nodes() for c in used}
    missing = [f"{w.name} ({w.cluster})" for w in wanted if w.name not in nodes[w.cluster]]
    if missing:
        raise InputError(f"nodes: not found in their cluster: {', '.join(missing)}; fix the inventory's node names")
    present = p["state"] == "present"
    intolerant: list[dict] = []
    if present:
        pods = {c: _pods(work, c) for c in used}
        for w in wanted:
            intolerant += [{"cluster": w.cluster, **found} for found in intolerant_pods(pods[w.cluster], w.name, w.taints)]
        _refuse_evictions(intolerant, p["allow_eviction"])
    for w in wanted:
        node = nodes[w.cluster][w.name]
        current = node.get("spec", {}).get("taints") or []
        target = merged(current, w.taints, present)
        if differs(current, target):
            if not module.check_mode:
                _patch(work, w.cluster, w.name, node, target)
            work.record(w.cluster, "Node", w.name, True, before={"taints": current}, after={"taints": target})
    if intolerant:
        work.warnings.append("pods already running on tainted nodes that do not tolerate the taint (left running; "
                             "move them or add the toleration): " + ", ".join(
                                 f"{i['pod']} on {i['node']} ({i['cluster']})" for i in intolerant))
    return work.result(intolerant_pods=intolerant)


def _pods(work: ApplySet, cluster: str) -> list[dict]:
    applier = work.clusters[cluster]
    with applier.calling("list", "Pods"):
        return applier.client.get(applier.client.resource("Pod", "v1")).to_dict()["items"]


def _refuse_evictions(intolerant: list[dict], allowed: bool) -> None:
    evicted = [i for i in intolerant if i["evicted"]]
    if evicted and not allowed:
        raise OperationError("a NoExecute taint would evict pods that do not tolerate it: " + ", ".join(
            f"{i['pod']} on {i['node']} ({i['cluster']})" for i in evicted)
            + "; nothing was tainted - move them first, use NoSchedule, or allow the eviction (allow_eviction)")


def _patch(work: ApplySet, cluster: str, name: str, node: dict, taints: list[dict]) -> None:
    """One merge patch of the whole list, guarded by the resourceVersion read (a conflict fails, never overwrites)."""
    version = node["metadata"]["resourceVersion"]
    work.clusters[cluster].patch_node(name, {"metadata": {"resourceVersion": version}, "spec": {"taints": taints}})
