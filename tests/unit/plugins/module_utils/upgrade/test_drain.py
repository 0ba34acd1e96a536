"""What a drain leaves on a host: kubectl drain's sorting into pods that stay and pods that should have left."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.upgrade.drain import pods_left


def pod(name, owner=None, annotations=None, phase="Running", tolerations=None):
    return {"metadata": {"namespace": "ns", "name": name, "annotations": annotations or {},
                         "ownerReferences": [{"kind": owner}] if owner else []},
            "spec": {"tolerations": tolerations or []}, "status": {"phase": phase}}


def test_only_pods_a_drain_evicts_are_counted_as_left_behind():
    pods = [pod("web", owner="ReplicaSet"), pod("ovnkube-node", owner="DaemonSet"),
            pod("static", annotations={"kubernetes.io/config.mirror": "x"}), pod("job", phase="Succeeded"),
            pod("everywhere", tolerations=[{"operator": "Exists"}]),
            pod("cordon-proof", tolerations=[{"key": "node.kubernetes.io/unschedulable", "operator": "Exists"}]),
            pod("one-key", tolerations=[{"key": "other", "operator": "Exists"}]), pod("bare")]
    assert pods_left(pods) == {"evictable": ["ns/web", "ns/one-key", "ns/bare"],
                               "staying": ["ns/ovnkube-node", "ns/static", "ns/job", "ns/everywhere",
                                           "ns/cordon-proof"]}
    assert pods_left([]) == {"evictable": [], "staying": []}
