"""MachineConfigPools for DPU hosts and DPUs: the pool objects, the labels, the problems named
before anything changes, and reading a roll-out (done, progressing, degraded with the nodes)."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.machine_config import pools as p

HOST_POOL = p.PoolSpec("tenant", "dpu-host", ("host-0", "host-1"), ("worker", "dpu-host"), "50%")


def node(name: str, labels: dict | None = None, **annotations: str) -> dict:
    return {"metadata": {"name": name, "labels": labels or {}, "annotations": annotations}}


def test_the_pool_inherits_the_worker_machine_configs_and_takes_its_labelled_nodes():
    obj = p.pool_object(HOST_POOL)
    assert obj["apiVersion"] == "machineconfiguration.openshift.io/v1" and obj["kind"] == "MachineConfigPool"
    assert obj["spec"]["machineConfigSelector"]["matchExpressions"][0]["values"] == ["worker", "dpu-host"]
    assert obj["spec"]["nodeSelector"] == {"matchLabels": {"node-role.kubernetes.io/dpu-host": ""}}
    assert obj["spec"]["maxUnavailable"] == "50%"
    assert p.pool_object(p.PoolSpec("infra", "dpu", (), ("worker",), "2"))["spec"]["maxUnavailable"] == 2


def test_labels_are_added_where_missing_and_removed_on_absent():
    nodes = {"host-0": node("host-0", {"node-role.kubernetes.io/dpu-host": ""}), "host-1": node("host-1"),
             "stray": node("stray", {"node-role.kubernetes.io/dpu-host": ""})}
    assert p.label_patches(HOST_POOL, nodes) == {"host-1": {"metadata": {"labels": {"node-role.kubernetes.io/dpu-host": ""}}}}
    assert list(p.label_patches(HOST_POOL, nodes, present=False)) == ["host-0"]
    assert p.strays(HOST_POOL, nodes) == ["stray"]


def test_bad_pools_are_named_with_the_fix():
    problems = p.spec_problems([
        p.PoolSpec("tenant", "Worker_Pool", (), ("worker",)), p.PoolSpec("tenant", "worker", (), ("worker",)),
        p.PoolSpec("infra", "dpu", ("dpu-0",), ()), p.PoolSpec("infra", "dpu2", ("dpu-0",), ("worker",), "0%")])
    text = "\n".join(problems)
    assert "'Worker_Pool' is not a pool name" in text and "is the cluster's own pool" in text
    assert "machine_config_roles: empty" in text and "dpu-0 is also in pool dpu" in text
    assert "'0%' is neither a positive number nor a percentage" in text


def status(machines: int, updated: int, generation: int = 1, **conditions: str) -> dict:
    return {"metadata": {"name": "dpu-host", "generation": generation},
            "status": {"observedGeneration": 1, "machineCount": machines, "updatedMachineCount": updated,
                       "configuration": {"name": "rendered-1"},
                       "conditions": [{"type": t, "status": v, "message": f"{t} message"} for t, v in conditions.items()]}}


def test_a_rollout_is_done_only_when_every_listed_node_runs_the_pool_configuration():
    done = {"machineconfiguration.openshift.io/currentConfig": "rendered-1", "machineconfiguration.openshift.io/state": "Done"}
    nodes = {"host-0": node("host-0", **done), "host-1": node("host-1", **done)}
    assert p.rollout(HOST_POOL, status(2, 2, Updated="True"), nodes).done
    assert "does not exist" in p.rollout(HOST_POOL, None, nodes).progress
    assert not p.rollout(HOST_POOL, status(2, 2, generation=2, Updated="True"), nodes).done
    assert "2 nodes expected" in p.rollout(HOST_POOL, status(1, 1, Updated="True"), nodes).progress
    assert "Updating message" in p.rollout(HOST_POOL, status(2, 1, Updated="False", Updating="True"), nodes).progress
    behind = {**nodes, "host-1": node("host-1", **{**done, "machineconfiguration.openshift.io/state": "Working"})}
    assert "not on it yet: host-1" in p.rollout(HOST_POOL, status(2, 2, Updated="True"), behind).progress


def test_a_degraded_pool_names_its_nodes_and_their_reasons():
    nodes = {"host-1": node("host-1", **{"machineconfiguration.openshift.io/state": "Degraded",
                                         "machineconfiguration.openshift.io/reason": "disk full"})}
    reading = p.rollout(HOST_POOL, status(2, 1, Updated="False", NodeDegraded="True", Degraded="True"), nodes)
    assert not reading.done
    assert reading.degraded.startswith("the tenant cluster: MachineConfigPool dpu-host is degraded")
    assert 'host-1: "disk full"' in reading.degraded and "NodeDegraded" in reading.degraded


def test_a_rollout_waits_for_the_machine_configs_another_operator_renders():
    done = {"machineconfiguration.openshift.io/currentConfig": "rendered-1", "machineconfiguration.openshift.io/state": "Done"}
    nodes = {"host-0": node("host-0", **done), "host-1": node("host-1", **done)}
    pool = p.PoolSpec("tenant", "dpu-host", ("host-0", "host-1"), ("worker", "dpu-host"),
                      required_machine_configs=("00-dpu-host-ovs-hw-offload",))
    old = status(2, 2, Updated="True")
    old["spec"] = {"configuration": {"name": "rendered-1", "source": [{"name": "00-worker"}]}}
    assert "has not rendered 00-dpu-host-ovs-hw-offload" in p.rollout(pool, old, nodes).progress
    # Rendered, but the nodes still run the old configuration: a stale Updated=True is not done.
    new = status(2, 2, Updated="True")
    new["spec"] = {"configuration": {"name": "rendered-2", "source": [{"name": "00-dpu-host-ovs-hw-offload"}]}}
    assert "not on it yet: host-0, host-1" in p.rollout(pool, new, nodes).progress


def test_a_degraded_status_about_an_older_spec_is_waited_out():
    reading = p.rollout(HOST_POOL, status(2, 1, generation=2, Degraded="True"), {})
    assert not reading.done and not reading.degraded and "generation 2" in reading.progress
