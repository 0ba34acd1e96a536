# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start, inspect, stop and destroy a lab: the state machine behind ovnk.dpu.lab."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import describe_api_error
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import (
    components,
    crds,
    fabric,
    health,
    kwok,
    netns,
    nodes,
    ovs,
    ports,
    processes,
    services,
)
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import BINARIES, LabNode, LabSpec, ovs_socket_path
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.state import record, recorded_state
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTER_OF_ROLE

ETCD_TIMEOUT = 30.0
APISERVER_TIMEOUT = 90.0
NODES_READY_TIMEOUT = 120.0
# OVS commands (ovsdb-tool, ovs-vsctl) run side by side across DPUs, this many at once.
OVS_WORKERS = 8
EARLY_EXIT_GRACE = 1.0
START_ATTEMPTS = 3


def _side_by_side(work: Callable[[LabNode], Any], nodes: list[LabNode]) -> list[Any]:
    """work(node) for every node, OVS_WORKERS at a time. The threads are gone when it returns:
    processes are only ever spawned (with a setns preexec) while no other thread runs."""
    with ThreadPoolExecutor(max_workers=OVS_WORKERS) as pool:
        return list(pool.map(work, nodes))


@dataclass
class Outcome:
    changed: bool = False
    actions: list[str] = field(default_factory=list)
    # Nodes dropped from the inventory: name -> cluster whose Node object is now stale.
    removed_nodes: dict[str, str] = field(default_factory=dict)

    def did(self, action: str) -> None:
        self.changed = True
        self.actions.append(action)


