# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovnk_node module's work: validate, check version skew, render, then server-side
apply (or delete) the DaemonSet through kubernetes.core."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils import ovnk_manifests, ovnk_version
from ansible_collections.ovnk.dpu.plugins.module_utils.k8s_apply import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.module_run import InputError


class NodeSpecError(InputError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems, "invalid ovnkube-node settings: ")


def problems_of(params: dict) -> list[str]:
    if params.get("state") == "absent":
        return []  # deleting needs only the name
    problems = ovnk_manifests.validate(params)
    skew = ovnk_version.skew_problem(params["image"], params.get("peer_image") or "", params["allowed_skew"],
                                     ("image", "peer_image", "allowed_skew"))
    return problems + ([skew] if skew else [])


def summary(definition: dict) -> dict:
    pod = definition["spec"]["template"]["spec"]
    return {
        "name": definition["metadata"]["name"], "namespace": definition["metadata"]["namespace"],
        "mode": definition["metadata"]["labels"]["ovnk.dpu/mode"],
        "containers": [c["name"] for c in pod["containers"]], "node_selector": pod["nodeSelector"],
    }


def _rollout(instance: dict) -> dict:
    status = instance.get("status") or {}
    return {key: status.get(key, 0) for key in ("desiredNumberScheduled", "updatedNumberScheduled", "numberReady")}


def run(module: Any) -> dict:
    params = module.params
    problems = problems_of(params)
    if problems:
        raise NodeSpecError(problems)
    definition = ovnk_manifests.daemonset(params)
    if params["validate_only"]:
        return {"changed": False, "daemonset": summary(definition)}
    applier = Applier(module)
    if params["state"] == "absent":
        result = applier.delete(definition, wait=params["wait"])
    else:
        result = applier.apply(definition, params["field_manager"], params["force_conflicts"], wait=params["wait"])
    result["daemonset"] = summary(definition)
    if params["state"] == "present" and isinstance(result.get("result"), dict):
        result["rollout"] = _rollout(result["result"])
    return result
