# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a lab is: its clusters, nodes, ports and file layout.

Pure data and validation, no side effects. Everything else in the lab package
takes a LabSpec and acts on it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTER_OF_ROLE, CLUSTERS, NODE_ROLES
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import NODE_NAME_RULE, is_node_name

MAX_NODES = 512
RUNTIME_ROOT = Path("/run/ovnk-dpu")
BINARIES = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok")

DEFAULT_POD_CIDRS = {"tenant": "10.244.0.0/16", "infra": "10.245.0.0/16"}

# The DPUs' uplink network (the fabric their tunnels run over): a bridge in namespace
# <lab>-fabric holding the first address (the DPUs' gateway next hop), and an uplink FABRIC_UPLINK
# in each DPU's namespace holding the DPU's tunnel (encap) address: the inventory's, in the lower
# half; a DPU the inventory gives none gets one by slot from the upper half, so the two never meet.
FABRIC_CIDR = ipaddress.ip_network("172.30.0.0/16")
FABRIC_PREFIX = FABRIC_CIDR.prefixlen
FABRIC_GATEWAY = str(FABRIC_CIDR[1])
FABRIC_GIVEN, FABRIC_BY_SLOT = FABRIC_CIDR.subnets(prefixlen_diff=1)
FABRIC_BRIDGE = "br-fabric"
FABRIC_UPLINK = "eth1"

_LAB_NAME = re.compile(r"^[a-z][a-z0-9]{0,11}$")

# Port layout relative to the lab's port base.
_CLUSTER_PORT_STRIDE = 100
_APISERVER_OFFSET, _ETCD_CLIENT_OFFSET, _ETCD_PEER_OFFSET, _KWOK_OFFSET = 43, 79, 80, 81
_PORTS_USED = len(CLUSTERS) * _CLUSTER_PORT_STRIDE


@dataclass(frozen=True)
class LabCluster:
    name: str
    apiserver_port: int
    etcd_client_port: int
    etcd_peer_port: int
    kwok_port: int
    service_cidr: str
    pod_cidr: str

    @property
    def server_url(self) -> str:
        return f"https://127.0.0.1:{self.apiserver_port}"


@dataclass(frozen=True)
class LabNode:
    name: str
    role: str
    # A small number of its own, stable while the node exists: names its short runtime dir.
    slot: int
    netns: str
    # A DPU's address on the fabric, as the inventory gives it (None: by slot).
    address: str | None = None
    # A DPU's OVSDB socket, as the inventory gives it (ovnk_dpu_ovs_remote, unix:<path>).
    ovs_socket: str | None = None

    @property
    def cluster(self) -> str:
        return CLUSTER_OF_ROLE[self.role]

    @property
    def runs_ovs(self) -> bool:
        return self.role == "dpu"

    @property
    def fabric_address(self) -> str:
        """A DPU's address on the fabric: its OVN tunnel endpoint (the inventory's, else by slot)."""
        return self.address or str(FABRIC_BY_SLOT[1 + self.slot])

    @property
    def fabric_port(self) -> str:
        """The fabric-side end of the DPU's uplink, on the bridge."""
        return f"dpu{self.slot}"


@dataclass(frozen=True)
class LabSpec:
    name: str
    state_dir: Path
    bin_dir: Path
    port_base: int
    clusters: tuple[LabCluster, ...]
    nodes: tuple[LabNode, ...] = field(default_factory=tuple)

    def cluster(self, name: str) -> LabCluster:
        return next(c for c in self.clusters if c.name == name)

    def nodes_of(self, cluster: str) -> list[LabNode]:
        return [n for n in self.nodes if n.cluster == cluster]

    @property
    def fabric_netns(self) -> str:
        return f"{self.name}-fabric"

    # File layout. Everything the lab writes lives under state_dir.
    def cluster_dir(self, cluster: str) -> Path:
        return self.state_dir / cluster

    def kubeconfig(self, cluster: str, user: str = "admin") -> Path:
        return self.cluster_dir(cluster) / f"{user}.kubeconfig"

    def node_dir(self, node: LabNode) -> Path:
        return self.state_dir / "nodes" / node.name

    def ovs_dir(self, node: LabNode) -> Path:
        """The DPU's OVS database, logs and pidfiles."""
        return self.node_dir(node) / "ovs"

    def ovs_run_dir(self, node: LabNode) -> Path:
        """The DPU's OVS sockets (short path, see runtime_dir)."""
        return self.node_tmp_dir(node) / "ovs"

    @property
    def runtime_dir(self) -> Path:
        """Short-path scratch space for unix sockets (OVS): a socket path may not exceed
        107 bytes, and state_dir can be deep."""
        return RUNTIME_ROOT / self.name

    def node_tmp_dir(self, node: LabNode) -> Path:
        return self.runtime_dir / str(node.slot)

    def kwok_config(self, cluster: str) -> Path:
        """kwok's stages for this cluster's simulated nodes and pods."""
        return self.cluster_dir(cluster) / "kwok.yaml"

    @property
    def run_dir(self) -> Path:
        return self.state_dir / "run"

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "log"

    def ports(self) -> dict[int, str]:
        """Every TCP port the lab listens on, with what listens there."""
        owners: dict[int, str] = {}
        for c in self.clusters:
            owners[c.apiserver_port] = f"{c.name} kube-apiserver"
            owners[c.etcd_client_port] = f"{c.name} etcd (client)"
            owners[c.etcd_peer_port] = f"{c.name} etcd (peer)"
            owners[c.kwok_port] = f"{c.name} kwok (health)"
        return owners