class Lab:
    def __init__(self, spec: LabSpec) -> None:
        self.spec = spec
        # Node APIs with nodes whose kubelet start() brought back; their pods are readied after.
        self._restarted: list[nodes.NodeApi] = []
        # Clusters whose processes start() launched, and when: all their kubelets (kwok) come back.
        self._relaunched: dict[str, datetime] = {}

    # ------------------------------------------------------------------ checks
    def preflight(self) -> list[str]:
        """Every reason the lab cannot start, before anything is touched."""
        problems = []
        if any("kubelet_port" in n for n in recorded_state(self.spec.state_dir).get("nodes", {}).values()):
            problems.append(
                f"{self.spec.state_dir} is a lab of an older ovnk.dpu (Kubernetes 1.20, hollow kubelets), which this "
                "one cannot run; destroy it first: ansible-playbook playbooks/lab.yml -e lab_action=destroy"
            )
        if os.geteuid() != 0:
            problems.append("the lab needs root (network namespaces, OVS); run the play as root or with become: true")
        missing = [p for p in [self.spec.bin_dir / b for b in BINARIES] if not os.access(p, os.X_OK)]
        missing += [p for p in kwok.stage_files(self.spec.bin_dir) if not p.is_file()]
        problems += [
            f"bin_dir: {path} is missing; build the lab binaries with scripts/build-lab-binaries.sh "
            "(or point ovnk_dpu_lab_bin_dir at them)"
            for path in missing
        ]
        wanted = ["ovsdb-server", "ovs-vswitchd", "ovsdb-tool", "ovs-vsctl"] if self._has_dpus() else []
        problems += [
            f"{name} is not installed; apt-get install openvswitch-switch"
            for name in wanted
            if shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin") is None
        ]
        ours = {pid for pid in (processes.running_pid(p) for p in self._processes()) if pid}
        problems += ports.ephemeral_problems(self.spec.ports()) + ports.busy_ports(self.spec.ports(), ours)
        return problems

    def _has_dpus(self) -> bool:
        return any(n.runs_ovs for n in self.spec.nodes)

    def _processes(self) -> list[processes.Process]:
        return components.all_processes(self.spec)

    # ------------------------------------------------------------------ status
    def status(self) -> dict[str, Any]:
        procs = {p.name: processes.running_pid(p) for p in self._processes()}
        namespaces = netns.existing()
        clusters = {}
        for cluster in self.spec.clusters:
            kubeconfig = self.spec.kubeconfig(cluster.name)
            up = bool(procs[f"{cluster.name}-kube-apiserver"]) and health.apiserver_ready(kubeconfig)
            clusters[cluster.name] = {
                "server": cluster.server_url,
                "kubeconfig": str(kubeconfig),
                "ready": up,
                "kwok_running": bool(procs[f"{cluster.name}-kwok"]),
                "nodes": [n.name for n in self.spec.nodes_of(cluster.name)],
            }
        lab_nodes = {
            n.name: {
                "role": n.role,
                "cluster": n.cluster,
                "netns": n.netns,
                "netns_present": n.netns in namespaces,
                "slot": n.slot,
                "ovs_running": all(procs[p.name] for p in components.node_processes(self.spec, n))
                if n.runs_ovs else None,
                "ovs_db": components.ovs_db_socket(self.spec, n) if n.runs_ovs else None,
                "fabric": {**fabric.settings(n), "present": fabric.present(self.spec, n)} if n.runs_ovs else None,
            }
            for n in self.spec.nodes
        }
        lab_services = self._service_status()
        running = all(procs.values()) and all(v["netns_present"] and (v["fabric"] or {}).get("present", True)
                                              for v in lab_nodes.values()) \
            and all(v["running"] for v in lab_services.values())
        return {
            "name": self.spec.name,
            "state_dir": str(self.spec.state_dir),
            "state": "running" if running else ("stopped" if not any(procs.values()) else "degraded"),
            "clusters": clusters,
            "nodes": lab_nodes,
            "services": lab_services,
            "processes": {name: {"pid": pid, "running": bool(pid)} for name, pid in procs.items()},
        }

    def _service_status(self) -> dict[str, dict[str, Any]]:
        found = {}
        for name in services.names(self.spec):
            proc = services.process(self.spec, name)
            found[name] = {"running": processes.running_pid(proc) is not None, "pid": services.child_pid(proc),
                           "log": str(proc.log)}
        return found

    # ------------------------------------------------------------------ start
    def start(self, check_mode: bool = False, ready_timeout: float = NODES_READY_TIMEOUT,
              definitions: list[dict[str, Any]] | None = None) -> Outcome:
        """Start what does not run; definitions are the CRDs each cluster must have (crds.py)."""
        problems = self.preflight()
        if problems:
            raise OperationError("the lab cannot start: " + "; ".join(problems))
        outcome = Outcome()
        stale = self._stale_nodes()
        for name, cluster in stale.items():
            outcome.did(f"remove node {name} (no longer in the inventory)")
            outcome.removed_nodes[name] = cluster
        if check_mode:
            outcome.actions += self._start_plan()
            outcome.changed = outcome.changed or bool(outcome.actions)
            return outcome
        self.spec.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.spec.state_dir, 0o700)
        for name in stale:
            self._remove_recorded_node(name)
        self._ensure_credentials(outcome)
        record(self.spec)
        self._write_kwok_configs(outcome)
        if components.write_standin_script(self.spec):
            outcome.did(f"write {components.standin_script(self.spec)}")
            for cluster in self.spec.clusters:  # a running one has the old code: start launches it again
                if processes.stop(components.machine_config_standin_process(self.spec, cluster)):
                    outcome.did(f"stop {cluster.name}-machine-config-standin for its new code")
        self._start_control_planes(outcome)
        try:
            self._install_crds(definitions or [], outcome)
            self._register_nodes(outcome)
            self._start_nodes(outcome)
            self._wait_nodes_ready(ready_timeout)
            self._start_services(outcome)
        except nodes.API_ERRORS as e:  # pylint: disable=catching-non-exception  # a tuple of exception classes
            raise OperationError(f"the lab's Node objects: {describe_api_error(e)}") from None
        return outcome

    def _start_plan(self) -> list[str]:
        plan = []
        if not all(components.cluster_pki(self.spec, c.name).exists() for c in self.spec.clusters):
            plan.append("create certificates and kubeconfigs")
        namespaces = netns.existing()
        plan += [f"create network namespace {n.netns}" for n in self.spec.nodes if n.netns not in namespaces]
        plan += [f"create the uplink of {n.name}" for n in self.spec.nodes
                 if n.runs_ovs and (self.spec.fabric_netns not in namespaces or not fabric.present(self.spec, n))]
        plan += [f"start {p.name}" for p in self._processes() + self._services() if processes.running_pid(p) is None]
        return plan

    def _services(self) -> list[processes.Process]:
        return [services.process(self.spec, name) for name in services.names(self.spec)]

    def _start_services(self, outcome: Outcome) -> None:
        """The services roles installed (services.py), last: they use the clusters and nodes."""
        wanted = self._services()
        if wanted and services.write_supervisor(self.spec):
            outcome.did(f"write {services.services_dir(self.spec) / services.SUPERVISOR_FILE}")
        self._launch(wanted, outcome)

    def _ensure_credentials(self, outcome: Outcome) -> None:
        for cluster in self.spec.clusters:
            pki = components.cluster_pki(self.spec, cluster.name)
            if pki.ensure(["127.0.0.1", components.first_service_ip(cluster)]):
                outcome.did(f"create {cluster.name} certificates")
            for identity in components.IDENTITIES:
                path = self.spec.kubeconfig(cluster.name, identity.file_stem)
                if pki.ensure_kubeconfig(path, identity, cluster.server_url):
                    outcome.did(f"write {path}")

    def _write_kwok_configs(self, outcome: Outcome) -> None:
        config = kwok.render_config(self.spec.bin_dir)
        for cluster in self.spec.clusters:
            path = self.spec.kwok_config(cluster.name)
            if not path.exists() or path.read_text() != config:
                path.write_text(config)
                outcome.did(f"write {path}")
                # A running kwok read the old stages: restart it (start launches it again).
                if processes.stop(components.kwok(self.spec, cluster)):
                    outcome.did(f"stop {cluster.name}-kwok for its new stages")

    def _launch(self, procs: list[processes.Process], outcome: Outcome) -> list[processes.Process]:
        """Start the given processes that do not run, together; return those started.

        A process that dies within EARLY_EXIT_GRACE is started again (a port still in
        TIME_WAIT, a slow disk under load). After START_ATTEMPTS the error carries its log tail.
        """
        pending = [p for p in procs if processes.running_pid(p) is None]
        started = []
        for _attempt in range(START_ATTEMPTS):
            if not pending:
                break
            children = [(p, processes.spawn(p)) for p in pending]
            pids = [(p, processes.settle(p, child)) for p, child in children]
            if any(not p.self_detaching for p in pending):
                time.sleep(EARLY_EXIT_GRACE)
            pending = [p for p, pid in pids if processes.is_gone(p, pid)]
            for p, _pid in pids:
                if p not in pending:
                    started.append(p)
                    outcome.did(f"start {p.name}")
        if pending:
            proc = pending[0]
            raise OperationError(f"{proc.name} exited right after start ({START_ATTEMPTS} tries); "
                                 f"last lines of {proc.log}:\n{processes.log_tail(proc.log)}")
        return started

    def _start_control_planes(self, outcome: Outcome) -> None:
        """Both clusters side by side: the etcds, then the API servers, then the controllers."""
        planes = {c.name: components.cluster_processes(self.spec, c) for c in self.spec.clusters}
        launched_at = datetime.now(timezone.utc)
        started = self._launch([procs[0] for procs in planes.values()], outcome)
        for cluster in self.spec.clusters:
            if not health.wait_until(lambda: health.etcd_healthy(cluster.etcd_client_port), ETCD_TIMEOUT):
                raise OperationError(f"{cluster.name} etcd not healthy after {ETCD_TIMEOUT:.0f}s; "
                                     f"see {planes[cluster.name][0].log}")
        started += self._launch([procs[1] for procs in planes.values()], outcome)
        for cluster in self.spec.clusters:
            kubeconfig = self.spec.kubeconfig(cluster.name)
            if not health.wait_until(lambda: health.apiserver_ready(kubeconfig), APISERVER_TIMEOUT):
                log = planes[cluster.name][1].log
                raise OperationError(f"{cluster.name} kube-apiserver not ready after {APISERVER_TIMEOUT:.0f}s; "
                                     f"last lines of {log}:\n{processes.log_tail(log)}")
        started += self._launch([p for procs in planes.values() for p in procs[2:]], outcome)
        self._relaunched = {name: launched_at for name, procs in planes.items() if any(p in started for p in procs)}

    def _install_crds(self, definitions: list[dict[str, Any]], outcome: Outcome) -> None:
        for cluster in self.spec.clusters if definitions else []:
            try:
                for name in crds.ensure(self.spec.kubeconfig(cluster.name), definitions):
                    outcome.did(f"install CRD {name} ({cluster.name})")
            except TimeoutError as e:
                raise OperationError(f"the lab's {cluster.name} cluster: {e}") from None

    def _node_apis(self) -> list[nodes.NodeApi]:
        return [nodes.NodeApi(self.spec.kubeconfig(c.name), c.name) for c in self.spec.clusters]

    def _register_nodes(self, outcome: Outcome) -> None:
        """Delete the Nodes the inventory dropped; register the listed ones for kwok."""
        apis = self._node_apis()
        for api in apis:
            dropped = [n for n, cluster in outcome.removed_nodes.items() if cluster == api.cluster]
            for name in api.delete(dropped):
                outcome.did(f"delete Node {name} ({api.cluster})")
            for action in api.register([n.name for n in self.spec.nodes_of(api.cluster)]):
                outcome.did(action)
        self._restarted = [api for api in apis if api.restarted]

    def _wait_nodes_ready(self, timeout: float) -> None:
        wanted = {c.name: [n.name for n in self.spec.nodes_of(c.name)] for c in self.spec.clusters}
        # A relaunched cluster's nodes must heartbeat again before they count: a Node still Ready
        # from before the stop would otherwise go Unknown once the controller sees its old Lease.
        pending = nodes.wait_ready(self._node_apis(), wanted, timeout, heartbeat_since=self._relaunched)
        if pending:
            logs = ", ".join(str(components.kwok(self.spec, c).log) for c in self.spec.clusters)
            raise OperationError(f"nodes not Ready after {timeout:.0f}s: {', '.join(pending)}; see {logs}")
        for api in self._node_apis():
            came_back = wanted[api.cluster] if api.cluster in self._relaunched else \
                [n for r in self._restarted if r.cluster == api.cluster for n in r.restarted]
            if came_back:
                api.pods_ready_again(came_back)

    def _start_nodes(self, outcome: Outcome) -> None:
        for node in self.spec.nodes:
            if netns.ensure(node.netns):
                outcome.did(f"create network namespace {node.netns}")
                if node.runs_ovs:  # a vswitchd still running serves the namespace that was deleted: start it anew
                    processes.stop(components.node_processes(self.spec, node)[1])
        dpus = [n for n in self.spec.nodes if n.runs_ovs]
        if dpus:
            for action in fabric.ensure_bridge(self.spec) + [a for n in dpus for a in fabric.ensure_uplink(self.spec, n)]:
                outcome.did(action)
        self._start_ovs(dpus, outcome)

    def _start_ovs(self, dpus: list[LabNode], outcome: Outcome) -> None:
        """Every DPU's OVS, step by step across all DPUs, each step's commands side by side."""
        for node, created in zip(dpus, _side_by_side(lambda n: ovs.create_database(self.spec, n), dpus)):
            if created:
                outcome.did(f"create OVS database of {node.name}")
        servers = {n.name: components.node_processes(self.spec, n) for n in dpus}
        new_db = {p.name for p in self._launch([servers[n.name][0] for n in dpus], outcome)}
        _side_by_side(lambda n: ovs.initialize(self.spec, n), [n for n in dpus if servers[n.name][0].name in new_db])
        new_vswitchd = {p.name for p in self._launch([servers[n.name][1] for n in dpus], outcome)}

        def needs_bridge(node: LabNode) -> bool:
            return (servers[node.name][1].name in new_vswitchd
                    or ovs.INTEGRATION_BRIDGE not in ovs.bridges(self.spec, node))

        bridgeless = [n for n, missing in zip(dpus, _side_by_side(needs_bridge, dpus)) if missing]
        _side_by_side(lambda n: ovs.ensure_integration_bridge(self.spec, n), bridgeless)

    # ------------------------------------------------------------------ stale nodes
    def _stale_nodes(self) -> dict[str, str]:
        """Recorded nodes the spec no longer lists, with the cluster each was in."""
        wanted = {n.name for n in self.spec.nodes}
        recorded = recorded_state(self.spec.state_dir).get("nodes", {})
        return {n: CLUSTER_OF_ROLE[v["role"]] for n, v in sorted(recorded.items()) if n not in wanted}

    def _remove_recorded_node(self, name: str) -> None:
        """Stop and forget a node the inventory no longer lists (its Node object goes in _register_nodes)."""
        node_dir = self.spec.state_dir / "nodes" / name
        processes.kill_all(processes.pids_mentioning(str(node_dir)))
        recorded = recorded_state(self.spec.state_dir).get("nodes", {}).get(name, {})
        if recorded.get("netns"):
            netns.remove(recorded["netns"])
        shutil.rmtree(node_dir, ignore_errors=True)
        if "slot" in recorded:
            shutil.rmtree(self.spec.runtime_dir / str(recorded["slot"]), ignore_errors=True)
        Path(ovs_socket_path(recorded.get("ovs_db")) or self.spec.runtime_dir / f"{name}.db.sock").unlink(missing_ok=True)
        # The node's own processes' pidfiles (OVS): not a service's, which the role that owns it stops.
        for stale in (self.spec.run_dir.glob(f"ovs*-{name}.pid")):
            stale.unlink(missing_ok=True)

    # ------------------------------------------------------------------ stop / destroy
    def stop(self, check_mode: bool = False) -> Outcome:
        outcome = Outcome()
        for proc in self._services() + list(reversed(self._processes())):
            if processes.running_pid(proc) is None:
                continue
            if check_mode or processes.stop(proc):
                outcome.did(f"stop {proc.name}")
        return outcome

    def destroy(self, check_mode: bool = False) -> Outcome:
        """Remove every trace: processes, namespaces (with their links) and files."""
        outcome = self.stop(check_mode)
        state_dir = str(self.spec.state_dir)
        leftovers = processes.pids_mentioning(state_dir)
        recorded = recorded_state(self.spec.state_dir).get("nodes", {})
        namespaces = ({n.netns for n in self.spec.nodes} | {v["netns"] for v in recorded.values() if "netns" in v}
                      | {self.spec.fabric_netns})
        present = sorted(namespaces & netns.existing())
        if leftovers:
            outcome.did(f"kill {len(leftovers)} leftover lab processes")
        outcome.actions += [f"delete network namespace {ns}" for ns in present]
        if self.spec.state_dir.exists() or self.spec.runtime_dir.exists():
            outcome.did(f"delete {state_dir} and {self.spec.runtime_dir}")
        outcome.changed = outcome.changed or bool(present)
        if check_mode:
            return outcome
        processes.kill_all(leftovers)
        for ns in present:
            netns.remove(ns)
        shutil.rmtree(self.spec.state_dir, ignore_errors=True)
        shutil.rmtree(self.spec.runtime_dir, ignore_errors=True)
        return outcome
