# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command lines of every lab process, derived from the LabSpec."""

from __future__ import annotations

import ipaddress
import shutil
import sys
from pathlib import Path

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import machine_config_standin
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.pki import ClientIdentity, ClusterPKI
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.processes import Process, write_program
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import RUNTIME_ROOT, LabCluster, LabNode, LabSpec

OVS_SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"
# kwok manages the Nodes that carry this label: the ones the lab registers. A label, not an
# annotation: the API server's watch reports a Node that loses it as gone, so kwok lets it go.
KWOK_NODE_LABEL, KWOK_NODE_VALUE = "kwok.x-k8s.io/node", "fake"
NODE_LEASE_SECONDS = 40

CONTROLLER_MANAGER = ClientIdentity("controller-manager", "system:kube-controller-manager")
SCHEDULER = ClientIdentity("scheduler", "system:kube-scheduler")
ADMIN = ClientIdentity("admin", "ovnk-dpu-lab-admin", "system:masters")
# kwok plays every node's kubelet at once: it writes Node and Pod status and renews node Leases.
KWOK = ClientIdentity("kwok", "ovnk-dpu-lab-kwok", "system:masters")
# The lab's stand-in for the machine-config-operator's reporting (machine_config_standin.py).
MACHINE_CONFIG = ClientIdentity("machine-config-standin", "ovnk-dpu-lab-machine-config-standin", "system:masters")
IDENTITIES = (ADMIN, CONTROLLER_MANAGER, SCHEDULER, KWOK, MACHINE_CONFIG)
# How long a lab node takes to "apply" a MachineConfig (a real one reboots: minutes).
MACHINE_CONFIG_UPDATE_SECONDS = 1


def cluster_pki(spec: LabSpec, cluster: str) -> ClusterPKI:
    return ClusterPKI(spec.cluster_dir(cluster) / "pki", cluster)


def first_service_ip(cluster: LabCluster) -> str:
    return str(next(ipaddress.ip_network(cluster.service_cidr).hosts()))


def _proc(spec: LabSpec, name: str, argv: list[str], marker: str, **kwargs) -> Process:
    return Process(
        name=name,
        argv=argv,
        pidfile=spec.run_dir / f"{name}.pid",
        log=spec.log_dir / f"{name}.log",
        markers=(argv[0].rsplit("/", 1)[-1], marker),
        **kwargs,
    )


def system_binary(name: str) -> str:
    return shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin") or name


def etcd(spec: LabSpec, cluster: LabCluster) -> Process:
    data_dir = str(spec.cluster_dir(cluster.name) / "etcd")
    client = f"http://127.0.0.1:{cluster.etcd_client_port}"
    peer = f"http://127.0.0.1:{cluster.etcd_peer_port}"
    member = f"{spec.name}-{cluster.name}"
    return _proc(spec, f"{cluster.name}-etcd", [
        str(spec.bin_dir / "etcd"),
        f"--name={member}",
        f"--data-dir={data_dir}",
        f"--listen-client-urls={client}",
        f"--advertise-client-urls={client}",
        f"--listen-peer-urls={peer}",
        f"--initial-advertise-peer-urls={peer}",
        f"--initial-cluster={member}={peer}",
        "--unsafe-no-fsync",
        "--log-level=warn",
    ], marker=data_dir)


def kube_apiserver(spec: LabSpec, cluster: LabCluster) -> Process:
    pki = cluster_pki(spec, cluster.name)
    return _proc(spec, f"{cluster.name}-kube-apiserver", [
        str(spec.bin_dir / "kube-apiserver"),
        f"--etcd-servers=http://127.0.0.1:{cluster.etcd_client_port}",
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        f"--secure-port={cluster.apiserver_port}",
        f"--cert-dir={spec.cluster_dir(cluster.name) / 'apiserver'}",
        f"--tls-cert-file={pki.serving_cert_path}",
        f"--tls-private-key-file={pki.serving_key_path}",
        f"--client-ca-file={pki.ca_cert_path}",
        f"--service-account-key-file={pki.sa_pub_path}",
        f"--service-account-signing-key-file={pki.sa_key_path}",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction",
        f"--service-cluster-ip-range={cluster.service_cidr}",
        "--allow-privileged=true",
        "--endpoint-reconciler-type=none",
        "--profiling=false",
    ], marker=str(pki.serving_cert_path))


def kube_controller_manager(spec: LabSpec, cluster: LabCluster) -> Process:
    pki = cluster_pki(spec, cluster.name)
    kubeconfig = spec.kubeconfig(cluster.name, CONTROLLER_MANAGER.file_stem)
    return _proc(spec, f"{cluster.name}-kube-controller-manager", [
        str(spec.bin_dir / "kube-controller-manager"),
        f"--kubeconfig={kubeconfig}",
        f"--service-account-private-key-file={pki.sa_key_path}",
        f"--root-ca-file={pki.ca_cert_path}",
        f"--cluster-signing-cert-file={pki.ca_cert_path}",
        f"--cluster-signing-key-file={pki.ca_key_path}",
        "--use-service-account-credentials=true",
        "--bind-address=127.0.0.1",
        "--secure-port=0",
        "--leader-elect=false",
        "--controllers=*",
        # A node whose kubelet stopped (lab_node ready=false) goes Unknown after 20 s, not 50 s.
        "--node-monitor-grace-period=20s",
        "--node-monitor-period=2s",
        "--profiling=false",
    ], marker=str(kubeconfig))


