# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a pairing changes: Node labels and the peer annotation on both clusters, and the
DPU's OVS external_ids. Computed from what the clusters and OVS hold now; pure logic."""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import dpu_ovs
from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import (
    DPU_LABELS,
    HOST_LABELS,
    OVS_HOST_KEY,
    PEER_ANNOTATION,
)

# Everything a pairing may have put on a node, whatever the platform was, so un-pairing
# removes all of it.
_MANAGED_LABELS = {
    "tenant": sorted({label for labels in HOST_LABELS.values() for label in labels}),
    "infra": sorted({label for labels in DPU_LABELS.values() for label in labels}),
}
_ROLE_LABELS = {"tenant": HOST_LABELS, "infra": DPU_LABELS}


@dataclass
class NodeChange:
    cluster: str
    node: str
    before: dict[str, dict[str, str]]
    after: dict[str, dict[str, str]]

    def merge_patch(self) -> dict:
        """A JSON merge patch: new or changed keys with their value, dropped keys as null."""
        metadata = {}
        for field in ("labels", "annotations"):
            old, new = self.before[field], self.after[field]
            delta = {k: v for k, v in new.items() if old.get(k) != v}
            delta.update({k: None for k in old if k not in new})
            if delta:
                metadata[field] = delta
        return {"metadata": metadata}


@dataclass
class OvsChange:
    """external_ids keys of one DPU's OVS: their values now and wanted (None: removed)."""

    dpu: str
    remote: str
    before: dict[str, str | None]
    after: dict[str, str | None]

    def to_set(self) -> dict[str, str]:
        return {k: v for k, v in self.after.items() if v is not None}

    def to_remove(self) -> list[str]:
        return [k for k, v in self.after.items() if v is None]


def managed_metadata(cluster: str, metadata: dict) -> dict[str, dict[str, str]]:
    """The part of a Node's metadata that pairing owns."""
    labels = metadata.get("labels") or {}
    annotations = metadata.get("annotations") or {}
    return {
        "labels": {k: labels[k] for k in _MANAGED_LABELS[cluster] if k in labels},
        "annotations": {PEER_ANNOTATION: annotations[PEER_ANNOTATION]} if PEER_ANNOTATION in annotations else {},
    }


def _paired(cluster: str, platform: str, current: dict, peer: str) -> dict[str, dict[str, str]]:
    labels = dict(current["labels"], **dict.fromkeys(_ROLE_LABELS[cluster][platform], ""))
    return {"labels": labels, "annotations": {PEER_ANNOTATION: peer}}


_UNPAIRED: dict[str, dict[str, str]] = {"labels": {}, "annotations": {}}


def node_changes(pairs: dict[str, str], platform: str, present: bool, prune: bool,
                 tenant_nodes: dict[str, dict], infra_nodes: dict[str, dict]) -> list[NodeChange]:
    """The Node changes on both clusters. *_nodes map a node name to its metadata.

    present: every listed host and DPU carries its role labels and names its peer.
    not present: the listed ones lose them. prune: nodes paired earlier (they carry the
    peer annotation) and no longer listed lose them too.
    """
    wanted = {"tenant": pairs, "infra": {dpu: host for host, dpu in pairs.items()}}
    changes = []
    for cluster, nodes in (("tenant", tenant_nodes), ("infra", infra_nodes)):
        for name, metadata in nodes.items():
            current = managed_metadata(cluster, metadata)
            peer = wanted[cluster].get(name)
            if peer is not None:
                target = _paired(cluster, platform, current, peer) if present else _UNPAIRED
            elif prune and current["annotations"]:
                target = _UNPAIRED
            else:
                continue
            if target != current:
                changes.append(NodeChange(cluster, name, current, target))
    return changes


def _change(dpu: str, remote: str, current: dict[str, str], wanted: dict[str, str | None]) -> list[OvsChange]:
    delta = {k: v for k, v in wanted.items() if current.get(k) != v}
    return [OvsChange(dpu, remote, {k: current.get(k) for k in delta}, delta)] if delta else []


def ovs_changes(pairs: dict[str, str], present: bool, remotes: dict[str, str], current: dict[str, dict[str, str]],
                pruned_dpus: list[str], settings: dict[str, dict] | None = None) -> list[OvsChange]:
    """The DPUs whose external_ids must change. current maps a DPU to its external_ids now.

    present: the host it serves and its settings (tunnel address, gateway). Un-pairing (or
    pruning) removes only host-k8s-nodename: the tunnel and gateway describe the DPU itself."""
    changes = []
    for host, dpu in pairs.items():
        now = current.get(dpu, {})
        if present:
            changes += _change(dpu, remotes[dpu], now, dpu_ovs.wanted_ids(host, (settings or {}).get(dpu) or {}))
        elif now.get(OVS_HOST_KEY) == host:
            changes += _change(dpu, remotes[dpu], now, {OVS_HOST_KEY: None})
    for dpu in pruned_dpus:
        if dpu in remotes and current.get(dpu, {}).get(OVS_HOST_KEY) is not None:
            changes += _change(dpu, remotes[dpu], current[dpu], {OVS_HOST_KEY: None})
    return changes


def diff(changes: list[NodeChange], ovs: list[OvsChange]) -> dict[str, dict]:
    """Ansible's before/after, per cluster and node, and per DPU for OVS."""
    before: dict[str, dict] = {"tenant": {}, "infra": {}, "ovs": {}}
    after: dict[str, dict] = {"tenant": {}, "infra": {}, "ovs": {}}
    for c in changes:
        before[c.cluster][c.node], after[c.cluster][c.node] = c.before, c.after
    for o in ovs:
        before["ovs"][o.dpu], after["ovs"][o.dpu] = o.before, o.after
    return {"before": before, "after": after}
