"""Security on the installed lab: no kubeconfig, token, key or CA data in anything the verbose
install printed (-vvv, --diff) or in any file it wrote that is not private (0600, in a 0700
directory); each account the collection makes may do what it needs and no more (access reviews by
the real API servers); the watchdog's metrics and everything the lab runs listen on loopback only."""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest
from kubernetes import client as k8s
from kubernetes.config import kube_config

from labtools import LabUnderTest, command_lines
from sitetools import api

pytestmark = pytest.mark.lab

NS = "ovn-kubernetes"
LOOPBACK = ("0100007F:", "00000000000000000000000001000000:")  # 127.0.0.1, ::1 as /proc/net/tcp{,6} write them


def credentials(lab: LabUnderTest) -> dict[str, str]:
    """name -> a piece of a credential that must never be shown: every ServiceAccount token of both
    clusters (and its claims), each admin kubeconfig's client key and certificate, each CA."""
    found = {}
    for cluster in ("tenant", "infra"):
        core = k8s.CoreV1Api(api(lab, cluster))
        for secret in core.list_secret_for_all_namespaces(field_selector="type=kubernetes.io/service-account-token").items:
            token = base64.b64decode((secret.data or {}).get("token", "")).decode()
            if token:
                found[f"{cluster} token {secret.metadata.namespace}/{secret.metadata.name}"] = token
                found[f"{cluster} token claims {secret.metadata.name}"] = token.split(".")[1][:40]
        config = json.loads((lab.state_dir / cluster / "admin.kubeconfig").read_text())
        user, server = config["users"][0]["user"], config["clusters"][0]["cluster"]
        for field, data in (("client key", user["client-key-data"]), ("client certificate", user["client-certificate-data"]),
                            ("CA", server["certificate-authority-data"])):
            found[f"{cluster} {field} (base64)"] = data[40:100]
            found[f"{cluster} {field} (PEM)"] = base64.b64decode(data).decode().splitlines()[2]
    return found


def test_the_verbose_install_printed_no_credential(lab):
    assert lab.first_run.rc == 0, lab.first_run.output[-3000:]
    assert "-vvv" in lab.first_run.output or "<127.0.0.1> EXEC" in lab.first_run.output or \
        "ESTABLISH LOCAL CONNECTION" in lab.first_run.output  # it really was verbose
    secrets = credentials(lab)
    assert len(secrets) >= 12, secrets.keys()  # tokens of the DPU side and the monitor, keys and CAs of both clusters
    assert [name for name, value in secrets.items() if value in lab.first_run.output] == []


def written_files(lab: LabUnderTest) -> list[Path]:
    """Every file the install wrote: the lab's state, and anything new under /tmp and ~/.ansible (but
    the certificate files this test process's own Kubernetes client writes there)."""
    roots = [lab.state_dir, Path("/tmp"), Path.home() / ".ansible"]
    own = {Path(p) for p in kube_config._temp_files.values()}  # pylint: disable=protected-access
    found = []
    for root in roots:
        for directory, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if root == lab.state_dir or not Path(directory, d).is_relative_to(lab.state_parent)]
            for name in files:
                path = Path(directory, name)
                try:
                    if path not in own and path.is_file() and not path.is_symlink() \
                            and path.stat().st_mtime >= lab.installed_at:
                        found.append(path)
                except OSError:
                    continue
    return found


def test_every_file_holding_a_credential_is_private(lab):
    secrets = {name: value.encode() for name, value in credentials(lab).items() if "CA" not in name
               and "certificate" not in name}
    holders = {}
    for path in written_files(lab):
        try:
            content = path.read_bytes()
        except OSError:
            continue
        held = [name for name, value in secrets.items() if value in content]
        if held:
            holders[path] = held
    # The credentials do live somewhere: the admin kubeconfigs, the renewers' kubeconfigs, the keys, etcd.
    assert len(holders) >= 6, holders
    print("\n".join(f"{path}: {', '.join(held)}" for path, held in holders.items()))
    loose = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in holders if stat.S_IMODE(p.stat().st_mode) & 0o077}
    assert loose == {}
    open_dirs = {str(p.parent): oct(stat.S_IMODE(p.parent.stat().st_mode)) for p in holders
                 if stat.S_IMODE(p.parent.stat().st_mode) & 0o077}
    assert open_dirs == {}


def review(lab: LabUnderTest, cluster: str, account: str, verb: str, resource: str, namespace: str | None = NS,
           name: str | None = None, group: str = "", subresource: str | None = None) -> bool:
    """May ServiceAccount account of the namespace do verb on resource? The API server's access review."""
    spec = k8s.V1SubjectAccessReviewSpec(
        user=f"system:serviceaccount:{NS}:{account}",
        groups=["system:serviceaccounts", f"system:serviceaccounts:{NS}", "system:authenticated"],
        resource_attributes=k8s.V1ResourceAttributes(namespace=namespace, verb=verb, group=group, resource=resource,
                                                     name=name, subresource=subresource))
    result = k8s.AuthorizationV1Api(api(lab, cluster)).create_subject_access_review(k8s.V1SubjectAccessReview(spec=spec))
    return bool(result.status.allowed)


