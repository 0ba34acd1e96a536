"""Faults on the installed lab, with real processes: hand-made drift (a DPU's namespace deleted, a
representor deleted, a Node relabelled, a DPU's OVS keys changed, Leases of hosts no longer paired)
repaired by the next run with a diff; the infra cluster gone in the middle of a run (named, the
tenant cluster left as it was); OVN-K's tenant namespace deleted by hand, then an etcd restarted and an API server killed in the
middle of the run that makes it again; the run repeated converges to what the install made, no
object more or less, the DPUs' Leases renewed with the new token."""

from __future__ import annotations

import datetime
import os
import signal
import threading
import time

import pytest
from kubernetes import client as k8s
from pyroute2 import IPRoute, netns

import snapshot
from labtools import DAY2_OFF, LabUnderTest, command_lines, playbook_with_fault
from sitetools import DPUS, api

pytestmark = pytest.mark.lab

NS = "ovn-kubernetes"
# Where in site.yml a fault strikes: as a stage's first task that reaches the clusters is about to run.
OVNK_STAGE = "TASK [ovnk.dpu.ovnk_base : Validate the OVN-K settings and render the ConfigMaps]"
PAIRING_STAGE = "TASK [ovnk.dpu.dpu_pairing : Pair each DPU with its host on both clusters"
NODE_STAGE = "TASK [ovnk.dpu.ovnk_node : Validate the ovnkube-node DaemonSets of every mode]"


@pytest.fixture(scope="module")
def reference(lab):
    """The lab as the install left it (the bad-input and security tests change nothing)."""
    return snapshot.settled(lab, DPUS)


def pids_of(lab: LabUnderTest, *marks: str) -> list[int]:
    """Processes of the lab whose command line holds every mark."""
    return list(command_lines(*marks))


def kill(lab: LabUnderTest, *marks: str) -> None:
    (pid,) = pids_of(lab, *marks)
    os.kill(pid, signal.SIGKILL)


def api_server(lab: LabUnderTest, cluster: str) -> tuple[str, str]:
    return ("kube-apiserver", f"{lab.state_dir}/{cluster}/")


def lease(name: str) -> k8s.V1Lease:
    return k8s.V1Lease(metadata=k8s.V1ObjectMeta(name=name),
                       spec=k8s.V1LeaseSpec(holder_identity="removed-dpu", lease_duration_seconds=40))


def test_hand_made_drift_is_repaired_and_shown_in_the_diff(lab, reference):
    tenant = k8s.CoreV1Api(api(lab, "tenant"))
    netns.remove(f"{lab.name}-dpu-0")  # the DPU's namespace, with its representors and the hosts' peers
    with IPRoute(netns=f"{lab.name}-host-1") as ipr:
        ipr.link("del", index=ipr.link_lookup(ifname="eth0-5")[0])  # a representor link
    lab.ovs_vsctl("dpu-1", "set", "Open_vSwitch", ".", "external_ids:ovn-encap-ip=172.30.9.9",
                  "external_ids:host-k8s-nodename=host-0")
    tenant.patch_node("host-1", {"metadata": {"labels": {"k8s.ovn.org/dpu-host": None},
                                              "annotations": {"ovnk.dpu/peer": "dpu-0"}}})
    for host in ("worker-0", "host-7"):  # Leases of hosts that are no DPU host (any more)
        k8s.CoordinationV1Api(api(lab, "tenant")).create_namespaced_lease(NS, lease(f"ovn-dpu-{host}"))
    assert snapshot.differences(reference, snapshot.take(lab, DPUS))  # the drift is there

    run = lab.playbook("site.yml", "--diff", *DAY2_OFF)
    assert run.rc == 0, run.output[-5000:]
    text = " ".join(run.output.split())
    for shown in ("host/eth0-5:", "ovn-encap-ip", "k8s.ovn.org/dpu-host", "ovn-dpu-worker-0", "ovn-dpu-host-7"):
        assert shown in text, shown
    assert "- all healthy" in text
    assert snapshot.differences(reference, snapshot.settled(lab, DPUS)) == []


