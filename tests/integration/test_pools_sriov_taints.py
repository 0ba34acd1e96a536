"""MachineConfigPools, SR-IOV, taints and the openshift platform's checks, on a lab of their own.

The lab's API servers have the MachineConfig and SR-IOV operators' CRDs (upstream's schemas), so
every object is validated for real; a LAB STAND-IN (clearly not the operator) reports pool
roll-outs as OpenShift's machine-config-operator does and reports Degraded on demand. No SR-IOV
operator reconciles the policies (that part is a mock of nothing: the objects are only checked
by the API server). The real kube-scheduler decides where pods go.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from kubernetes import client as k8s, config as k8s_config
from kubernetes.client.rest import ApiException

from labtools import LabUnderTest, destroyed_after

pytestmark = pytest.mark.lab

PORT_BASE = 25400
# The watchdog has a lab of its own (test_lease_watchdog.py); here it would only add time.
NO_WATCHDOG = ("-e", "ovnk_dpu_lease_watchdog=false")
MCO = "machineconfiguration.openshift.io"
SRIOV = "sriovnetwork.openshift.io"
SRIOV_NS = "sriov-network-operator"
FAULT = "lab.ovnk.dpu/machine-config-fault"
CRDS = Path(__file__).parent / "crds"


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkmc", port_base=PORT_BASE, state_parent=lab_parent)
    with destroyed_after(under_test):
        started = under_test.playbook("playbooks/lab.yml", "-e", "lab_action=start")
        assert started.rc == 0, started.output[-3000:]
        yield under_test


def api(lab: LabUnderTest, cluster: str) -> k8s.ApiClient:
    return k8s_config.new_client_from_config(str(lab.state_dir / cluster / "admin.kubeconfig"))


def custom(lab: LabUnderTest, cluster: str = "tenant") -> k8s.CustomObjectsApi:
    return k8s.CustomObjectsApi(api(lab, cluster))


def core(lab: LabUnderTest, cluster: str = "tenant") -> k8s.CoreV1Api:
    return k8s.CoreV1Api(api(lab, cluster))


def policies(lab: LabUnderTest) -> dict[str, dict]:
    items = custom(lab).list_namespaced_custom_object(SRIOV, "v1", SRIOV_NS, "sriovnetworknodepolicies")["items"]
    return {p["metadata"]["name"]: p for p in items}


def taint_keys(lab: LabUnderTest, cluster: str, node: str) -> set[str]:
    return {t.key for t in core(lab, cluster).read_node(node).spec.taints or []}


@pytest.fixture(scope="module")
def degraded_run(lab):
    """site.yml with host-1 unable to apply its MachineConfig, as its machine-config daemon would report."""
    core(lab).patch_node("host-1", {"metadata": {"annotations": {FAULT: "unexpected on-disk state validating against rendered-dpu-host"}}})
    run = lab.playbook("site.yml", *NO_WATCHDOG)
    core(lab).patch_node("host-1", {"metadata": {"annotations": {FAULT: None}}})
    return run


@pytest.fixture(scope="module")
def installed(lab, degraded_run):
    run = lab.playbook("site.yml", *NO_WATCHDOG)
    assert run.rc == 0, run.output[-5000:]
    return run


def test_a_degraded_pool_stops_site_with_its_nodes_reason_and_nothing_after_the_gate_runs(lab, degraded_run):
    assert degraded_run.rc != 0
    assert "MachineConfigPool dpu-host is degraded - degraded nodes host-1" in flat(degraded_run.output)
    assert 'host-1: \\"unexpected on-disk state validating against rendered-dpu-host\\"' in degraded_run.output \
        or 'host-1: "unexpected on-disk state' in degraded_run.output
    # The pools and labels were made; nothing after the gate was.
    assert custom(lab).get_cluster_custom_object(MCO, "v1", "machineconfigpools", "dpu-host")
    assert policies(lab) == {}
    assert "ovn-kubernetes" not in {n.metadata.name for n in core(lab).list_namespace().items}
    assert taint_keys(lab, "tenant", "host-0") == set()
    assert "TASK [ovnk.dpu.sriov : Apply" not in degraded_run.output


def test_pools_take_the_dpu_hosts_and_dpus_and_report_them_updated(lab, installed):
    for cluster, pool, nodes in (("tenant", "dpu-host", ["host-0", "host-1"]), ("infra", "dpu", ["dpu-0", "dpu-1"])):
        obj = custom(lab, cluster).get_cluster_custom_object(MCO, "v1", "machineconfigpools", pool)
        conditions = {c["type"]: c["status"] for c in obj["status"]["conditions"]}
        assert conditions["Updated"] == "True" and conditions["Degraded"] == "False", obj["status"]
        assert obj["status"]["machineCount"] == obj["status"]["updatedMachineCount"] == 2
        assert obj["spec"]["machineConfigSelector"]["matchExpressions"][0]["values"] == ["worker", pool]
        for name in nodes:
            node = core(lab, cluster).read_node(name)
            assert node.metadata.labels[f"node-role.kubernetes.io/{pool}"] == ""
            assert node.metadata.annotations[f"{MCO}/currentConfig"] == obj["status"]["configuration"]["name"]
    assert "node-role.kubernetes.io/dpu-host" not in core(lab).read_node("worker-0").metadata.labels


def test_sriov_objects_match_the_card_table_and_the_api_server_accepted_them(lab, installed):
    found = policies(lab)
    assert set(found) == {"dpu-mgmt-bluefield-3-ens1f0np0", "dpu-workload-bluefield-3-ens1f0np0"}
    mgmt, workload = found["dpu-mgmt-bluefield-3-ens1f0np0"]["spec"], found["dpu-workload-bluefield-3-ens1f0np0"]["spec"]
    # The lab inventory: BlueField-3 (15b3:a2dc), 16 representor links = the PF and 15 VFs.
    assert mgmt["nicSelector"] == {"vendor": "15b3", "deviceID": "a2dc", "pfNames": ["ens1f0np0#0-0"]}
    assert workload["nicSelector"]["pfNames"] == ["ens1f0np0#1-14"]
    for spec in (mgmt, workload):
        assert (spec["numVfs"], spec["eSwitchMode"], spec["deviceType"]) == (15, "switchdev", "netdevice")
        assert spec["nodeSelector"] == {"node-role.kubernetes.io/dpu-host": ""}
    assert (mgmt["resourceName"], workload["resourceName"]) == ("mgmtvf", "dpu_workload_vfs")
    pool = custom(lab).get_namespaced_custom_object(SRIOV, "v1", SRIOV_NS, "sriovnetworkpoolconfigs", "dpu-host-hw-offload")
    assert pool["spec"]["ovsHardwareOffloadConfig"] == {"name": "dpu-host"}


def test_the_api_server_refuses_what_the_schema_refuses(lab, installed):
    bad = {"apiVersion": f"{SRIOV}/v1", "kind": "SriovNetworkNodePolicy", "metadata": {"name": "bad"},
           "spec": {"resourceName": "x", "nodeSelector": {}, "numVfs": 4, "nicSelector": {}, "eSwitchMode": "offload"}}
    with pytest.raises(ApiException) as refused:
        custom(lab).create_namespaced_custom_object(SRIOV, "v1", SRIOV_NS, "sriovnetworknodepolicies", bad)
    assert refused.value.status == 422 and "eSwitchMode" in refused.value.body


def flat(text: str) -> str:
    """Output with the callback's line wrapping undone."""
    return " ".join(text.split()).replace("''", "'")


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return predicate()


