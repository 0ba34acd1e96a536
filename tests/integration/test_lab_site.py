"""site.yml on a real two-cluster lab, end to end, in the order a user meets it."""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import pytest
from kubernetes import client as k8s, config as k8s_config
from pyroute2 import IPRoute, netns

from labtools import REPO, LabUnderTest

pytestmark = pytest.mark.lab

HOSTS = ["host-0", "host-1", "worker-0"]
DPUS = ["dpu-0", "dpu-1"]


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkci", port_base=26400, state_parent=lab_parent)
    yield under_test
    # Whatever a test left behind, the lab goes.
    under_test.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")


def namespaces(lab: LabUnderTest) -> set[str]:
    return {ns for ns in netns.listnetns() if ns.startswith(f"{lab.name}-")}


def test_site_brings_up_both_clusters(lab):
    run = lab.playbook("site.yml")
    assert run.rc == 0, run.output[-5000:]
    assert run.failed == 0 and run.changed > 0
    assert (lab.state_dir / "tenant" / "admin.kubeconfig").stat().st_mode & 0o777 == 0o600
    assert (lab.state_dir / "infra" / "admin.kubeconfig").stat().st_mode & 0o777 == 0o600


def test_clusters_have_their_ready_nodes_and_are_separate(lab):
    run = lab.playbook("tests/integration/playbooks/verify_clusters.yml")
    assert run.rc == 0, run.output[-5000:]


def api(lab: LabUnderTest, cluster: str) -> k8s.ApiClient:
    return k8s_config.new_client_from_config(str(lab.state_dir / cluster / "admin.kubeconfig"))


def test_both_api_servers_report_the_pinned_version(lab):
    pinned = re.search(r'^KUBE_VERSION="(v[0-9.]+)"', (REPO / "scripts/build-lab-binaries.sh").read_text(), re.M)[1]
    for cluster in ("tenant", "infra"):
        assert k8s.VersionApi(api(lab, cluster)).get_code().git_version == pinned


def test_every_node_keeps_its_lease(lab):
    now = datetime.datetime.now(datetime.timezone.utc)
    for cluster, names in (("tenant", HOSTS), ("infra", DPUS)):
        leases = {lease.metadata.name: lease for lease in
                  k8s.CoordinationV1Api(api(lab, cluster)).list_namespaced_lease("kube-node-lease").items}
        assert set(leases) == set(names)
        for lease in leases.values():
            assert (now - lease.spec.renew_time).total_seconds() < 20, lease  # renewed every 10 s
            assert lease.metadata.owner_references[0].name == lease.metadata.name


def _listening(pid: str) -> list[str]:
    """Local addresses of the TCP sockets process pid listens on (in its own network namespace)."""
    try:
        inodes = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        tables = [Path(f"/proc/{pid}/net/{t}").read_text().splitlines()[1:] for t in ("tcp", "tcp6")]
    except (FileNotFoundError, ProcessLookupError):
        return []
    return [f[1] for table in tables for f in (line.split() for line in table)
            if f[3] == "0A" and f"socket:[{f[9]}]" in inodes]


def test_everything_the_lab_runs_listens_on_loopback_only(lab):
    loopback = ("0100007F:", "00000000000000000000000001000000:")  # 127.0.0.1, ::1
    pids = [e.name for e in os.scandir("/proc") if e.name.isdigit() and str(lab.state_dir) in
            Path(f"/proc/{e.name}/cmdline").read_bytes().decode(errors="replace")]
    addresses = {addr for pid in pids for addr in _listening(pid)}
    assert len(addresses) >= 8  # two API servers, etcds (client + peer), kwoks
    assert all(a.startswith(loopback) for a in addresses), addresses


def test_a_node_goes_down_on_demand_and_lab_start_brings_it_back(lab):
    core = k8s.CoreV1Api(api(lab, "infra"))
    down = lab.playbook("playbooks/lab.yml", "-e", "lab_action=node_ready", "-e", "lab_node=dpu-0",
                        "-e", "lab_node_ready=false")
    assert down.rc == 0 and down.changed == 1, down.output[-3000:]
    ready = [c for c in core.read_node("dpu-0").status.conditions if c.type == "Ready"][0]
    assert ready.status == "Unknown" and ready.reason == "NodeStatusUnknown"
    start = lab.playbook("playbooks/lab.yml")
    assert start.rc == 0 and start.changed == 1, start.output[-3000:]
    ready = [c for c in core.read_node("dpu-0").status.conditions if c.type == "Ready"][0]
    assert ready.status == "True"


def test_every_node_has_its_namespace_and_every_dpu_its_ovs(lab):
    assert namespaces(lab) == {f"{lab.name}-{n}" for n in HOSTS + DPUS} | {f"{lab.name}-fabric"}
    with IPRoute(netns=f"{lab.name}-host-0") as ipr:
        (lo,) = ipr.get_links(ifname="lo")
        assert lo.get("state") == "up"
    for dpu in DPUS:
        assert lab.ovs_vsctl(dpu, "list-br") == "br-int"
        assert lab.ovs_vsctl(dpu, "get", "bridge", "br-int", "datapath_type") == "netdev"
        assert lab.ovs_vsctl(dpu, "get", "Open_vSwitch", ".", "external_ids:hostname").strip('"') == dpu
        # br-int's tap lives in the DPU's namespace, not on the machine.
        with IPRoute(netns=f"{lab.name}-{dpu}") as ipr:
            assert ipr.get_links(ifname="br-int")


