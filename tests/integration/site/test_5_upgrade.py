"""playbooks/upgrade.yml on the installed lab: a pod the drain cannot evict, a DPU that does not come
back, the rerun that resumes, the skew checks; then the lab stopped and started."""

from __future__ import annotations

import json
import re

import pytest
from kubernetes import client as k8s
from pyroute2 import IPRoute

from labtools import REPO, LabUnderTest
from sitetools import DPUS, HOSTS, api, namespaces, ready_nodes, wait_for

pytestmark = pytest.mark.lab


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
    text = " ".join(batch.output.split())
    assert batch.rc != 0 and ("ovnk_dpu_upgrade_batch: 2 pairs at a time, but the platform takes down at most 1 "
                              "(ovnk_dpu_upgrade_batch_max)") in text, batch.output[-3000:]
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
