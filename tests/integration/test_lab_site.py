"""site.yml on a real two-cluster lab, end to end, in the order a user meets it: the molecule
default scenario's steps (create, converge, idempotence, verify, destroy) on this module's lab,
with the summary, the picture, the upgrade and the teardown in between."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from kubernetes import client as k8s, config as k8s_config
from pyroute2 import IPRoute, netns

from labtools import BIN, DAY2_OFF, REPO, LabUnderTest, Run

pytestmark = pytest.mark.lab

HOSTS = ["host-0", "host-1", "worker-0"]
DPUS = ["dpu-0", "dpu-1"]


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkci", port_base=26400, state_parent=lab_parent)
    yield under_test
    # Whatever a test left behind, the lab goes.
    under_test.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")


def molecule(lab: LabUnderTest, step: str, env: dict[str, str] | None = None) -> Run:
    """A step of the molecule default scenario, on this module's lab."""
    full_env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "NO_COLOR": "1", "ANSIBLE_NOCOLOR": "1",
                "OVNK_DPU_LAB_NAME": lab.name, "OVNK_DPU_LAB_PORT_BASE": str(lab.port_base),
                "OVNK_DPU_LAB_STATE_DIR": str(lab.state_parent), **(env or {})}
    result = subprocess.run([BIN / "molecule", step, "-s", "default"], cwd=REPO, env=full_env, capture_output=True,
                            text=True, check=False, timeout=900)
    return Run(result.returncode, result.stdout + result.stderr)


def namespaces(lab: LabUnderTest) -> set[str]:
    return {ns for ns in netns.listnetns() if ns.startswith(f"{lab.name}-")}


def test_molecule_create_and_converge_bring_up_both_clusters_and_end_with_the_summary(lab):
    run = molecule(lab, "converge")
    assert run.rc == 0, run.output[-5000:]
    assert "default ➜ converge: Executed: Successful" in run.output or "converge: Executed: Successful" in run.output
    assert run.failed == 0 and run.changed > 0
    # The summary: one row per pair with its links, both modes and the Lease; the plain worker in full mode.
    text = " ".join(run.output.split())  # the callback wraps long lines
    for host, dpu in (("host-0", "dpu-0"), ("host-1", "dpu-1")):
        assert re.search(rf"- {host} {dpu} 16/16 up dpu-host ready dpu ready healthy \(\d+s\)", text), run.output[-3000:]
    assert "- worker-0 - - full ready - -" in text
    assert "- all healthy" in text
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


def test_molecule_idempotence_changes_nothing_and_prints_no_key(lab):
    config = json.loads((lab.state_dir / "tenant" / "admin.kubeconfig").read_text())
    key = config["users"][0]["user"]["client-key-data"]
    run = molecule(lab, "idempotence", env={"ANSIBLE_VERBOSITY": "1"})
    assert run.rc == 0, run.output[-5000:]
    assert "idempotence: Executed: Successful" in run.output
    assert key[:40] not in run.output


def test_molecule_verify_reads_the_install_back(lab):
    run = molecule(lab, "verify")
    assert run.rc == 0, run.output[-5000:]
    assert "verify: Executed: Successful" in run.output


def test_check_mode_with_diff_changes_nothing(lab):
    run = lab.playbook("site.yml", "--check", "--diff")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed == 0