def pod(name: str, node_selector: dict | None = None, tolerations: list | None = None) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"nodeSelector": node_selector or {}, "tolerations": tolerations or [],
                     "containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10"}]}}


def test_the_scheduler_keeps_plain_pods_off_tainted_nodes_and_lets_the_collections_on(lab, installed):
    tenant = core(lab)
    # Ours are the hosts' only taints: an untolerated taint there is ours.
    assert taint_keys(lab, "tenant", "host-0") == taint_keys(lab, "tenant", "host-1") == {"ovnk.dpu/dpu-host"}
    assert taint_keys(lab, "infra", "dpu-1") == {"ovnk.dpu/dpu"}
    host0 = {"kubernetes.io/hostname": "host-0"}
    tenant.create_namespaced_pod("default", pod("pinned", host0))
    tenant.create_namespaced_pod("default", pod("anywhere"))
    tenant.create_namespaced_pod("default", pod("tolerant", host0, [{"key": "ovnk.dpu/dpu-host", "operator": "Exists"}]))
    try:
        def unschedulable():
            conditions = tenant.read_namespaced_pod("pinned", "default").status.conditions or []
            return next((c for c in conditions if c.type == "PodScheduled" and c.reason == "Unschedulable"), None)
        condition = wait_for(unschedulable)
        assert condition is not None and "2 node(s) had untolerated taint" in condition.message, condition
        assert wait_for(lambda: tenant.read_namespaced_pod("anywhere", "default").spec.node_name) == "worker-0"
        assert wait_for(lambda: tenant.read_namespaced_pod("tolerant", "default").spec.node_name) == "host-0"
    finally:
        for name in ("pinned", "anywhere", "tolerant"):
            tenant.delete_namespaced_pod(name, "default", grace_period_seconds=0)
    ovnkube = {p.spec.node_name for p in tenant.list_namespaced_pod("ovn-kubernetes").items if p.status.phase == "Running"}
    assert {"host-0", "host-1"} <= ovnkube
    error_cni = k8s.AppsV1Api(api(lab, "infra")).read_namespaced_daemon_set("dpu-error-cni", "ovn-kubernetes")
    assert error_cni.status.number_ready == error_cni.status.desired_number_scheduled == 2
    config = core(lab, "infra").read_namespaced_config_map("dpu-error-cni", "ovn-kubernetes")
    assert "Only host backed pods supported on DPU in Infra Cluster." in config.data["error-cni"]