# (cluster, account, verb, resource, namespace, name, group, subresource, allowed)
RIGHTS = [
    # The lease monitor: watch the Leases, read Nodes, record Events; nothing else.
    ("tenant", "ovnk-dpu-lease-monitor", "watch", "leases", NS, None, "coordination.k8s.io", None, True),
    ("tenant", "ovnk-dpu-lease-monitor", "get", "nodes", None, "host-0", "", None, True),
    ("tenant", "ovnk-dpu-lease-monitor", "create", "events", "default", None, "", None, True),
    ("tenant", "ovnk-dpu-lease-monitor", "update", "leases", NS, "ovn-dpu-host-0", "coordination.k8s.io", None, False),
    ("tenant", "ovnk-dpu-lease-monitor", "delete", "leases", NS, "ovn-dpu-host-0", "coordination.k8s.io", None, False),
    ("tenant", "ovnk-dpu-lease-monitor", "patch", "nodes", None, "host-0", "", None, False),  # only with the taint option
    ("tenant", "ovnk-dpu-lease-monitor", "get", "secrets", NS, None, "", None, False),
    ("tenant", "ovnk-dpu-lease-monitor", "list", "pods", None, None, "", None, False),
    # The DPU side's tenant account (the renewers' credential): its hosts' Leases and annotations only.
    ("tenant", "ovnkube-node-dpu", "update", "leases", NS, "ovn-dpu-host-1", "coordination.k8s.io", None, True),
    ("tenant", "ovnkube-node-dpu", "update", "leases", NS, "ovn-dpu-worker-0", "coordination.k8s.io", None, False),
    ("tenant", "ovnkube-node-dpu", "get", "secrets", NS, None, "", None, False),
    ("tenant", "ovnkube-node-dpu", "delete", "nodes", None, "host-0", "", None, False),
    ("tenant", "ovnkube-node-dpu", "create", "clusterrolebindings", None, None, "rbac.authorization.k8s.io", None, False),
    # The infra cluster grants the ovnkube-node accounts nothing there.
    ("infra", "ovnkube-node", "list", "nodes", None, None, "", None, False),
    ("infra", "ovnkube-node", "get", "secrets", NS, None, "", None, False),
]


@pytest.mark.parametrize("cluster, account, verb, resource, namespace, name, group, subresource, allowed", RIGHTS,
                         ids=[f"{r[0]}-{r[1]}-{r[2]}-{r[3]}-{'allowed' if r[8] else 'denied'}" for r in RIGHTS])
def test_each_account_has_the_rights_it_needs_and_no_more(
        lab, cluster, account, verb, resource, namespace, name, group, subresource, allowed):
    assert review(lab, cluster, account, verb, resource, namespace, name, group, subresource) is allowed


def listening(pid: int) -> list[str]:
    """Local addresses of the TCP sockets process pid listens on (in its own network namespace)."""
    try:
        inodes = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        tables = [Path(f"/proc/{pid}/net/{t}").read_text().splitlines()[1:] for t in ("tcp", "tcp6")]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []
    return [f[1] for table in tables for f in (line.split() for line in table)
            if f[3] == "0A" and f"socket:[{f[9]}]" in inodes]


def lab_processes(lab: LabUnderTest) -> dict[int, str]:
    """pid -> command line of everything the lab and the collection run for it (control planes, kwok,
    OVS, the lease watchdog's services)."""
    return {**command_lines(str(lab.state_dir)), **command_lines(f"/run/ovnk-dpu/{lab.name}/")}


def test_the_watchdogs_metrics_listen_on_loopback_by_default(lab):
    services = {pid: cmd for pid, cmd in lab_processes(lab).items() if "lease_watchdog" in cmd or "lease-" in cmd}
    addresses = {addr for pid in services for addr in listening(pid)}
    assert len(addresses) >= 3, services  # the monitor and a renewer per DPU serve metrics
    assert all(a.startswith(LOOPBACK) for a in addresses), addresses


def test_nothing_the_lab_runs_listens_on_a_non_loopback_address(lab):
    addresses = {f"{cmd.split()[0]} {addr}" for pid, cmd in lab_processes(lab).items() for addr in listening(pid)}
    assert len(addresses) >= 11  # two API servers, etcds (client + peer), kwoks, the watchdog's services
    assert [a for a in addresses if not a.split()[1].startswith(LOOPBACK)] == []