def test_topology_draws_every_pair_and_mode(lab, tmp_path):
    run = lab.playbook("playbooks/topology.yml", "-e", f"ovnk_dpu_topology_dir={tmp_path}")
    assert run.rc == 0, run.output[-5000:]
    dot = (tmp_path / "ovnk-dpu.dot").read_text()
    for host, dpu in (("host-0", "dpu-0"), ("host-1", "dpu-1")):
        assert f'"tenant/{host}" [label="{host}\\ndpu-host ready"' in dot
        assert f'"infra/{dpu}" [label="{dpu}\\ndpu ready"' in dot
        assert re.search(rf'"tenant/{host}" -> "infra/{dpu}" \[label="16/16 up\\nlease healthy[^"]*", color="forestgreen"', dot)
    assert '"tenant/worker-0" [label="worker-0\\nfull ready"' in dot
    assert (tmp_path / "ovnk-dpu.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "ovnk-dpu.png").stat().st_size > 5000
    assert "<svg" in (tmp_path / "ovnk-dpu.svg").read_text()


def ready_nodes(lab: LabUnderTest) -> dict[str, set[str]]:
    """Each cluster's Nodes that are Ready (the scheduler's view is checked by verify_clusters.yml once)."""
    return {cluster: {n.metadata.name for n in k8s.CoreV1Api(api(lab, cluster)).list_node().items
                      if any(c.type == "Ready" and c.status == "True" for c in n.status.conditions)}
            for cluster in ("tenant", "infra")}


def test_scaling_the_inventory_adds_then_removes_a_pair(lab):
    # Pools, SR-IOV and taints off: test_pools_sriov_taints.py covers them; a pair's coming and going is the point here.
    grown = lab.playbook("site.yml", *DAY2_OFF, env={"OVNK_DPU_LAB_PAIRS": "3"})
    assert grown.rc == 0, grown.output[-5000:]
    assert f"{lab.name}-dpu-2" in namespaces(lab)
    assert ready_nodes(lab) == {"tenant": {"host-0", "host-1", "host-2", "worker-0"}, "infra": {"dpu-0", "dpu-1", "dpu-2"}}

    shrunk = lab.playbook("site.yml", *DAY2_OFF)
    assert shrunk.rc == 0, shrunk.output[-5000:]
    assert shrunk.changed > 0
    assert not {f"{lab.name}-host-2", f"{lab.name}-dpu-2"} & namespaces(lab)
    assert not (lab.state_dir / "nodes" / "dpu-2").exists()
    # The dropped DPU's lease renewer is stopped and its files gone (lease_watchdog prunes them).
    assert not list((lab.state_dir / "services").glob("ovnk-dpu-lease-renew-dpu-2.*"))
    assert not [p for p in lab.processes() if "ovnk-dpu-lease-renew-dpu-2" in p]
    # The Node objects are gone too.
    assert ready_nodes(lab) == {"tenant": set(HOSTS), "infra": set(DPUS)}


UPGRADED = "ovnk.dpu/upgraded-to"
WORKLOAD = {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "workload", "namespace": "default"},
    "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "workload"}}, "template": {
        "metadata": {"labels": {"app": "workload"}},
        "spec": {"containers": [{"name": "app", "image": "registry.k8s.io/pause:3.10"}],
                 "tolerations": [{"key": "ovnk.dpu/dpu-host", "operator": "Exists"}],
                 "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                     {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In",
                                            "values": ["host-0", "host-1"]}]}]}}}}}},
}


def workload_pods(lab: LabUnderTest) -> dict[str, str]:
    """uid -> node of the workload's pods that are not being deleted."""
    pods = k8s.CoreV1Api(api(lab, "tenant")).list_namespaced_pod("default", label_selector="app=workload").items
    return {p.metadata.uid: p.spec.node_name for p in pods if not p.metadata.deletion_timestamp}


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def upgrade_marks(lab: LabUnderTest) -> dict[str, str | None]:
    core = k8s.CoreV1Api(api(lab, "infra"))
    return {dpu: (core.read_node(dpu).metadata.annotations or {}).get(UPGRADED) for dpu in DPUS}


def cordoned(lab: LabUnderTest) -> set[str]:
    return {n.metadata.name for n in k8s.CoreV1Api(api(lab, "tenant")).list_node().items if n.spec.unschedulable}


def test_upgrade_never_takes_a_dpu_down_under_pods_the_drain_could_not_evict(lab):
    """A pod that outlives the drain's wait (a finalizer holds it): kubernetes.core only warns, the role stops."""
    apps, core = k8s.AppsV1Api(api(lab, "tenant")), k8s.CoreV1Api(api(lab, "tenant"))
    held = json.loads(json.dumps(WORKLOAD).replace("workload", "held"))
    held["spec"]["template"]["metadata"]["finalizers"] = ["ovnk.dpu.test/hold"]
    held["spec"]["template"]["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
        "nodeSelectorTerms"][0]["matchExpressions"][0]["values"] = ["host-0"]
    apps.create_namespaced_deployment("default", held)

    def held_pods() -> list:
        return core.list_namespaced_pod("default", label_selector="app=held").items

    try:
        assert wait_for(lambda: [p for p in held_pods() if p.spec.node_name == "host-0"], 60)
        run = lab.playbook("playbooks/upgrade.yml", "-e", "ovnk_dpu_upgrade_target=fw-1",
                           "-e", "ovnk_dpu_upgrade_drain_timeout=3")
        assert run.rc != 0
        text = " ".join(run.output.split())
        assert re.search(r"tenant cluster: Node host-0 still runs default/held-\S+ after the drain \(3 s\); its DPU was "
                         r"not touched and the host stays cordoned", text), run.output[-3000:]
        assert "Take the DPU down" not in run.output
        assert f"{lab.name}-dpu-0" in namespaces(lab)  # never powered off
        assert upgrade_marks(lab) == {"dpu-0": None, "dpu-1": None} and cordoned(lab) == {"host-0"}
    finally:
        apps.delete_namespaced_deployment("held", "default")
        for pod in held_pods():
            core.patch_namespaced_pod(pod.metadata.name, "default", {"metadata": {"finalizers": None}})