def test_the_infra_cluster_gone_mid_run_is_named_and_the_tenant_cluster_left_as_it_was(lab, reference):
    # A run with something to change on both clusters (ovnkube-node's log level); the infra API server
    # dies as the OVN-K stage starts, after every earlier stage reached both clusters.
    run = playbook_with_fault(lab, "site.yml", {OVNK_STAGE: lambda _: kill(lab, *api_server(lab, "infra"))},
                              "-e", "ovnk_dpu_ovnk_log_level=5", *DAY2_OFF)
    assert run.rc != 0
    text = " ".join(run.output.split())
    assert "the infra cluster: reach its API server: " in text and "Connection refused" in text, run.output[-3000:]
    assert run.output.count("fatal:") == 1
    assert pids_of(lab, *api_server(lab, "infra")) == []
    now = snapshot.cluster_objects(str(lab.state_dir / "tenant" / "admin.kubeconfig"))
    assert snapshot.differences({"tenant": reference["tenant"]}, {"tenant": now}) == []

    again = lab.playbook("site.yml", *DAY2_OFF)  # starts the lab's API server again, converges
    assert again.rc == 0, again.output[-5000:]
    assert again.changed > 0
    assert snapshot.differences(reference, snapshot.settled(lab, DPUS)) == []


def restart_etcd(lab: LabUnderTest) -> None:
    """etcd of the infra cluster killed, and started again by the lab (its systemd) while the run goes on."""
    kill(lab, "etcd", f"--name={lab.name}-infra")
    threading.Thread(target=lab.playbook, args=("playbooks/lab.yml",), daemon=True).start()


def identities(state: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    """Which objects, links and OVS records there are (a reinstall makes new tokens and certificates)."""
    return {part: set(entries) for part, entries in state.items()}


def delete_namespace(lab: LabUnderTest, cluster: str, name: str) -> None:
    core = k8s.CoreV1Api(api(lab, cluster))
    core.delete_namespace(name)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and name in {n.metadata.name for n in core.list_namespace().items}:
        time.sleep(1)


def test_an_api_server_killed_and_an_etcd_restarted_mid_install_then_the_rerun_converges(lab, reference):
    # Someone deletes OVN-K's namespace on the tenant cluster: its accounts, tokens, config, DaemonSets and
    # Leases go, and the DPU side's handed-over token no longer works. site.yml makes it all again -
    # while the infra cluster's etcd restarts and the tenant API server dies under it.
    delete_namespace(lab, "tenant", NS)
    faults = {PAIRING_STAGE: lambda _: restart_etcd(lab), NODE_STAGE: lambda _: kill(lab, *api_server(lab, "tenant"))}
    interrupted = playbook_with_fault(lab, "site.yml", faults, *DAY2_OFF)
    assert interrupted.rc != 0  # the tenant API server died under it
    assert "the tenant cluster" in " ".join(interrupted.output.split()), interrupted.output[-3000:]

    rerun = lab.playbook("site.yml", *DAY2_OFF)
    assert rerun.rc == 0, rerun.output[-5000:]
    now = snapshot.settled(lab, DPUS)
    # No object more (a duplicate, an orphan) or less than the first install made; the same links and OVS.
    assert {part: sorted(keys ^ identities(reference)[part]) for part, keys in identities(now).items()} == {
        part: [] for part in reference}
    assert now["links"] == reference["links"] and now["ovs"] == reference["ovs"]
    # The DPUs renew their hosts' Leases with the token handed over again (the old one died with the namespace).
    leases = k8s.CoordinationV1Api(api(lab, "tenant"))
    for host in ("host-0", "host-1"):
        renewed = leases.read_namespaced_lease(f"ovn-dpu-{host}", NS).spec.renew_time
        assert (datetime.datetime.now(datetime.timezone.utc) - renewed).total_seconds() < 25, (host, renewed)


def test_a_pod_the_node_controller_marked_not_ready_is_reported_ready_again_by_its_kubelet(lab, reference):
    """Under load a node's heartbeat can come late: the node lifecycle controller marks its pods not Ready, and the
    kubelet sets them back on its next status sync. The lab's kubelets (kwok) do the same (lab/kwok.py's own stage):
    without it the pods of a Ready node stayed not Ready and the next run's rollout waits timed out."""
    core = k8s.CoreV1Api(api(lab, "infra"))
    pod = core.list_namespaced_pod(NS, label_selector="app.kubernetes.io/name=dpu-error-cni").items[0]
    not_ready = [{"type": "Ready", "status": "False", "reason": "NodeNotReady"}]
    core.patch_namespaced_pod_status(pod.metadata.name, NS, {"status": {"conditions": not_ready}})
    deadline = time.monotonic() + 30
    ready = "False"
    while time.monotonic() < deadline and ready != "True":
        time.sleep(0.5)
        status = core.read_namespaced_pod_status(pod.metadata.name, NS).status
        ready = next(c.status for c in status.conditions if c.type == "Ready")
    assert ready == "True", f"{pod.metadata.name} on {pod.spec.node_name} still not Ready after 30 s"
