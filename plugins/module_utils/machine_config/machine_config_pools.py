# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The machine_config_pools module's work: the pools applied and their nodes labelled on both
clusters, then the gate - wait until every pool has rolled out, or stop on the first degraded
one with its nodes' reasons."""

from __future__ import annotations

import time
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.apply_set import ApplySet
from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.machine_config.pools import (
    API_VERSION, PoolSpec, label_patches, pool_object, pool_specs, rollout, spec_problems, strays)

# The module's wiring (plugins/modules/machine_config_pools.py runs run_entry on this file).
KUBE = True
LIBRARIES = ()

POOL_OPTIONS = {
    "cluster": {"type": "str", "required": True, "choices": list(CLUSTERS)},
    "name": {"type": "str", "required": True},
    "nodes": {"type": "list", "elements": "str", "default": []},
    "machine_config_roles": {"type": "list", "elements": "str", "required": True},
    "max_unavailable": {"type": "raw", "default": 1},
    "labels": {"type": "dict", "default": {}},
    "required_machine_configs": {"type": "list", "elements": "str", "default": []},
}
ARGUMENT_SPEC: dict[str, dict] = {
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "pools": {"type": "list", "elements": "dict", "required": True, "options": POOL_OPTIONS},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "wait": {"type": "bool", "default": True},
    "wait_timeout": {"type": "int", "default": 1800},
    "wait_sleep": {"type": "int", "default": 5},
    "field_manager": {"type": "str", "default": "ovnk.dpu"},
}


def run(module: Any) -> dict:
    p = module.params
    pools = pool_specs(p["pools"])
    problems = spec_problems(pools)
    if problems:
        raise InputError(problems, "invalid machine_config_pools arguments: ")
    work = ApplySet(module, {c: p[f"{c}_kubeconfig"] for c in CLUSTERS}, p["field_manager"])
    used = {pool.cluster for pool in pools}
    nodes = {c: work.clusters[c].nodes() for c in CLUSTERS if c in used}
    _known_nodes(pools, nodes)
    if p["state"] == "absent":
        for pool in pools:
            _remove(work, pool, nodes[pool.cluster])
        return work.result(pools=[])
    for pool in pools:
        work.apply(pool.cluster, pool_object(pool))
        _label(work, pool, nodes[pool.cluster], present=True)
        stray = strays(pool, nodes[pool.cluster])
        if stray:
            work.warnings.append(f"{pool.where}: {', '.join(stray)} carry {pool.role_label} but the inventory does not "
                                 "list them; they stay in the pool (remove the label by hand to move them out)")
    if module.check_mode:
        states = _check_mode_states(work, pools, nodes)
    else:
        states = _gate(module, work, pools) if p["wait"] else _read(work, pools)
    return work.result(pools=states)


def _known_nodes(pools: list[PoolSpec], nodes: dict[str, dict]) -> None:
    missing = [f"{pool.name}: {n} ({pool.cluster})" for pool in pools for n in pool.nodes if n not in nodes[pool.cluster]]
    if missing:
        raise InputError(f"pools: nodes not found in their cluster: {', '.join(missing)}; fix the inventory's node "
                         "names or join the nodes first")


def _label(work: ApplySet, pool: PoolSpec, nodes: dict[str, dict], present: bool) -> None:
    applier = work.clusters[pool.cluster]
    for name, patch in label_patches(pool, nodes, present).items():
        if not work.module.check_mode:
            applier.patch_node(name, patch)
        before = {"labels": {k: v for k, v in (nodes[name]["metadata"].get("labels") or {}).items()
                             if k == pool.role_label}}
        work.record(pool.cluster, "Node", name, True, before=before, after={"labels": patch["metadata"]["labels"]})


def _remove(work: ApplySet, pool: PoolSpec, nodes: dict[str, dict]) -> None:
    """Nodes out of the pool first (back to the worker pool), then the pool."""
    _label(work, pool, nodes, present=False)
    applier = work.clusters[pool.cluster]
    if applier.get("MachineConfigPool", API_VERSION, pool.name) is not None:
        if not work.module.check_mode:
            applier.delete(pool_object(pool))
        work.record(pool.cluster, "MachineConfigPool", pool.name, True, before={"name": pool.name}, after={})


def _read(work: ApplySet, pools: list[PoolSpec]) -> list[dict]:
    return [_state(pool, work.clusters[pool.cluster].get("MachineConfigPool", API_VERSION, pool.name)) for pool in pools]


def _state(pool: PoolSpec, instance: dict | None) -> dict:
    status = (instance or {}).get("status") or {}
    return {"cluster": pool.cluster, "name": pool.name, "nodes": list(pool.nodes),
            "configuration": (status.get("configuration") or {}).get("name", ""),
            "machine_count": status.get("machineCount", 0), "updated_machine_count": status.get("updatedMachineCount", 0),
            "degraded_machine_count": status.get("degradedMachineCount", 0)}


def _gate(module: Any, work: ApplySet, pools: list[PoolSpec]) -> list[dict]:
    """Wait until every pool rolled out; a degraded pool stops the run at once, with its reasons."""
    p = module.params
    deadline = time.monotonic() + p["wait_timeout"]
    while True:
        instances = {pool: work.clusters[pool.cluster].get("MachineConfigPool", API_VERSION, pool.name) for pool in pools}
        nodes = {c: work.clusters[c].nodes() for c in {pool.cluster for pool in pools}}
        readings = {pool: rollout(pool, instances[pool], nodes[pool.cluster]) for pool in pools}
        degraded = [r.degraded for r in readings.values() if r.degraded]
        if degraded:
            raise OperationError("; ".join(degraded))
        if all(r.done for r in readings.values()):
            return [_state(pool, instances[pool]) for pool in pools]
        if time.monotonic() > deadline:
            pending = "; ".join(f"{pool.where}: {r.progress}" for pool, r in readings.items() if not r.done)
            raise OperationError(f"MachineConfigPools not updated after {p['wait_timeout']} s: {pending}; a roll-out "
                                 "reboots each node in turn - check the pools (oc get mcp) and raise the timeout "
                                 "if they are still progressing")
        time.sleep(p["wait_sleep"])


def _check_mode_states(work: ApplySet, pools: list[PoolSpec], nodes: dict[str, dict]) -> list[dict]:
    """Check mode waits for nothing; a pool that is degraded now is reported as a real run would stop."""
    states = []
    for pool in pools:
        instance = work.clusters[pool.cluster].get("MachineConfigPool", API_VERSION, pool.name)
        reading = rollout(pool, instance, nodes[pool.cluster])
        if reading.degraded:
            work.warnings.append(f"check mode: a real run would stop here: {reading.degraded}")
        states.append(_state(pool, instance))
    return states
