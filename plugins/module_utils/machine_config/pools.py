# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""MachineConfigPools for the DPU hosts (tenant) and the DPUs (infra): the pool objects, the
node-role labels that put nodes in them, and how to read a pool's roll-out from its status."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS, MANAGED_BY

API_VERSION = "machineconfiguration.openshift.io/v1"
ROLE_LABEL_PREFIX = "node-role.kubernetes.io/"
MACHINE_CONFIG_ROLE = "machineconfiguration.openshift.io/role"
# A pool's roll-out has failed when one of these conditions is True.
DEGRADED_CONDITIONS = ("Degraded", "NodeDegraded", "RenderDegraded")
NODE_STATE = "machineconfiguration.openshift.io/state"
NODE_REASON = "machineconfiguration.openshift.io/reason"
NODE_CURRENT = "machineconfiguration.openshift.io/currentConfig"
_PERCENT = re.compile(r"^(100|[1-9]?[0-9])%$")
_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


@dataclass(frozen=True, eq=False)  # keyed by identity: one per entry of pools
class PoolSpec:
    """One pool the inventory asks for."""

    cluster: str
    name: str
    nodes: tuple[str, ...]
    machine_config_roles: tuple[str, ...]
    max_unavailable: Any = 1
    labels: dict = field(default_factory=dict)
    # MachineConfigs another operator renders for this pool (SR-IOV's offload): the roll-out counts
    # only once the pool's configuration takes them in.
    required_machine_configs: tuple[str, ...] = ()

    @property
    def role_label(self) -> str:
        """The node-role label that puts a node in this pool (and names its MachineConfigs' role)."""
        return ROLE_LABEL_PREFIX + self.name

    @property
    def where(self) -> str:
        return f"the {self.cluster} cluster: MachineConfigPool {self.name}"


def pool_specs(params: list[dict]) -> list[PoolSpec]:
    return [PoolSpec(p["cluster"], p["name"], tuple(p.get("nodes") or ()), tuple(p.get("machine_config_roles") or ()),
                     p.get("max_unavailable", 1), dict(p.get("labels") or {}),
                     tuple(p.get("required_machine_configs") or ())) for p in params]


def spec_problems(pools: list[PoolSpec]) -> list[str]:
    """Each problem names the pool's field and the fix; empty when the pools can be applied."""
    problems = []
    seen: dict[str, str] = {}
    for i, pool in enumerate(pools):
        field_name = f"pools[{i}] ({pool.name})"
        if pool.cluster not in CLUSTERS:
            problems.append(f"{field_name}.cluster: '{pool.cluster}' is not one of {', '.join(CLUSTERS)}")
        if not _NAME.match(pool.name) or len(pool.name) > 63:
            problems.append(f"{field_name}.name: '{pool.name}' is not a pool name (lowercase letters, digits and '-', "
                            "63 at most); fix ovnk_dpu_mcp_host_pool or ovnk_dpu_mcp_dpu_pool")
        elif pool.name in ("master", "worker"):
            problems.append(f"{field_name}.name: '{pool.name}' is the cluster's own pool; name the DPU pool otherwise "
                            "(ovnk_dpu_mcp_host_pool: dpu-host, ovnk_dpu_mcp_dpu_pool: dpu)")
        if not pool.machine_config_roles:
            problems.append(f"{field_name}.machine_config_roles: empty; list the roles whose MachineConfigs the pool "
                            f"takes (worker, {pool.name})")
        if not _max_unavailable_ok(pool.max_unavailable):
            problems.append(f"{field_name}.max_unavailable: '{pool.max_unavailable}' is neither a positive number "
                            "nor a percentage (1-100%); ovnk_dpu_mcp_max_unavailable sets it")
        for node in pool.nodes:
            key = f"{pool.cluster}/{node}"
            if key in seen and seen[key] != pool.name:
                problems.append(f"{field_name}.nodes: {node} is also in pool {seen[key]} of the {pool.cluster} "
                                "cluster; a node belongs to one custom pool")
            seen[key] = pool.name
    return problems


def _max_unavailable_ok(value: Any) -> bool:
    if isinstance(value, str) and not value.isdigit():
        return bool(_PERCENT.match(value)) and value != "0%"
    try:
        return int(value) >= 1
    except (TypeError, ValueError):
        return False


def pool_object(pool: PoolSpec) -> dict:
    """The MachineConfigPool: nodes by their role label, MachineConfigs by role (worker's and its own)."""
    max_unavailable = pool.max_unavailable
    if isinstance(max_unavailable, str) and max_unavailable.isdigit():
        max_unavailable = int(max_unavailable)
    return {
        "apiVersion": API_VERSION,
        "kind": "MachineConfigPool",
        "metadata": {"name": pool.name, "labels": {**MANAGED_BY, **pool.labels}},
        "spec": {
            "machineConfigSelector": {"matchExpressions": [
                {"key": MACHINE_CONFIG_ROLE, "operator": "In", "values": list(pool.machine_config_roles)}]},
            "nodeSelector": {"matchLabels": {pool.role_label: ""}},
            "maxUnavailable": max_unavailable,
            "paused": False,
        },
    }


