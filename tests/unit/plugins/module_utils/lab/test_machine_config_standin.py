"""The lab's stand-in for the machine-config-operator's reporting: which MachineConfigs a pool
takes, how its nodes move to the rendered configuration (maxUnavailable at a time), faults on
demand, and the pool status it writes (the operator's own conditions and messages)."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import machine_config_standin as s

POOL = {"metadata": {"name": "dpu-host", "generation": 3},
        "spec": {"machineConfigSelector": {"matchExpressions": [
            {"key": "machineconfiguration.openshift.io/role", "operator": "In", "values": ["worker", "dpu-host"]}]},
            "nodeSelector": {"matchLabels": {"node-role.kubernetes.io/dpu-host": ""}}, "maxUnavailable": 1}}


def config(name: str, role: str, data: str = "") -> dict:
    return {"metadata": {"name": name, "labels": {"machineconfiguration.openshift.io/role": role}},
            "spec": {"config": {"data": data}}}


def node(name: str, **annotations: str) -> dict:
    return {"metadata": {"name": name, "annotations": annotations}}


def test_label_selectors_as_kubernetes_matches_them():
    labels = {"a": "1", "b": "2"}
    assert s.selector_matches(None, labels) and s.selector_matches({}, {})
    assert s.selector_matches({"matchLabels": {"a": "1"}}, labels)
    assert not s.selector_matches({"matchLabels": {"a": "2"}}, labels)
    assert s.selector_matches({"matchExpressions": [{"key": "b", "operator": "In", "values": ["2", "3"]}]}, labels)
    assert not s.selector_matches({"matchExpressions": [{"key": "c", "operator": "Exists"}]}, labels)
    assert s.selector_matches({"matchExpressions": [{"key": "c", "operator": "DoesNotExist"}]}, labels)
    assert not s.selector_matches({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["1"]}]}, labels)


def test_the_rendered_configuration_follows_the_selected_machine_configs_only():
    worker, own, master = config("00-worker", "worker"), config("50-dpu-host", "dpu-host"), config("00-master", "master")
    name, sources = s.rendered_config(POOL, [worker, own, master])
    assert name.startswith("rendered-dpu-host-") and [x["name"] for x in sources] == ["00-worker", "50-dpu-host"]
    assert s.rendered_config(POOL, [worker, own, config("00-master", "master", "changed")])[0] == name
    assert s.rendered_config(POOL, [worker, config("50-dpu-host", "dpu-host", "changed")])[0] != name


def test_nodes_update_max_unavailable_at_a_time_then_report_done():
    nodes, since = [node("host-0"), node("host-1")], {}
    first = s.node_patches(POOL, nodes, "rendered-x", since, now=0.0, update_seconds=1.0)
    assert first == {"host-0": {s.DESIRED: "rendered-x", s.STATE: s.WORKING, s.REASON: ""}}
    nodes[0]["metadata"]["annotations"].update(first["host-0"])
    assert s.node_patches(POOL, nodes, "rendered-x", since, now=0.5, update_seconds=1.0) == {}
    done = s.node_patches(POOL, nodes, "rendered-x", since, now=1.0, update_seconds=1.0)
    assert done["host-0"][s.STATE] == s.DONE and done["host-0"][s.CURRENT] == "rendered-x"
    # host-1 starts as host-0 is done, not before.
    assert done["host-1"][s.STATE] == s.WORKING
    assert s.max_unavailable({"spec": {"maxUnavailable": "50%"}}, 4) == 2
    assert s.max_unavailable({"spec": {"maxUnavailable": "10%"}}, 4) == 1


def test_a_fault_reports_degraded_and_clearing_it_updates_again():
    nodes, since = [node("host-0", **{s.FAULT_ANNOTATION: "disk full"})], {}
    patch = s.node_patches(POOL, nodes, "rendered-x", since, 0.0, 1.0)["host-0"]
    assert patch[s.STATE] == s.DEGRADED and patch[s.REASON] == "disk full"
    cleared = [node("host-0", **{s.STATE: s.DEGRADED, s.REASON: "disk full"})]
    assert s.node_patches(POOL, cleared, "rendered-x", since, 5.0, 1.0)["host-0"][s.STATE] == s.WORKING


def test_the_pool_status_says_updated_updating_or_degraded_as_the_operator_does():
    done = {s.CURRENT: "r", s.DESIRED: "r", s.STATE: s.DONE}
    status = s.pool_status(POOL, [node("host-0", **done), node("host-1", **done)], "r", [])
    conditions = {c["type"]: c for c in status["conditions"]}
    assert conditions["Updated"]["status"] == "True" and conditions["Degraded"]["status"] == "False"
    assert conditions["Updated"]["message"] == "All nodes are updated with MachineConfig r"
    assert (status["machineCount"], status["updatedMachineCount"], status["observedGeneration"]) == (2, 2, 3)
    degraded = s.pool_status(POOL, [node("host-0", **done), node("host-1", **{s.STATE: s.DEGRADED, s.REASON: "x"})],
                             "r", [])
    conditions = {c["type"]: c for c in degraded["conditions"]}
    assert conditions["NodeDegraded"]["message"] == 'Node host-1 is reporting: "x"'
    assert conditions["NodeDegraded"]["reason"] == "1 nodes are reporting degraded status on sync"
    assert conditions["Updated"]["status"] == "False" and degraded["degradedMachineCount"] == 1
    assert s.status_changed(status, degraded) and not s.status_changed(status, dict(status))


def test_the_sriov_operators_offload_config_is_rendered_for_each_pool_config_and_removed_with_it():
    pool_config = {"spec": {"ovsHardwareOffloadConfig": {"name": "dpu-host"}}}
    create, delete = s.offload_changes([pool_config], [config("00-worker", "worker")])
    assert [c["metadata"]["name"] for c in create] == ["00-dpu-host-ovs-hw-offload"] and delete == []
    assert create[0]["metadata"]["labels"]["machineconfiguration.openshift.io/role"] == "dpu-host"
    assert s.offload_changes([pool_config], create) == ([], [])
    assert s.offload_changes([], create + [config("99-mine", "dpu-host")]) == ([], ["00-dpu-host-ovs-hw-offload"])