def test_upgrade_stops_at_a_pair_that_does_not_come_back_and_leaves_the_rest_untouched(lab):
    k8s.AppsV1Api(api(lab, "tenant")).create_namespaced_deployment("default", WORKLOAD)
    assert wait_for(lambda: len(workload_pods(lab)) == 1, 60)
    run = lab.playbook("playbooks/upgrade.yml", "-e", "ovnk_dpu_upgrade_target=fw-2", "-e", "ovnk_dpu_upgrade_ready_timeout=8",
                       "-e", f"ovnk_dpu_upgrade_dpu_tasks={REPO}/tests/integration/tasks/dpu_stays_down.yml")
    assert run.rc != 0, run.output[-3000:]
    # The pair failed after its DPU went down, before it was recorded or its host uncordoned.
    failed_at = run.output.rfind("fatal: [host-0")
    assert failed_at > run.output.find("Take the DPU down and bring it back upgraded - dpu-0") > 0, run.output[-3000:]
    assert "Record the upgrade on the DPU Node" not in run.output
    # host-0 stays drained (its DPU is down); host-1 and its DPU were not touched.
    assert cordoned(lab) == {"host-0"}
    assert upgrade_marks(lab) == {"dpu-0": None, "dpu-1": None}
    assert "Cordon and drain host-1" not in run.output


def test_upgrade_rerun_resumes_and_every_pair_comes_back_with_a_healthy_lease(lab):
    before = workload_pods(lab)
    run = lab.playbook("playbooks/upgrade.yml", "-e", "ovnk_dpu_upgrade_target=fw-2")
    assert run.rc == 0, run.output[-5000:]
    text = " ".join(run.output.split())
    assert "Kubernetes tenant v1." in text and "-> DPUs upgraded to fw-2" in text  # the skew check ran first
    for host, dpu in (("host-0", "dpu-0"), ("host-1", "dpu-1")):
        assert re.search(rf"{host}/{dpu}: upgraded to fw-2; Lease renewed \d+\.\d+s ago", text), run.output[-3000:]
    assert upgrade_marks(lab) == {"dpu-0": "fw-2", "dpu-1": "fw-2"}
    assert cordoned(lab) == set()  # host-0, cordoned by the failed run, uncordoned by this one
    tenant = k8s.CoreV1Api(api(lab, "tenant"))
    assert not [h for h in HOSTS if "ovnk.dpu/upgrade-cordoned" in (tenant.read_node(h).metadata.annotations or {})]
    # The drains evicted the workload for real: a new pod, scheduled again on a host.
    after = workload_pods(lab)
    assert len(after) == 1 and not set(after) & set(before) and set(after.values()) <= {"host-0", "host-1"}
    assert "- all healthy" in text
    with IPRoute(netns=f"{lab.name}-dpu-0") as ipr:
        assert len([link for link in ipr.get_links() if link.get("ifname", "").startswith("rep0-")]) == 16


def test_upgrade_again_to_the_same_target_skips_every_pair(lab):
    run = lab.playbook("playbooks/upgrade.yml", "-e", "ovnk_dpu_upgrade_target=fw-2")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed == 0
    assert " ".join(run.output.split()).count("upgraded to fw-2 before; left as it is") == 2


def test_upgrade_refuses_version_skew_before_draining(lab):
    # The inventory is consistent (both sides v1.4.0), but the hosts run :master: no known compatibility.
    image = "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.4.0"
    run = lab.playbook("playbooks/upgrade.yml", "-e", "ovnk_dpu_upgrade_target=fw-3",
                       "-e", f"ovnk_dpu_ovnk_dpu_image={image}", "-e", f"ovnk_dpu_ovnk_image={image}")
    assert run.rc != 0
    text = " ".join(run.output.split())
    assert "the upgrade cannot start: during the upgrade: the hosts' running image" in text, run.output[-3000:]
    assert "ovnk_dpu_ovnk_allowed_skew" in text
    batch = lab.playbook("playbooks/upgrade.yml", "-e", "ovnk_dpu_upgrade_target=fw-3", "-e", "ovnk_dpu_upgrade_batch=2")
    assert batch.rc != 0 and "ovnk_dpu_upgrade_batch: the lab boots its DPUs one at a time" in batch.output
    assert cordoned(lab) == set() and upgrade_marks(lab) == {"dpu-0": "fw-2", "dpu-1": "fw-2"}


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
    again = lab.playbook("playbooks/lab.yml", "-e", "lab_action=stop")
    assert again.rc == 0 and again.changed == 0

    start = lab.playbook("playbooks/lab.yml")
    assert start.rc == 0 and start.changed == 1, start.output[-3000:]
    assert not_ready_pods(lab, "tenant", "host-0") == []
    status = lab.playbook("playbooks/lab.yml", "-e", "lab_action=status")
    assert "lab ovnkci: running" in status.output
    assert ready_nodes(lab) == {"tenant": set(HOSTS), "infra": set(DPUS)}