def kube_scheduler(spec: LabSpec, cluster: LabCluster) -> Process:
    kubeconfig = spec.kubeconfig(cluster.name, SCHEDULER.file_stem)
    return _proc(spec, f"{cluster.name}-kube-scheduler", [
        str(spec.bin_dir / "kube-scheduler"),
        f"--kubeconfig={kubeconfig}",
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        "--secure-port=0",
        "--profiling=false",
    ], marker=str(kubeconfig))


def kwok(spec: LabSpec, cluster: LabCluster) -> Process:
    """One kwok per cluster simulates the kubelet of every lab node in it (see kwok.py)."""
    kubeconfig = spec.kubeconfig(cluster.name, KWOK.file_stem)
    return _proc(spec, f"{cluster.name}-kwok", [
        str(spec.bin_dir / "kwok"),
        f"--kubeconfig={kubeconfig}",
        f"--config={spec.kwok_config(cluster.name)}",
        f"--manage-nodes-with-label-selector={KWOK_NODE_LABEL}={KWOK_NODE_VALUE}",
        f"--node-lease-duration-seconds={NODE_LEASE_SECONDS}",
        f"--cidr={cluster.pod_cidr}",
        "--node-ip=127.0.0.1",
        f"--server-address=127.0.0.1:{cluster.kwok_port}",
    ], marker=str(kubeconfig), env={"HOME": str(spec.cluster_dir(cluster.name))})


def standin_script(spec: LabSpec) -> Path:
    return spec.state_dir / "standins" / "machine_config_standin.py"


def write_standin_script(spec: LabSpec) -> bool:
    """machine_config_standin.py as a file of the lab."""
    return write_program(standin_script(spec), machine_config_standin)


def machine_config_standin_process(spec: LabSpec, cluster: LabCluster) -> Process:
    """LAB STAND-IN: reports MachineConfigPool roll-outs as OpenShift's operator would (see its module)."""
    kubeconfig = spec.kubeconfig(cluster.name, MACHINE_CONFIG.file_stem)
    return _proc(spec, f"{cluster.name}-machine-config-standin", [
        sys.executable,
        str(standin_script(spec)),
        f"--kubeconfig={kubeconfig}",
        f"--update-seconds={MACHINE_CONFIG_UPDATE_SECONDS}",
    ], marker=str(kubeconfig))


def ovs_env(spec: LabSpec, node: LabNode) -> dict[str, str]:
    """Give each OVS instance its own run, db and log dirs (never /var/run/openvswitch)."""
    d = str(spec.ovs_dir(node))
    return {"OVS_RUNDIR": str(spec.ovs_run_dir(node)), "OVS_DBDIR": d, "OVS_LOGDIR": d, "OVS_SYSCONFDIR": d}


def ovs_db_socket(spec: LabSpec, node: LabNode) -> str:
    """The DPU's OVSDB remote: where the inventory puts it (ovnk_dpu_ovs_remote), else under the lab's runtime dir."""
    return f"unix:{node.ovs_socket or RUNTIME_ROOT / spec.name / f'{node.name}.db.sock'}"


def ovsdb_server(spec: LabSpec, node: LabNode) -> Process:
    d, run = spec.ovs_dir(node), spec.ovs_run_dir(node)
    pidfile = d / "ovsdb-server.pid"
    proc = _proc(spec, f"ovsdb-server-{node.name}", [
        system_binary("ovsdb-server"),
        str(d / "conf.db"),
        f"--remote=p{ovs_db_socket(spec, node)}",
        f"--pidfile={pidfile}",
        f"--unixctl={run / 'ovsdb-server.ctl'}",
        f"--log-file={d / 'ovsdb-server.log'}",
        "--detach",
    ], marker=str(d), env=ovs_env(spec, node), netns=node.netns, self_detaching=True)
    proc.pidfile = pidfile
    return proc


def ovs_vswitchd(spec: LabSpec, node: LabNode) -> Process:
    d, run = spec.ovs_dir(node), spec.ovs_run_dir(node)
    pidfile = d / "ovs-vswitchd.pid"
    proc = _proc(spec, f"ovs-vswitchd-{node.name}", [
        system_binary("ovs-vswitchd"),
        ovs_db_socket(spec, node),
        f"--pidfile={pidfile}",
        f"--unixctl={run / 'ovs-vswitchd.ctl'}",
        f"--log-file={d / 'ovs-vswitchd.log'}",
        "--detach",
    ], marker=str(d), env=ovs_env(spec, node), netns=node.netns, self_detaching=True)
    proc.pidfile = pidfile
    return proc


def cluster_processes(spec: LabSpec, cluster: LabCluster) -> list[Process]:
    return [
        etcd(spec, cluster),
        kube_apiserver(spec, cluster),
        kube_controller_manager(spec, cluster),
        kube_scheduler(spec, cluster),
        kwok(spec, cluster),
        machine_config_standin_process(spec, cluster),
    ]


def node_processes(spec: LabSpec, node: LabNode) -> list[Process]:
    """A DPU node's Open vSwitch; other nodes run no process of their own."""
    return [ovsdb_server(spec, node), ovs_vswitchd(spec, node)] if node.runs_ovs else []


def all_processes(spec: LabSpec) -> list[Process]:
    """Every lab process, in start order (reverse for stop)."""
    procs: list[Process] = []
    for cluster in spec.clusters:
        procs += cluster_processes(spec, cluster)
    for node in spec.nodes:
        procs += node_processes(spec, node)
    return procs
