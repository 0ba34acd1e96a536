"""What a lab holds, to compare before and after a run: every object of both clusters (all
resource types the API servers serve), the links of every namespace of the lab and of the
machine, and each DPU's OVS database. Fields that change by themselves (status, heartbeats,
resource versions) are left out; what a run writes stays in."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from kubernetes import config as k8s_config
from kubernetes.dynamic import DynamicClient
from pyroute2 import IPRoute, netns

from labtools import LabUnderTest

# Kinds whose objects change on their own; only their presence counts.
PRESENCE_ONLY = {"Lease", "Endpoints", "EndpointSlice", "Event", "Pod"}  # Pods: their controllers remake them
SKIPPED = {"Event", "events.k8s.io/Event", "ComponentStatus"}
_VOLATILE_META = ("resourceVersion", "managedFields", "generation", "creationTimestamp", "uid", "selfLink")


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _key(kind: str, item: dict) -> str:
    meta = item["metadata"]
    name = meta["name"]
    if meta.get("generateName"):  # a controller's object: named by its owner, not its random suffix
        owners = meta.get("ownerReferences") or []
        name = f"{meta['generateName']}*(owner {','.join(o['name'] for o in owners)}"
        if any(o["kind"] == "DaemonSet" for o in owners):  # one per node; a Deployment's land anywhere
            name += f" on {item.get('spec', {}).get('nodeName', '-')}"
        name += ")"
    return f"{kind} {meta.get('namespace', '')}/{name}"


def _content(kind: str, item: dict) -> str:
    if kind in PRESENCE_ONLY:
        return "present"
    meta = {k: v for k, v in item["metadata"].items() if k not in _VOLATILE_META}
    if kind == "Pod":
        meta.pop("name", None)
    return _digest({"metadata": meta, **{k: v for k, v in item.items() if k not in ("metadata", "status")}})


def cluster_objects(kubeconfig: str) -> dict[str, str]:
    """Every object the API server serves: kind namespace/name -> a digest of what a run could write."""
    client = DynamicClient(k8s_config.new_client_from_config(kubeconfig))
    found: dict[str, str] = {}
    seen_kinds = set()
    nodes = {n["metadata"]["name"] for n in client.get(client.resources.get(api_version="v1", kind="Node")).to_dict()["items"]}
    for resource in client.resources.search():
        if "list" not in (resource.verbs or []) or "/" in resource.name or resource.kind.endswith("List"):
            continue
        kind = resource.kind if not resource.group else f"{resource.group}/{resource.kind}"
        if kind in SKIPPED or kind in seen_kinds:
            continue  # a kind served in two versions is listed once
        seen_kinds.add(kind)
        for item in client.get(resource).to_dict().get("items") or []:
            if resource.kind == "Pod" and (item.get("spec") or {}).get("nodeName") not in nodes | {None}:
                continue  # on a Node that is gone: the pod garbage collector's, in its own time
            found[_key(kind, item)] = _content(resource.kind, item)
    return found


def links(lab: LabUnderTest) -> dict[str, str]:
    """Every link of the machine and of the lab's namespaces: name, kind, MTU, state."""
    found = {}
    for space in [None, *sorted(n for n in netns.listnetns() if n.startswith(f"{lab.name}-"))]:
        with IPRoute(**({"netns": space} if space else {})) as ipr:
            for link in ipr.get_links():
                info = link.get("IFLA_LINKINFO")
                kind = info.get("IFLA_INFO_KIND") if info else ""
                found[f"{space or 'machine'}/{link.get('ifname')}"] = f"{kind} mtu {link.get('mtu')} {link.get('state')}"
    return found


def ovs(lab: LabUnderTest, dpus: list[str]) -> dict[str, str]:
    """Each DPU's bridges, ports and the Open_vSwitch record's external_ids."""
    found = {}
    for dpu in dpus:
        found[f"{dpu}/external_ids"] = lab.ovs_vsctl(dpu, "get", "Open_vSwitch", ".", "external_ids")
        for bridge in lab.ovs_vsctl(dpu, "list-br").split():
            found[f"{dpu}/{bridge}"] = lab.ovs_vsctl(dpu, "list-ports", bridge)
    return found


def take(lab: LabUnderTest, dpus: list[str]) -> dict[str, dict[str, str]]:
    return {
        "tenant": cluster_objects(str(lab.state_dir / "tenant" / "admin.kubeconfig")),
        "infra": cluster_objects(str(lab.state_dir / "infra" / "admin.kubeconfig")),
        "links": links(lab),
        "ovs": ovs(lab, dpus),
    }


def settled(lab: LabUnderTest, dpus: list[str], timeout: float = 90) -> dict[str, dict[str, str]]:
    """The lab once two looks a few seconds apart agree: what an earlier test started (a Node's pods
    being collected, a namespace going) has finished."""
    deadline = time.monotonic() + timeout
    last = take(lab, dpus)
    while time.monotonic() < deadline:
        time.sleep(3)
        now = take(lab, dpus)
        if now == last:
            return now
        last = now
    raise AssertionError(f"the lab kept changing for {timeout} s: {differences(last, take(lab, dpus))[:10]}")


def differences(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> list[str]:
    """What changed, one line each: added, removed or changed, by part."""
    changes = []
    for part in before:
        old, new = before[part], after[part]
        changes += [f"{part}: added {k}" for k in sorted(set(new) - set(old))]
        changes += [f"{part}: removed {k}" for k in sorted(set(old) - set(new))]
        changes += [f"{part}: changed {k}" for k in sorted(set(old) & set(new)) if old[k] != new[k]]
    return changes
