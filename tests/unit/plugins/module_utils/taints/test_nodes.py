"""Taints on DPU hosts and DPUs: others' taints kept, ours set or taken off, the pods already
there that would not tolerate them found, bad taints named."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.common.taints import tolerates
from ansible_collections.ovnk.dpu.plugins.module_utils.taints import nodes as n

OURS = ({"key": "ovnk.dpu/dpu-host", "effect": "NoSchedule"},)
THEIRS = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


def test_ours_are_added_and_removed_without_touching_the_others():
    added = n.merged([THEIRS], OURS, present=True)
    assert added == [THEIRS, OURS[0]] and n.differs([THEIRS], added)
    assert not n.differs(added, n.merged(added, OURS, present=True))
    assert n.merged(added, OURS, present=False) == [THEIRS]
    valued = n.merged([{"key": "ovnk.dpu/dpu-host", "effect": "NoSchedule", "value": "old"}], OURS, True)
    assert valued == [OURS[0]]


def test_pods_without_the_toleration_are_found_and_finished_ones_ignored():
    def pod(name, node, tolerations=None, phase="Running"):
        return {"metadata": {"name": name, "namespace": "default"},
                "spec": {"nodeName": node, "tolerations": tolerations or []}, "status": {"phase": phase}}
    pods = [pod("web", "host-0"), pod("ovnkube", "host-0", [{"operator": "Exists"}]), pod("job", "host-0", phase="Succeeded"),
            pod("elsewhere", "worker-0")]
    found = n.intolerant_pods(pods, "host-0", OURS)
    assert found == [{"node": "host-0", "pod": "default/web", "taints": ["ovnk.dpu/dpu-host:NoSchedule"], "evicted": False}]
    noexecute = ({"key": "ovnk.dpu/dpu-host", "effect": "NoExecute"},)
    assert n.intolerant_pods(pods, "host-0", noexecute)[0]["evicted"]


def test_kubernetes_toleration_rules():
    taint = {"key": "k", "value": "v", "effect": "NoSchedule"}
    assert tolerates([{"operator": "Exists"}], taint)
    assert tolerates([{"key": "k", "operator": "Equal", "value": "v"}], taint)
    assert not tolerates([{"key": "k", "value": "w"}], taint)
    assert not tolerates([{"key": "k", "operator": "Exists", "effect": "NoExecute"}], taint)


def test_bad_taints_and_duplicates_are_named():
    found = "\n".join(n.spec_problems(n.node_taints([
        {"cluster": "tenant", "name": "host-0", "taints": [{"key": "bad key", "effect": "NoSchedule"},
                                                           {"key": "ok", "value": "x y", "effect": "Sometimes"}]},
        {"cluster": "tenant", "name": "host-0", "taints": [OURS[0], dict(OURS[0])]}])))
    assert "'bad key' is not a taint key" in found and "'x y' is not a taint value" in found
    assert "'Sometimes' is not one of NoSchedule" in found and "host-0 (tenant) is listed twice" in found
    assert "is given twice" in found


def test_the_nodes_come_from_the_resolved_inventory_with_their_own_taints_and_opt_outs():
    mine = [{"key": "lab/mine", "effect": "NoSchedule"}]

    def node(skip=False, host_taints=OURS, dpu_taints=OURS):
        return {"settings": {"ovnk_dpu_node_taints_skip": skip, "ovnk_dpu_host_taints": list(host_taints),
                             "ovnk_dpu_dpu_taints": list(dpu_taints)}}
    topology = {"groups": {"dpu_hosts": ["host-0", "host-1"], "dpu_nodes": ["dpu-0"]},
                "nodes": {"host-0": node(), "host-1": node(skip=True), "dpu-0": node(dpu_taints=mine),
                          "worker-0": node()}}
    planned = n.nodes_of_topology(topology)
    assert planned == {"taint": [{"cluster": "tenant", "name": "host-0", "taints": list(OURS)},
                                 {"cluster": "infra", "name": "dpu-0", "taints": mine}],
                       "skip": [{"cluster": "tenant", "name": "host-1", "taints": list(OURS)}],
                       "watchdog": [{"cluster": "tenant", "name": host,
                                     "taints": [{"key": "k8s.ovn.org/dpu-not-ready", "effect": "NoSchedule"}]}
                                    for host in ("host-0", "host-1")]}
    assert n.nodes_of_topology({"groups": {}, "nodes": {}}) == {"taint": [], "skip": [], "watchdog": []}
