# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's Node objects, through kubernetes.core's client: register them for kwok, delete
the ones the inventory dropped, wait until they are Ready, make one NotReady on demand."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import kwok

from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import API_ERRORS as _API_ERRORS

try:
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.exceptions import CoreException
    from kubernetes.dynamic.exceptions import NotFoundError
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    get_api_client = None
    NotFoundError = CoreException = Exception

# The lab's own calls also fail when kubernetes.core cannot make a client (no kubeconfig yet).
API_ERRORS = (CoreException, *_API_ERRORS)


class NodeApi:
    """The Nodes of one lab cluster, as its admin."""

    def __init__(self, kubeconfig: Path, cluster: str) -> None:
        self.cluster = cluster
        self.client = get_api_client(kubeconfig=str(kubeconfig))
        self.resource = self.client.resource("Node", "v1")
        # Nodes whose kubelet register() started again: their pods are readied once they are Ready.
        self.restarted: list[str] = []

    def all(self) -> dict[str, dict[str, Any]]:
        items = self.client.get(self.resource).to_dict()["items"]
        return {item["metadata"]["name"]: item for item in items}

    def get(self, name: str) -> dict[str, Any] | None:
        try:
            return self.client.get(self.resource, name=name).to_dict()
        except NotFoundError:
            return None

    def register(self, names: list[str]) -> list[str]:
        """Create the Nodes that do not exist and hand back to kwok those whose kubelet was
        stopped (lab_node ready=false): a started lab runs every node. Returns what it did."""
        existing = self.all()
        done = []
        for name in names:
            if name not in existing:
                self.client.create(self.resource, kwok.node_object(name))
                done.append(f"register Node {name} ({self.cluster})")
            elif not kwok.is_managed(existing[name]):
                self.patch(name, kwok.managed_patch(True))
                self.restarted.append(name)
                done.append(f"start the kubelet of Node {name} ({self.cluster})")
        return done

    def delete(self, names: list[str]) -> list[str]:
        deleted = []
        for name in names:
            try:
                self.client.delete(self.resource, name=name)
                deleted.append(name)
            except NotFoundError:
                pass
        return deleted

    def patch(self, name: str, merge_patch: dict[str, Any]) -> dict[str, Any]:
        return self.client.patch(self.resource, merge_patch, name=name,
                                 content_type="application/merge-patch+json").to_dict()

    def pods_ready_again(self, node_names: list[str]) -> list[str]:
        """What a kubelet does when it comes back: report its running pods Ready again (the node
        lifecycle controller marked them not Ready while the node was down; kwok only readies
        new pods). One list of the cluster's pods for all the named nodes."""
        pods = self.client.resource("Pod", "v1")
        status = pods.subresources["status"]
        wanted = set(node_names)
        readied = []
        for pod in self.client.get(pods).to_dict()["items"]:
            if (pod.get("spec") or {}).get("nodeName") not in wanted:
                continue
            if (pod.get("status") or {}).get("phase") != "Running" or kwok.is_ready(pod):
                continue
            meta = pod["metadata"]
            self.client.patch(status, kwok.pod_ready_patch(pod), name=meta["name"], namespace=meta["namespace"],
                              content_type="application/strategic-merge-patch+json")
            readied.append(f"{meta['namespace']}/{meta['name']}")
        return readied

    def leases_renewed_since(self, since: datetime) -> set[str]:
        """The nodes whose Lease in kube-node-lease was renewed at or after since: their kubelet
        (kwok) heartbeats again, so the node lifecycle controller will not mark them Unknown."""
        leases = self.client.resource("Lease", "coordination.k8s.io/v1")
        items = self.client.get(leases, namespace=kwok.NODE_LEASE_NAMESPACE).to_dict()["items"]
        return {item["metadata"]["name"] for item in items if kwok.renewed_since(item, since)}

    def not_ready(self, names: list[str], heartbeat_since: datetime | None = None) -> list[str]:
        """The named nodes that are missing, not Ready, or still tainted as not ready; with
        heartbeat_since, also those whose Lease was not renewed since then."""
        nodes = self.all()
        renewed = self.leases_renewed_since(heartbeat_since) if heartbeat_since else None
        return [n for n in names
                if n not in nodes or not kwok.is_usable(nodes[n]) or (renewed is not None and n not in renewed)]


def wait_ready(apis: list[NodeApi], names_by_cluster: dict[str, list[str]], timeout: float,
               heartbeat_since: dict[str, datetime] | None = None) -> list[str]:
    """Wait until every named Node of every cluster is Ready and untainted (pods can be scheduled
    there) and, for the clusters in heartbeat_since, has renewed its Lease since that moment,
    with a list per cluster and poll; return '<cluster>/<node>' for those that are not at the
    deadline."""
    deadline = time.monotonic() + timeout
    since = heartbeat_since or {}
    while True:
        pending = [f"{api.cluster}/{n}" for api in apis
                   for n in api.not_ready(names_by_cluster.get(api.cluster, []), since.get(api.cluster))]
        if not pending or time.monotonic() >= deadline:
            return pending
        time.sleep(0.5)


def set_readiness(kubeconfig: Path, name: str, ready: bool, timeout: float,
                  check_mode: bool = False) -> tuple[bool, bool]:
    """Stop Node name's simulated kubelet (kwok lets it go: no more Lease renewals, so the
    node lifecycle controller marks it Unknown and its pods not Ready, as for a dead kubelet),
    or start it again; wait until the Node's status shows it. Returns (changed, ready before)."""
    api = NodeApi(kubeconfig, "")
    node = api.get(name)
    if node is None:
        raise LookupError(f"Node {name} does not exist")
    before = kwok.is_ready(node) and kwok.is_managed(node)
    # Down means its kubelet is stopped (kwok let it go), whatever the Node says yet; up means
    # kwok has it and it is Ready and untainted.
    done = kwok.is_managed(node) and kwok.is_usable(node) if ready else not kwok.is_managed(node)
    if done or check_mode:
        return not done, before
    api.patch(name, kwok.managed_patch(ready))
    if timeout <= 0:  # not waited for: a power-off's NotReady comes after the controller's grace period
        return True, before
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        node = api.get(name) or {}
        if (kwok.is_usable(node) if ready else not kwok.is_ready(node)):
            if ready:
                api.pods_ready_again([name])
            return True, before
        time.sleep(0.25)
    raise TimeoutError(f"Node {name} is still {'NotReady' if ready else 'Ready'} after {timeout:.0f}s")
