from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.clusters import readiness


def _node(name: str, status: str | None, reason: str = "", message: str = "") -> dict:
    conditions = [] if status is None else [{"type": "Ready", "status": status, "reason": reason, "message": message}]
    return {"metadata": {"name": name}, "status": {"conditions": conditions}}


def test_versions():
    assert readiness.version_problem("tenant", "v1.35.8", "1.31.0") is None
    assert readiness.version_problem("tenant", "v1.31.0", "1.31.0") is None
    old = readiness.version_problem("infra", "v1.30.14", "1.31.0")
    assert old and "the infra cluster runs Kubernetes v1.30.14; ovnk.dpu needs 1.31.0 or newer" in old
    assert "not a version" in readiness.version_problem("tenant", "v1.35.8", "latest")
    assert "not a Kubernetes version" in readiness.version_problem("tenant", "master+$Format:%H$", "1.31.0")


def test_readiness_names_each_node_and_why():
    nodes = {"a": _node("a", "True"), "b": _node("b", "False", "KubeletNotReady", "PLEG is not healthy"),
             "c": _node("c", None)}
    states = readiness.readiness(["a", "b", "c", "d"], nodes)
    assert states == {"a": "Ready", "b": "Ready=False (KubeletNotReady: PLEG is not healthy)",
                      "c": "no Ready condition yet", "d": "missing"}


def test_wait_polls_one_list_until_all_are_ready():
    calls = []

    def list_nodes():
        calls.append(1)
        return {"a": _node("a", "True"), "b": _node("b", "True" if len(calls) > 2 else "Unknown")}

    states = readiness.wait_for_nodes(list_nodes, ["a", "b"], timeout=10, sleep=0)[0]
    assert states == {"a": "Ready", "b": "Ready"} and len(calls) == 3


def test_wait_gives_up_at_the_deadline():
    states = readiness.wait_for_nodes(lambda: {}, ["a"], timeout=0, sleep=0)[0]
    assert states == {"a": "missing"}
