# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovnk_node module's work: validate every mode, then server-side apply (or delete) each
mode's DaemonSet on its cluster through kubernetes.core, and wait for the rollouts."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.node_spec import summary, validate_only, validated
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import node_spec

# The module's wiring (plugins/modules/ovnk_node.py runs run_entry on this file).
ARGUMENT_SPEC = node_spec.ARGUMENT_SPEC
KUBE = True


def _rollout(instance: dict) -> dict:
    status = instance.get("status") or {}
    return {key: status.get(key, 0) for key in ("desiredNumberScheduled", "updatedNumberScheduled", "numberReady")}


def _header(definition: dict, cluster: str) -> dict:
    title = f"{cluster}: DaemonSet {definition['metadata']['name']}"
    return {"before_header": title, "after_header": title}


class Clusters:
    """One kubernetes.core client per cluster the modes need, made on first use."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self._appliers: dict[str, Applier] = {}

    def __getitem__(self, cluster: str) -> Applier:
        if cluster not in self._appliers:
            self._appliers[cluster] = Applier(self.module, self.module.params[f"{cluster}_kubeconfig"], cluster=cluster)
        return self._appliers[cluster]

    def act(self, definition: dict, cluster: str, wait: bool) -> dict:
        params = self.module.params
        if params["state"] == "absent":
            return self[cluster].delete(definition, wait=wait)
        return self[cluster].apply(definition, params["field_manager"], params["force_conflicts"], wait=wait)


def run(module: Any) -> dict:
    params = module.params
    if params["validate_only"]:
        return validate_only(params)
    clusters = Clusters(module)
    entries, diffs = [], []
    for definition in validated(params).values():
        entry = summary(definition)
        result = clusters.act(definition, entry["cluster"], wait=False)
        for warning in result.get("warnings") or []:
            module.warn(warning)
        entry["changed"] = bool(result.get("changed"))
        if result.get("changed") and "diff" in result:
            diffs.append({**result["diff"], **_header(definition, entry["cluster"])})
        entries.append((entry, definition, result))
    # Wait only once every mode is applied: the rollouts run side by side.
    for entry, definition, result in entries:
        instance = result.get("result")
        if params["wait"]:
            instance = clusters[entry["cluster"]].wait(definition, params["wait_timeout"], params["wait_sleep"],
                                                       present=params["state"] == "present")
        if params["state"] == "present" and isinstance(instance, dict):
            entry["rollout"] = _rollout(instance)
    out = {"changed": any(e["changed"] for e, _d, _r in entries), "daemonsets": [e for e, _d, _r in entries]}
    if module._diff:
        out["diff"] = diffs
    return out