def default_netns(lab_name: str, node: str) -> str:
    return f"{lab_name}-{node}"


def ovs_socket_path(remote: str | None) -> str | None:
    return remote[len("unix:"):] if remote and remote.startswith("unix:") else None


def build_spec(
    name: str,
    state_dir: str,
    bin_dir: str,
    port_base: int,
    nodes: list[dict],
    service_cidrs: dict[str, str],
    pod_cidrs: dict[str, str] | None = None,
    allocated: dict[str, int] | None = None,
    require_nodes: bool = True,
) -> LabSpec:
    """Validate the lab parameters as a whole and build the spec.

    allocated: slots already given to nodes of a running lab; they keep them.
    Raises InputError listing every problem, so nothing starts half-configured.
    """
    problems: list[str] = []
    if not _LAB_NAME.match(name or ""):
        problems.append(
            f"name: '{name}' is not a valid lab name; use 1-12 lowercase letters or digits, starting with a letter"
        )
    if not 1024 <= port_base <= 65535 - _PORTS_USED:
        problems.append(
            f"port_base: {port_base} is out of range; pick a value between 1024 and {65535 - _PORTS_USED}"
        )
    if nodes or require_nodes:
        problems += _node_problems(nodes)
    problems += [
        f"service_cidrs: no entry for cluster '{c}'; set service_cidrs.{c} (e.g. 10.96.0.0/16)"
        for c in CLUSTERS
        if not service_cidrs.get(c)
    ]
    pod_cidrs = {**DEFAULT_POD_CIDRS, **(pod_cidrs or {})}
    if problems:
        raise InputError(problems, "invalid lab parameters: ")

    clusters = tuple(
        LabCluster(
            name=c,
            apiserver_port=port_base + i * _CLUSTER_PORT_STRIDE + _APISERVER_OFFSET,
            etcd_client_port=port_base + i * _CLUSTER_PORT_STRIDE + _ETCD_CLIENT_OFFSET,
            etcd_peer_port=port_base + i * _CLUSTER_PORT_STRIDE + _ETCD_PEER_OFFSET,
            kwok_port=port_base + i * _CLUSTER_PORT_STRIDE + _KWOK_OFFSET,
            service_cidr=service_cidrs[c],
            pod_cidr=pod_cidrs[c],
        )
        for i, c in enumerate(CLUSTERS)
    )
    slots = allocate_slots([n["name"] for n in nodes], allocated or {})
    lab_nodes = tuple(
        LabNode(name=n["name"], role=n["role"], slot=slots[n["name"]], netns=n.get("netns") or default_netns(name, n["name"]),
                address=n.get("address"), ovs_socket=ovs_socket_path(n.get("ovs_db")))
        for n in nodes
    )
    return LabSpec(
        name=name,
        state_dir=Path(state_dir),
        bin_dir=Path(bin_dir),
        port_base=port_base,
        clusters=clusters,
        nodes=lab_nodes,
    )