def test_rerun_changes_nothing_and_check_mode_is_clean(lab, installed):
    # This stages; test_lab_site reruns the whole of site.yml (these stages included).
    stages = ("--tags", "machine_config_pools,sriov,node_taints")
    again = lab.playbook("site.yml", *NO_WATCHDOG, *stages)
    assert again.rc == 0 and again.changed == 0, again.output[-4000:]
    check = lab.playbook("site.yml", *NO_WATCHDOG, *stages, "--check", "--diff")
    assert check.rc == 0 and check.changed == 0, check.output[-4000:]
    assert "TASK [ovnk.dpu.sriov : Apply" in check.output and "TASK [ovnk.dpu.node_taints : Taint" in check.output


def test_a_pod_already_on_a_host_is_reported_not_evicted(lab, installed):
    tenant = core(lab)
    host0 = tenant.read_node("host-0")
    kept = [t for t in host0.spec.taints or [] if t.key != "ovnk.dpu/dpu-host"]
    tenant.patch_node("host-0", {"spec": {"taints": [t.to_dict() for t in kept]}})
    tenant.create_namespaced_pod("default", pod("early", {"kubernetes.io/hostname": "host-0"}))
    try:
        assert wait_for(lambda: tenant.read_namespaced_pod("early", "default").status.phase == "Running")
        run = lab.playbook("site.yml", *NO_WATCHDOG, "--tags", "node_taints")
        assert run.rc == 0, run.output[-3000:]
        assert "default/early on host-0 (tenant) does not tolerate ovnk.dpu/dpu-host:NoSchedule; left running" in flat(run.output)
        assert "ovnk.dpu/dpu-host" in taint_keys(lab, "tenant", "host-0")
        assert tenant.read_namespaced_pod("early", "default").status.phase == "Running"
    finally:
        tenant.delete_namespaced_pod("early", "default", grace_period_seconds=0)


def test_a_noexecute_taint_that_would_evict_is_refused_before_any_change(lab, installed):
    tenant = core(lab)
    tenant.create_namespaced_pod("default", pod("victim", {"kubernetes.io/hostname": "worker-0"}))
    try:
        assert wait_for(lambda: tenant.read_namespaced_pod("victim", "default").status.phase == "Running")
        run = lab.playbook("site.yml", *NO_WATCHDOG, "--tags", "node_taints", "-e", "node_taints_hosts_group=full_nodes",
                           "-e", '{"ovnk_dpu_host_taints": [{"key": "ovnk.dpu/dpu-host", "effect": "NoExecute"}]}')
        assert run.rc != 0
        assert "a NoExecute taint would evict pods that do not tolerate it: default/victim on worker-0 (tenant)" in flat(run.output)
        assert "ovnk.dpu/dpu-host" not in taint_keys(lab, "tenant", "worker-0")
        assert tenant.read_namespaced_pod("victim", "default").status.phase == "Running"
    finally:
        tenant.delete_namespaced_pod("victim", "default", grace_period_seconds=0)