def test_second_run_changes_nothing_and_prints_no_key(lab):
    config = json.loads((lab.state_dir / "tenant" / "admin.kubeconfig").read_text())
    key = config["users"][0]["user"]["client-key-data"]
    run = lab.playbook("site.yml", "-v")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed == 0
    assert key[:40] not in run.output


def test_check_mode_changes_nothing(lab):
    run = lab.playbook("site.yml", "--check")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed == 0


def test_scaling_the_inventory_adds_then_removes_a_pair(lab):
    grown = lab.playbook("site.yml", env={"OVNK_DPU_LAB_PAIRS": "3"})
    assert grown.rc == 0, grown.output[-5000:]
    assert f"{lab.name}-dpu-2" in namespaces(lab)
    verify = lab.playbook("tests/integration/playbooks/verify_clusters.yml", env={"OVNK_DPU_LAB_PAIRS": "3"})
    assert verify.rc == 0, verify.output[-5000:]

    shrunk = lab.playbook("site.yml")
    assert shrunk.rc == 0, shrunk.output[-5000:]
    assert shrunk.changed > 0
    assert not {f"{lab.name}-host-2", f"{lab.name}-dpu-2"} & namespaces(lab)
    assert not (lab.state_dir / "nodes" / "dpu-2").exists()
    # The dropped DPU's lease renewer is stopped and its files gone (lease_watchdog prunes them).
    assert not list((lab.state_dir / "services").glob("ovnk-dpu-lease-renew-dpu-2.*"))
    assert not [p for p in lab.processes() if "ovnk-dpu-lease-renew-dpu-2" in p]
    # Node objects are gone too: verify compares each cluster's nodes with the inventory.
    verify = lab.playbook("tests/integration/playbooks/verify_clusters.yml")
    assert verify.rc == 0, verify.output[-5000:]


def mark_pods_not_ready(lab: LabUnderTest, cluster: str, node: str) -> list[str]:
    """What the node lifecycle controller does to a node's pods when its Lease goes stale."""
    core = k8s.CoreV1Api(api(lab, cluster))
    pods = core.list_pod_for_all_namespaces(field_selector=f"spec.nodeName={node}").items
    for pod in pods:
        core.patch_namespaced_pod_status(pod.metadata.name, pod.metadata.namespace, {"status": {"conditions": [
            {"type": "Ready", "status": "False", "reason": "NodeNotReady"}]}})
    return [f"{p.metadata.namespace}/{p.metadata.name}" for p in pods]


def not_ready_pods(lab: LabUnderTest, cluster: str, node: str) -> list[str]:
    pods = k8s.CoreV1Api(api(lab, cluster)).list_pod_for_all_namespaces(field_selector=f"spec.nodeName={node}").items
    return [p.metadata.name for p in pods
            if not any(c.type == "Ready" and c.status == "True" for c in p.status.conditions or [])]


def test_stop_keeps_state_and_start_resumes(lab):
    # The controller may mark a stopped lab's pods not Ready before kwok heartbeats again; a
    # kubelet that comes back reports them Ready: so does the lab's start.
    assert mark_pods_not_ready(lab, "tenant", "host-0"), "site.yml runs OVN-K's node pod on host-0"
    stop = lab.playbook("playbooks/lab.yml", "-e", "lab_action=stop")
    assert stop.rc == 0 and stop.changed == 1, stop.output[-3000:]
    assert lab.processes() == []
    assert (lab.state_dir / "tenant" / "admin.kubeconfig").exists()
    status = lab.playbook("playbooks/lab.yml", "-e", "lab_action=status")
    assert "lab ovnkci: stopped" in status.output
    again = lab.playbook("playbooks/lab.yml", "-e", "lab_action=stop")
    assert again.rc == 0 and again.changed == 0

    start = lab.playbook("playbooks/lab.yml")
    assert start.rc == 0 and start.changed == 1, start.output[-3000:]
    assert not_ready_pods(lab, "tenant", "host-0") == []
    status = lab.playbook("playbooks/lab.yml", "-e", "lab_action=status")
    assert "lab ovnkci: running" in status.output
    verify = lab.playbook("tests/integration/playbooks/verify_clusters.yml")
    assert verify.rc == 0, verify.output[-5000:]


def test_destroy_leaves_nothing_behind(lab):
    before_tmp = set(Path("/tmp").iterdir())
    run = lab.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")
    assert run.rc == 0 and run.changed == 1, run.output[-3000:]
    assert lab.processes() == []
    assert namespaces(lab) == set()
    assert not lab.state_dir.exists()
    assert not Path("/run/ovnk-dpu", lab.name).exists()
    assert set(Path("/tmp").iterdir()) <= before_tmp
    again = lab.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")
    assert again.rc == 0 and again.changed == 0
