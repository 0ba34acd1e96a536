from __future__ import annotations

from datetime import datetime, timezone

import yaml

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import kwok


def _stage_dir(tmp_path):
    for rel in kwok.STAGES:
        path = tmp_path / kwok.STAGE_DIR / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"kind": "Stage", "metadata": {"name": path.stem}}))
    return tmp_path


def test_config_carries_every_stage_in_order(tmp_path):
    stages = list(yaml.safe_load_all(kwok.render_config(_stage_dir(tmp_path))))
    assert [s["metadata"]["name"] for s in stages] == [p.rsplit("/", 1)[1][:-5] for p in kwok.STAGES] + [
        "ovnk-dpu-lab-pod-ready-again"]
    again = stages[-1]["spec"]
    assert again["selector"]["matchExpressions"][1] == {"key": ".status.phase", "operator": "In", "values": ["Running"]}
    assert "type: Ready" in again["next"]["statusTemplate"]


def test_registered_nodes_carry_the_label_kwok_selects_on():
    node = kwok.node_object("dpu-0")
    assert node["metadata"]["labels"]["kwok.x-k8s.io/node"] == "fake" and kwok.is_managed(node)
    assert node["metadata"]["labels"]["kubernetes.io/hostname"] == "dpu-0"


def test_a_kubelet_stops_and_comes_back():
    assert kwok.managed_patch(False) == {"metadata": {"labels": {"kwok.x-k8s.io/node": None}}}  # merge patch: remove
    assert kwok.managed_patch(True) == {"metadata": {"labels": {"kwok.x-k8s.io/node": "fake"}}}


def test_readiness_reads_the_ready_condition():
    assert kwok.is_ready({"status": {"conditions": [{"type": "Ready", "status": "True"}]}})
    assert not kwok.is_ready({"status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}})
    assert not kwok.is_ready({})


def test_a_pod_is_made_ready_again_by_condition_type_and_container_name():
    pod = {"status": {"containerStatuses": [{"name": "ovnkube-controller", "ready": False, "image": "x"}]}}
    patch = kwok.pod_ready_patch(pod)["status"]
    assert {"type": "Ready", "status": "True"} in patch["conditions"]
    assert patch["containerStatuses"] == [{"name": "ovnkube-controller", "ready": True, "image": "x"}]


def test_a_ready_node_is_usable_once_the_controller_untainted_it():
    ready = {"status": {"conditions": [{"type": "Ready", "status": "True"}]}}
    assert kwok.is_usable(ready)
    tainted = {**ready, "spec": {"taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"}]}}
    assert not kwok.is_usable(tainted)
    other = {**ready, "spec": {"taints": [{"key": "ovnk.dpu/dpu", "effect": "NoSchedule"}]}}
    assert kwok.is_usable(other)


def test_a_lease_counts_as_renewed_from_the_given_moment_on():
    since = datetime(2026, 12, 1, 19, 0, 0, tzinfo=timezone.utc)
    assert kwok.renewed_since({"spec": {"renewTime": "2026-12-01T19:00:00.000001Z"}}, since)
    assert kwok.renewed_since({"spec": {"renewTime": since}}, since)  # the client may hand back datetimes
    assert not kwok.renewed_since({"spec": {"renewTime": "2026-12-01T18:59:59.999999Z"}}, since)
    assert not kwok.renewed_since({"spec": {}}, since)
