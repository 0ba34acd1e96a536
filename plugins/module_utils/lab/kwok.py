# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's simulated nodes: kwok's stages and the Node objects it manages.

kwok (sigs.k8s.io/kwok) plays the kubelet of every lab node: it marks registered Nodes
Ready, renews their Leases in kube-node-lease, and moves the Pods scheduled to them to
Running and Ready (and deletes them when asked). The lab registers the Nodes itself, as a
kubelet would, with the label kwok selects on; taking the label away is a kubelet that
stopped (see nodes.set_readiness). The stages are kwok's own, from its release (the build
script keeps them next to the binary), and one of the lab's own (POD_READY_AGAIN).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.components import KWOK_NODE_LABEL, KWOK_NODE_VALUE

STAGE_DIR = "kwok-stages"
NODE_LEASE_NAMESPACE = "kube-node-lease"
STAGES = (
    "node/fast/node-initialize.yaml",
    "node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
    "pod/fast/pod-ready.yaml",
    "pod/fast/pod-complete.yaml",
    "pod/fast/pod-delete.yaml",
)


# A kubelet reports its pods' readiness on every status sync: when the node controller marked a pod not Ready
# (its node's heartbeat came late, as on two busy cores) the kubelet sets it back. kwok's stages only make
# Pending pods Ready, so without this a late heartbeat leaves the pods of a Ready node not Ready for good.
POD_READY_AGAIN = """apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ovnk-dpu-lab-pod-ready-again
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.status.conditions.[] | select( .type == "ContainersReady" ) | .status'
      operator: 'In'
      values: ['True']
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: ContainersReady
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: PodScheduled"""


def stage_files(bin_dir: Path) -> list[Path]:
    return [bin_dir / STAGE_DIR / s for s in STAGES]


def render_config(bin_dir: Path) -> str:
    """kwok's --config: the stages above as one multi-document YAML (kwok's files, as they are, and the lab's)."""
    documents = [p.read_text().strip().removeprefix("---").strip() for p in stage_files(bin_dir)] + [POD_READY_AGAIN]
    return "".join(f"---\n{doc}\n" for doc in documents)


def node_object(name: str) -> dict[str, Any]:
    """A Node as a kubelet registers it, for kwok to manage."""
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": name,
            "labels": {
                KWOK_NODE_LABEL: KWOK_NODE_VALUE,
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux",
                "beta.kubernetes.io/arch": "amd64",
            },
        },
    }


def is_managed(node: dict[str, Any]) -> bool:
    return (node.get("metadata", {}).get("labels") or {}).get(KWOK_NODE_LABEL) == KWOK_NODE_VALUE


def is_ready(obj: dict[str, Any]) -> bool:
    """Whether a Node's or a Pod's Ready condition is True."""
    conditions = (obj.get("status") or {}).get("conditions") or []
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


# Taints the node lifecycle controller puts on a node that is not Ready, and takes off a while
# after it is Ready again; until then nothing new is scheduled there.
NODE_HEALTH_TAINTS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")


def is_usable(node: dict[str, Any]) -> bool:
    """Ready, and the controller knows it: no not-ready/unreachable taint left."""
    taints = (node.get("spec") or {}).get("taints") or []
    return is_ready(node) and not any(t.get("key") in NODE_HEALTH_TAINTS for t in taints)


def managed_patch(managed: bool) -> dict[str, Any]:
    """Merge patch that hands a Node to kwok (its kubelet runs) or takes it away (it stopped)."""
    return {"metadata": {"labels": {KWOK_NODE_LABEL: KWOK_NODE_VALUE if managed else None}}}


def pod_ready_patch(pod: dict[str, Any]) -> dict[str, Any]:
    """Strategic merge patch of a Pod's status: Ready and its containers ready again."""
    # Whole entries: containerStatuses has no merge key, a patch replaces the list.
    containers = [{**c, "ready": True} for c in (pod.get("status") or {}).get("containerStatuses") or []]
    conditions = [{"type": t, "status": "True"} for t in ("Ready", "ContainersReady")]
    return {"status": {"conditions": conditions, "containerStatuses": containers}}


def renewed_since(lease: dict[str, Any], since: datetime) -> bool:
    """Whether a node Lease's renewTime (an RFC 3339 MicroTime) is at or after since (aware)."""
    renew = (lease.get("spec") or {}).get("renewTime")
    if not renew:
        return False
    if isinstance(renew, datetime):
        renewed = renew
    else:
        renewed = datetime.fromisoformat(str(renew).replace("Z", "+00:00"))
    return renewed >= since