def allocate_slots(names: list[str], allocated: dict[str, int]) -> dict[str, int]:
    """Give each node a slot: its old one if it has one, else the lowest free one.

    Stable slots matter: a node added to a running lab must not take the runtime
    dir (and OVS sockets) of a node that keeps running.
    """
    slots = range(MAX_NODES)
    given = {n: allocated[n] for n in names if allocated.get(n) in slots}
    taken = set(given.values()) | {p for n, p in allocated.items() if n not in given}
    free = (p for p in slots if p not in taken)
    for n in names:
        if n not in given:
            given[n] = next(free)
    return given


def _node_problems(nodes: list[dict]) -> list[str]:
    problems: list[str] = []
    if not nodes:
        return ["nodes: the lab has no nodes; list at least one node per cluster"]
    if len(nodes) > MAX_NODES:
        problems.append(f"nodes: {len(nodes)} nodes is more than the lab supports ({MAX_NODES}); reduce the pair count")
    seen: set[str] = set()
    for i, node in enumerate(nodes):
        node_name, role = node.get("name", ""), node.get("role", "")
        if not is_node_name(node_name):
            problems.append(f"nodes[{i}].name: '{node_name}' is not a legal Kubernetes node name; use {NODE_NAME_RULE}")
        if node_name in seen:
            problems.append(f"nodes[{i}].name: '{node_name}' is listed twice; node names must be unique")
        seen.add(node_name)
        if role not in NODE_ROLES:
            problems.append(f"nodes[{i}].role: '{role}' is not one of {', '.join(NODE_ROLES)}")
    problems += _address_problems(nodes) + _ovs_db_problems(nodes)
    for cluster in CLUSTERS:
        if not any(CLUSTER_OF_ROLE.get(n.get("role", "")) == cluster for n in nodes):
            problems.append(f"nodes: the {cluster} cluster has no node; add at least one")
    return problems


# A unix socket's path holds at most 107 bytes.
MAX_SOCKET_PATH = 107


def _ovs_db_problems(nodes: list[dict]) -> list[str]:
    """The lab serves each DPU's OVSDB on the unix socket the inventory names (ovnk_dpu_ovs_remote)."""
    problems = []
    for i, node in enumerate(nodes):
        remote = node.get("ovs_db")
        if not remote or node.get("role") != "dpu":
            continue
        path = ovs_socket_path(remote)
        if not path or not path.startswith("/"):
            problems.append(f"nodes[{i}].ovs_db: {remote!r}: the lab serves a DPU's OVSDB on a unix socket; set "
                            "ovnk_dpu_ovs_remote (or ovnk_dpu_ovs_remote_format) to unix:<absolute path>")
        elif len(path.encode()) > MAX_SOCKET_PATH:
            problems.append(f"nodes[{i}].ovs_db: {path!r} is longer than a unix socket's {MAX_SOCKET_PATH} bytes; "
                            "choose a shorter path")
    return problems


def _address_problems(nodes: list[dict]) -> list[str]:
    """DPU addresses given for the fabric: in its lower half, not its gateway, one per DPU."""
    problems, owners = [], {}
    for i, node in enumerate(nodes):
        address = node.get("address")
        if not address or node.get("role") != "dpu":
            continue
        try:
            inside = ipaddress.ip_address(address) in FABRIC_GIVEN and address != FABRIC_GATEWAY
        except ValueError:
            inside = False
        if not inside:
            problems.append(f"nodes[{i}].address: '{address}' is not an address the lab's fabric gives DPUs "
                            f"({FABRIC_GIVEN}, other than its gateway {FABRIC_GATEWAY}); fix the DPU's ovnk_dpu_encap_ip")
        elif address in owners:
            problems.append(f"nodes[{i}].address: {address} is also {owners[address]}'s; give each DPU its own")
        owners.setdefault(address, node.get("name"))
    return problems


def nodes_of_topology(topology: dict) -> list[dict]:
    """The lab's nodes from the resolved inventory (the ovnk_dpu fact): every node with its role, and where the
    inventory puts its links (ovnk_dpu_netns) and, for a DPU, its fabric address (ovnk_dpu_encap_ip) and OVSDB."""
    nodes = []
    for name, node in topology["nodes"].items():
        own = node["settings"]
        entry = {"name": name, "role": node["role"] or "", "netns": node["netns"]}
        if node["role"] == "dpu":
            entry.update(address=own.get("ovnk_dpu_encap_ip"), ovs_db=own.get("ovnk_dpu_ovs_remote"))
        nodes.append({key: value for key, value in entry.items() if value is not None})
    return nodes