def test_teardown_is_refused_without_confirmation(lab):
    run = lab.playbook("playbooks/teardown.yml")
    assert run.rc != 0 and run.changed == 0
    assert "ovnk_dpu_teardown_confirm is not set" in " ".join(run.output.split())


def test_teardown_check_mode_lists_what_goes_and_changes_nothing(lab):
    run = lab.playbook("playbooks/teardown.yml", "--check", "--diff")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed > 0
    for cluster in ("tenant", "infra"):
        assert k8s.CoreV1Api(api(lab, cluster)).read_namespace("ovn-kubernetes")
    assert lab.ovs_vsctl("dpu-0", "get", "Open_vSwitch", ".", "external_ids:host-k8s-nodename").strip('"') == "host-0"


def collection_marks(lab: LabUnderTest) -> list[str]:
    """Everything site.yml leaves on the clusters, the namespaces and the OVS databases."""
    found = []
    for cluster in ("tenant", "infra"):
        core = k8s.CoreV1Api(api(lab, cluster))
        found += [f"{cluster}: namespace {n.metadata.name}" for n in core.list_namespace().items
                  if n.metadata.name in ("ovn-kubernetes", "ovn-host-network")]
        for node in core.list_node().items:
            labels, notes = node.metadata.labels or {}, node.metadata.annotations or {}
            found += [f"{cluster}: {node.metadata.name} label {k}" for k in labels
                      if k.startswith(("k8s.ovn.org/", "node-role.kubernetes.io/dpu"))]
            found += [f"{cluster}: {node.metadata.name} annotation {k}" for k in notes if k.startswith("ovnk.dpu/")]
            found += [f"{cluster}: {node.metadata.name} taint {t.key}" for t in node.spec.taints or []
                      if t.key.startswith("ovnk.dpu/") or t.key == "k8s.ovn.org/dpu-not-ready"]
        custom = k8s.CustomObjectsApi(api(lab, cluster))
        found += [f"{cluster}: MachineConfigPool {p['metadata']['name']}" for p in custom.list_cluster_custom_object(
            "machineconfiguration.openshift.io", "v1", "machineconfigpools")["items"]]
    policies = k8s.CustomObjectsApi(api(lab, "tenant")).list_cluster_custom_object(
        "sriovnetwork.openshift.io", "v1", "sriovnetworknodepolicies")["items"]
    found += [f"SR-IOV policy {p['metadata']['name']}" for p in policies]
    for node in HOSTS + DPUS:
        with IPRoute(netns=f"{lab.name}-{node}") as ipr:
            found += [f"{node}: link {link.get('ifname')}" for link in ipr.get_links()
                      if link.get("ifname", "").startswith(("rep0-", "eth0-"))]
    for dpu in DPUS:
        if "host-k8s-nodename" in lab.ovs_vsctl(dpu, "get", "Open_vSwitch", ".", "external_ids"):
            found.append(f"{dpu}: OVS external_ids:host-k8s-nodename")
    found += [f"process {p[:80]}" for p in lab.processes() if "lease_watchdog" in p]
    found += [f"file {p.name}" for p in (lab.state_dir / "services").glob("ovnk-dpu-lease-*")]
    return found


def test_teardown_removes_what_site_made(lab):
    assert collection_marks(lab)  # what the check below would miss if it were blind
    run = lab.playbook("playbooks/teardown.yml", "-e", "ovnk_dpu_teardown_confirm=true")
    assert run.rc == 0, run.output[-5000:]
    assert collection_marks(lab) == []


def test_molecule_destroy_leaves_nothing_behind(lab):
    before_tmp = set(Path("/tmp").iterdir())
    run = molecule(lab, "destroy")  # teardown.yml again, the lab included
    assert run.rc == 0, run.output[-3000:]
    assert "destroy: Executed: Successful" in run.output
    # The second teardown finds nothing left to remove: only the lab's destroy changes something.
    assert run.output.count("changed: [localhost]") == 1, run.output[-5000:]
    changed_at = run.output.index("changed: [localhost]")
    assert run.output.startswith("TASK [ovnk.dpu.lab : Destroy the lab]", run.output.rfind("TASK [", 0, changed_at))
    assert lab.processes() == []
    assert namespaces(lab) == set()
    assert not lab.state_dir.exists()
    assert not Path("/run/ovnk-dpu", lab.name).exists()
    # ansible-lint, imported by molecule, makes a directory at import and never removes it
    # (ansiblelint/rules/args.py: _SAFE_ASYNC_DIR): not the collection's.
    assert {p for p in set(Path("/tmp").iterdir()) - before_tmp if not p.name.startswith("ansible-lint-async-")} == set()
    again = lab.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")
    assert again.rc == 0 and again.changed == 0
