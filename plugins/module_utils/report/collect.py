# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the install looks like now, read from both clusters and the DPUs' namespaces: per
cluster its API, version, nodes and MachineConfigPools; per pair its representors, each side's
ovnkube-node and the host's DPU health Lease; the tenant nodes without a DPU."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS, MODE_LABEL, PEER_ANNOTATION
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import lease as leases
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.config import lease_name
from ansible_collections.ovnk.dpu.plugins.module_utils.machine_config.pools import API_VERSION as MCP_API_VERSION
from ansible_collections.ovnk.dpu.plugins.module_utils.net.netlink import netlink_in, namespaces
from ansible_collections.ovnk.dpu.plugins.module_utils.representors.links import ifname


@dataclass
class Report:
    clusters: list[dict] = field(default_factory=list)
    pairs: list[dict] = field(default_factory=list)
    others: list[dict] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """What a person should look at, one line each."""
        found = [f"{c['cluster']} cluster: MachineConfigPool {p['name']} is {p['state']}"
                 for c in self.clusters for p in c["pools"] if p["state"] not in ("Updated", "not served")]
        for pair in self.pairs:
            where = f"pair {pair['host']}/{pair['dpu'] or '?'}"
            reps = pair["representors"]
            if reps["up"] is not None and reps["up"] < reps["expected"]:
                found.append(f"{where}: {reps['up']}/{reps['expected']} representors up")
            found += [f"{where}: ovnkube-node on {side['node']} is {side['state']}"
                      for side in (pair["host_node"], pair["dpu_node"]) if side["state"] != "ready"]
            if pair["lease"]["state"] != leases.HEALTHY:
                found.append(f"{where}: Lease {pair['lease']['name']} is {pair['lease']['state']} ({pair['lease']['reason']})")
        found += [f"node {o['node']}: ovnkube-node is {o['state']}" for o in self.others if o["state"] != "ready"]
        return found

    def as_dict(self) -> dict[str, Any]:
        return {"clusters": self.clusters, "pairs": self.pairs, "others": self.others, "problems": self.problems}


def collect(module: Any) -> Report:
    p = module.params
    clients = {c: Applier(module, p[f"{c}_kubeconfig"], cluster=c) for c in CLUSTERS}
    nodes = {c: clients[c].nodes() for c in CLUSTERS}
    pods = {c: _ovnkube_pods(clients[c], p["namespace"]) for c in CLUSTERS}
    report = Report(clusters=[_cluster(c, clients[c], nodes[c], p["pools"].get(c) or []) for c in CLUSTERS])
    peers = _peers(p["pairs"], nodes["tenant"])
    now = datetime.now(timezone.utc)
    known = namespaces() if p["netns"] else set()
    for position, host in enumerate(sorted(peers)):
        dpu = peers[host]
        index = p["pair_indexes"].get(host, position)
        lease = clients["tenant"].get("Lease", "coordination.k8s.io/v1", lease_name(host), p["namespace"])
        report.pairs.append({
            "host": host, "dpu": dpu, "index": index,
            "representors": _representors(p, dpu, index, known),
            "host_node": _node_state(host, nodes["tenant"], pods["tenant"]),
            "dpu_node": _node_state(dpu, nodes["infra"], pods["infra"]),
            "lease": _lease(host, lease, now, p["skew_tolerance"]),
        })
    report.others = [_node_state(name, nodes["tenant"], pods["tenant"]) for name in sorted(nodes["tenant"])
                     if name not in peers and not _is_control_plane(nodes["tenant"][name])]
    return report


def _peers(inventory: dict[str, str | None], tenant_nodes: dict[str, dict]) -> dict[str, str | None]:
    """Host -> DPU: what the hosts' pairing annotations say, else the inventory's wish."""
    peers = {name: (node["metadata"].get("annotations") or {}).get(PEER_ANNOTATION)
             for name, node in tenant_nodes.items()}
    found = {host: dpu for host, dpu in peers.items() if dpu}
    return {**inventory, **found}


def _is_control_plane(node: dict) -> bool:
    labels = node["metadata"].get("labels") or {}
    return "node-role.kubernetes.io/control-plane" in labels


def _cluster(cluster: str, client: Applier, nodes: dict[str, dict], pool_names: list[str]) -> dict:
    version = client.version()
    ready = [n for n, node in nodes.items() if _ready(node)]
    return {"cluster": cluster, "api_url": client.client.configuration.host, "version": version,
            "nodes": len(nodes), "nodes_ready": len(ready), "pools": [_pool(client, name) for name in pool_names]}


def _ready(obj: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (obj.get("status") or {}).get("conditions") or [])


def _pool(client: Applier, name: str) -> dict:
    row = {"name": name, "state": "not served", "machines": 0, "updated": 0}
    with client.calling("read", "the MachineConfigPool API"):
        served = client.service.find_resource("MachineConfigPool", MCP_API_VERSION, fail=False)
    if not served:
        return row
    pool = client.get("MachineConfigPool", MCP_API_VERSION, name)
    if pool is None:
        return {**row, "state": "missing"}
    status = pool.get("status") or {}
    conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
    state = ("Degraded" if conditions.get("Degraded") == "True" else "Updating" if conditions.get("Updating") == "True"
             else "Updated" if conditions.get("Updated") == "True" else "unknown")
    return {**row, "state": state, "machines": status.get("machineCount", 0),
            "updated": status.get("updatedMachineCount", 0)}


def _ovnkube_pods(client: Applier, namespace: str) -> dict[str, dict]:
    """Node name -> the collection's ovnkube-node pod there (by its mode label)."""
    return {pod["spec"]["nodeName"]: pod for pod in client.items("Pod", "v1", namespace, MODE_LABEL)
            if (pod.get("spec") or {}).get("nodeName")}


def _node_state(name: str | None, nodes: dict[str, dict], pods: dict[str, dict]) -> dict:
    if not name or name not in nodes:
        return {"node": name, "node_ready": False, "mode": None, "pod": None, "state": "no node"}
    pod = pods.get(name)
    row = {"node": name, "node_ready": _ready(nodes[name]), "mode": None, "pod": None, "state": "no ovnkube-node"}
    if pod:
        row.update(mode=pod["metadata"]["labels"][MODE_LABEL], pod=pod["metadata"]["name"],
                   state="ready" if _ready(pod) else "not ready")
    return row


def _representors(p: dict, dpu: str | None, index: int, known: set[str]) -> dict:
    """Up/expected: the DPU side's links up in its namespace (where the node is one on this machine)."""
    expected = p["representor_count"]
    netns = p["netns"].get(dpu or "")
    if not netns:
        return {"up": None, "expected": expected}
    if netns not in known:
        return {"up": 0, "expected": expected}
    wanted = {ifname(p["dpu_ifname_format"], index, i) for i in range(expected)}
    with netlink_in(netns) as ipr:
        up = [link.get("ifname") for link in ipr.get_links()
              if link.get("ifname") in wanted and link.get("operstate") == "UP"]
    return {"up": len(up), "expected": expected}


def _lease(host: str, found: dict | None, now: datetime, tolerance: float) -> dict:
    health = leases.health(found, now, tolerance)
    return {"name": lease_name(host), "state": health.state,
            "age": round(health.age, 1) if health.age is not None else None, "reason": health.reason}
