# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a drain leaves on a host, sorted as kubectl drain sorts it: pods that stay (a DaemonSet's, mirror pods,
finished ones, and pods that tolerate the cordon, which come back at once) and pods that should have left."""

from __future__ import annotations

MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
UNSCHEDULABLE_TAINT_KEY = "node.kubernetes.io/unschedulable"
FINISHED_PHASES = ("Succeeded", "Failed")


def stays(pod: dict) -> bool:
    """Whether a drain leaves the pod on its node by design."""
    meta, spec = pod.get("metadata") or {}, pod.get("spec") or {}
    tolerations = spec.get("tolerations") or []
    return (any(owner.get("kind") == "DaemonSet" for owner in meta.get("ownerReferences") or [])
            or MIRROR_ANNOTATION in (meta.get("annotations") or {})
            or (pod.get("status") or {}).get("phase") in FINISHED_PHASES
            or any(t.get("operator") == "Exists" and not t.get("key") for t in tolerations)
            or any(t.get("key") == UNSCHEDULABLE_TAINT_KEY for t in tolerations))


def pods_left(pods: list[dict]) -> dict[str, list[str]]:
    """`evictable` and `staying`: the pods' namespace/name, in the order given."""
    found: dict[str, list[str]] = {"evictable": [], "staying": []}
    for pod in pods:
        meta = pod.get("metadata") or {}
        found["staying" if stays(pod) else "evictable"].append(f"{meta.get('namespace')}/{meta.get('name')}")
    return found