def label_patches(pool: PoolSpec, nodes: dict[str, dict], present: bool = True) -> dict[str, dict]:
    """Merge patches for the pool's nodes whose role label is missing (present) or there (absent)."""
    patches = {}
    for name in pool.nodes:
        labels = (nodes.get(name) or {}).get("metadata", {}).get("labels") or {}
        if present and labels.get(pool.role_label) != "":
            patches[name] = {"metadata": {"labels": {pool.role_label: ""}}}
        elif not present and pool.role_label in labels:
            patches[name] = {"metadata": {"labels": {pool.role_label: None}}}
    return patches


def strays(pool: PoolSpec, nodes: dict[str, dict]) -> list[str]:
    """Nodes that carry the pool's role label but are not the pool's (labelled by hand, or a removed pair)."""
    return sorted(n for n, node in nodes.items()
                  if pool.role_label in (node["metadata"].get("labels") or {}) and n not in pool.nodes)


@dataclass(frozen=True)
class Rollout:
    """Where a pool's roll-out is."""

    done: bool
    degraded: str = ""
    progress: str = ""


def rollout(pool: PoolSpec, instance: dict | None, nodes: dict[str, dict]) -> Rollout:
    """Read a pool's status: done when the operator saw its latest spec, counts every node of
    the pool, every machine is updated and nothing is degraded; degraded names the nodes."""
    if not instance:
        return Rollout(False, progress="the pool does not exist yet")
    status = instance.get("status") or {}
    conditions = {c.get("type"): c for c in status.get("conditions") or []}
    generation = instance["metadata"].get("generation")
    current = generation is None or status.get("observedGeneration") == generation
    failing = [conditions[t] for t in DEGRADED_CONDITIONS if (conditions.get(t) or {}).get("status") == "True"]
    # A Degraded the operator wrote about an older spec may be gone with the new one: wait for its word.
    if current and (failing or status.get("degradedMachineCount")):
        return Rollout(False, degraded=_degraded_message(pool, failing, nodes))
    machines, updated = status.get("machineCount", 0), status.get("updatedMachineCount", 0)
    progress = f"{updated} of {machines} machines updated"
    if not current:
        return Rollout(False, progress=f"the operator has not seen generation {generation} yet")
    if machines < len(pool.nodes):
        return Rollout(False, progress=f"{progress}; {len(pool.nodes)} nodes expected")
    # The configuration the pool rolls to: the render controller's (spec), else the one reported.
    target = (instance.get("spec") or {}).get("configuration") or status.get("configuration") or {}
    pending = sorted(set(pool.required_machine_configs) - {s.get("name") for s in target.get("source") or []})
    if pending:
        return Rollout(False, progress=f"the operator has not rendered {', '.join(pending)} into the pool yet")
    updated_condition = conditions.get("Updated") or {}
    if updated_condition.get("status") != "True" or updated != machines:
        updating = (conditions.get("Updating") or {}).get("message") or ""
        return Rollout(False, progress=f"{progress}" + (f" ({updating})" if updating else ""))
    behind = _behind(pool, target.get("name", ""), nodes)
    if behind:
        return Rollout(False, progress=f"{progress}; not on it yet: {', '.join(behind)}")
    return Rollout(True, progress=progress)


def _behind(pool: PoolSpec, configuration: str, nodes: dict[str, dict]) -> list[str]:
    """The pool's nodes whose own annotations do not say they run the pool's configuration."""
    behind = []
    for name in pool.nodes:
        annotations = (nodes.get(name) or {}).get("metadata", {}).get("annotations") or {}
        if annotations.get(NODE_CURRENT) != configuration or annotations.get(NODE_STATE) != "Done":
            behind.append(name)
    return behind


def _degraded_message(pool: PoolSpec, failing: list[dict], nodes: dict[str, dict]) -> str:
    reasons = {}
    for name in pool.nodes:
        annotations = (nodes.get(name) or {}).get("metadata", {}).get("annotations") or {}
        if annotations.get(NODE_STATE) == "Degraded":
            reasons[name] = annotations.get(NODE_REASON) or "no reason given"
    by_node = "; ".join(f'{n}: "{r}"' for n, r in sorted(reasons.items()))
    said = "; ".join(f"{c.get('type')}: {c.get('reason') or ''} {c.get('message') or ''}".strip() for c in failing)
    named = f"degraded nodes {', '.join(sorted(reasons))} ({by_node})" if reasons else "no node reports why"
    return (f"{pool.where} is degraded - {named}" + (f"; the pool says {said}" if said else "")
            + "; fix the node (describe it; on OpenShift the machine-config-daemon's log on it), then run again")