def install_crd(lab: LabUnderTest, cluster: str, name: str) -> None:
    extensions = k8s.ApiextensionsV1Api(api(lab, cluster))
    try:
        extensions.create_custom_resource_definition(yaml.safe_load((CRDS / name).read_text()))
    except ApiException as e:
        assert e.status == 409, e.body
    crd = yaml.safe_load((CRDS / name).read_text())["metadata"]["name"]
    assert wait_for(lambda: any(c.type == "Established" and c.status == "True"
                                for c in extensions.read_custom_resource_definition(crd).status.conditions or []))


def cluster_version(lab: LabUnderTest, cluster: str, release: str) -> None:
    """An OpenShift ClusterVersion as the cluster-version operator reports a completed install."""
    versions = custom(lab, cluster)
    body = {"apiVersion": "config.openshift.io/v1", "kind": "ClusterVersion", "metadata": {"name": "version"},
            "spec": {"clusterID": "8f5a4c2e-3b1d-4e6f-9a0b-1c2d3e4f5a6b"}}
    try:
        versions.create_cluster_custom_object("config.openshift.io", "v1", "clusterversions", body)
    except ApiException as e:
        assert e.status == 409, e.body
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    status = {"desired": {"version": release, "image": f"quay.io/openshift-release-dev/ocp-release:{release}"},
              "history": [{"state": "Completed", "version": release, "image": "x", "startedTime": now,
                           "completionTime": now, "verified": False}],
              "observedGeneration": 1, "versionHash": "abc", "availableUpdates": None}
    current = versions.get_cluster_custom_object("config.openshift.io", "v1", "clusterversions", "version")
    # A PUT keeps availableUpdates: null (required by the schema; a merge patch would drop it).
    versions.replace_cluster_custom_object_status("config.openshift.io", "v1", "clusterversions", "version",
                                                  {**current, "status": status})


def test_openshift_platform_verifies_the_clusters_before_touching_them(lab, installed):
    as_openshift = ("-e", "ovnk_dpu_platform=openshift", "-e", f"ovnk_dpu_sriov_namespace={SRIOV_NS}", *NO_WATCHDOG)
    run = lab.playbook("site.yml", *as_openshift, "--tags", "clusters")
    assert run.rc != 0
    assert "the tenant cluster does not serve Network (operator.openshift.io/v1) for OpenShift's network operator" \
        in flat(run.output), run.output[-3000:]
    for name in ("networks.operator.yaml", "clusterversions.yaml"):
        install_crd(lab, "tenant", name)
    install_crd(lab, "infra", "clusterversions.yaml")
    cluster_version(lab, "tenant", "4.17.3")
    run = lab.playbook("site.yml", *as_openshift, "--tags", "clusters")
    assert "the tenant cluster runs OpenShift 4.17.3; ovnk.dpu needs 4.18 or newer" in flat(run.output) and run.rc != 0
    cluster_version(lab, "tenant", "4.20.8")
    run = lab.playbook("site.yml", *as_openshift, "--tags", "clusters")
    assert run.rc != 0 and "the infra cluster has no ClusterVersion 'version': it is not OpenShift" in flat(run.output)
    cluster_version(lab, "infra", "4.20.8")
    core(lab).create_namespace({"metadata": {"name": "openshift-network-operator"}})
    run = lab.playbook("site.yml", *as_openshift, "--tags", "clusters,sriov")
    assert run.rc == 0, run.output[-4000:]
    config = core(lab).read_namespaced_config_map("hardware-offload-config", "openshift-network-operator").data
    assert config == {"dpu-host-mode-label": "network.operator.openshift.io/dpu-host=",
                      "dpu-mode-label": "network.operator.openshift.io/dpu=",
                      "mgmt-port-resource-name": "openshift.io/mgmtvf",
                      "dpu-node-lease-renew-interval": "10", "dpu-node-lease-duration": "40"}
