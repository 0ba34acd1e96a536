# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The upgrade_check module's work: read both clusters' releases and running OVN-K images, and
refuse an upgrade whose skew the policy does not allow, before any host is drained."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS, MODE_LABEL, NAMESPACE
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.version import SKEW_POLICIES
from ansible_collections.ovnk.dpu.plugins.module_utils.upgrade.skew import image_problems, kube_problem

# The module's wiring (plugins/modules/upgrade_check.py runs run_entry on this file).
KUBE = True
LIBRARIES = ()

ARGUMENT_SPEC: dict[str, dict] = {
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "namespace": {"type": "str", "default": NAMESPACE},
    "image": {"type": "str", "required": True},
    "dpu_image": {"type": "str", "required": True},
    "allowed_skew": {"type": "str", "default": "patch", "choices": list(SKEW_POLICIES)},
    "allowed_kube_skew": {"type": "int", "default": 1},
}


def running_images(client: Applier, namespace: str) -> dict[str, str]:
    """Mode -> the image of the ovnkube-node DaemonSet of that mode (its first container's)."""
    return {ds["metadata"]["labels"][MODE_LABEL]: ds["spec"]["template"]["spec"]["containers"][0]["image"]
            for ds in client.items("DaemonSet", "apps/v1", namespace, MODE_LABEL)}


def run(module: Any) -> dict[str, Any]:
    p = module.params
    if p["allowed_kube_skew"] < 0:
        raise InputError(f"allowed_kube_skew: {p['allowed_kube_skew']} is negative; set the minor versions the clusters "
                         "may be apart, 0 or more (ovnk_dpu_upgrade_allowed_kube_skew, default 1)")
    clients = {c: Applier(module, p[f"{c}_kubeconfig"], cluster=c) for c in CLUSTERS}
    versions = {cluster: client.version() for cluster, client in clients.items()}
    running = {**running_images(clients["tenant"], p["namespace"]), **running_images(clients["infra"], p["namespace"])}
    target = {"dpu-host": p["image"], "dpu": p["dpu_image"]}
    problems = image_problems(running, target, p["allowed_skew"])
    kube = kube_problem(versions, p["allowed_kube_skew"])
    problems = ([kube] if kube else []) + problems
    if problems:
        raise InputError(problems, "the upgrade cannot start: ")
    return {"changed": False, "versions": versions, "images": running, "target": target}
