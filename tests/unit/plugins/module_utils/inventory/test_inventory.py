from __future__ import annotations

import os

from ansible_collections.ovnk.dpu.plugins.module_utils.common.kubeconfig import (
    kubeconfig_problems,
    kubeconfig_server,
    kubeconfig_warnings,
)
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.checks import (
    inventory_problems,
    node_problems,
    platform_problems,
)

NODES = {"host-0": "dpu-host", "dpu-0": "dpu", "worker-0": "full"}
KUBECONFIG = ("apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://x'}}]\nusers: [{name: u}]\n"
              "contexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n")


def test_known_platforms_pass_and_unknown_names_the_field():
    assert platform_problems("lab") == [] and platform_problems("openshift") == []
    (problem,) = platform_problems("vsphere")
    assert problem.startswith("ovnk_dpu_platform: 'vsphere'") and "lab, kind, openshift" in problem


def test_nodes_need_a_role_a_legal_name_and_both_clusters():
    problems = node_problems({"Host_0": "dpu-host", "x": None})
    text = "\n".join(problems)
    assert "Host_0: not a legal Kubernetes node name" in text
    assert "x: ovnk_dpu_node_role is 'None'" in text
    assert "infra_cluster: no DPU node" in text
    assert node_problems(NODES) == []
    assert "no nodes" in node_problems({})[0]


def test_kubeconfig_missing_unreadable_or_not_a_kubeconfig(tmp_path):
    missing = str(tmp_path / "nope")
    assert "does not exist" in kubeconfig_problems("v", missing, must_exist=True)[0]
    assert kubeconfig_problems("v", missing, must_exist=False) == []
    assert "is not a readable file" in kubeconfig_problems("v", str(tmp_path), True)[0]
    garbage = tmp_path / "garbage"
    garbage.write_text("{not: yaml: [")
    assert "not valid YAML" in kubeconfig_problems("v", str(garbage), True)[0]
    empty = tmp_path / "empty"
    empty.write_text("apiVersion: v1\n")
    assert "no clusters or users" in kubeconfig_problems("v", str(empty), True)[0]
    good = tmp_path / "good"
    good.write_text(KUBECONFIG)
    assert kubeconfig_problems("v", str(good), True) == []


def test_unreadable_kubeconfig_is_reported(tmp_path):
    locked = tmp_path / "locked"
    locked.write_text(KUBECONFIG)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything; the check is for ordinary users
        assert kubeconfig_problems("v", str(locked), True) == []
    else:
        assert "is not a readable file" in kubeconfig_problems("v", str(locked), True)[0]


def test_world_readable_kubeconfig_warns(tmp_path):
    path = tmp_path / "kc"
    path.write_text(KUBECONFIG)
    path.chmod(0o644)
    assert "chmod 0600" in kubeconfig_warnings("ovnk_dpu_tenant_kubeconfig", str(path))[0]
    path.chmod(0o600)
    assert kubeconfig_warnings("ovnk_dpu_tenant_kubeconfig", str(path)) == []


def test_lab_kubeconfigs_may_not_exist_yet_but_other_platforms_need_them():
    assert inventory_problems("lab", "/nope/t", "/nope/i", NODES) == []
    problems = inventory_problems("openshift", "/nope/t", None, NODES)
    assert problems[0].startswith("ovnk_dpu_tenant_kubeconfig: /nope/t does not exist")
    assert problems[1].startswith("ovnk_dpu_infra_kubeconfig: not set")


def test_kubeconfig_server_follows_the_current_context(tmp_path):
    path = tmp_path / "kc"
    path.write_text(
        "clusters:\n- {name: a, cluster: {server: 'https://a:6443'}}\n- {name: b, cluster: {server: 'https://b:6443'}}\n"
        "contexts:\n- {name: ctx, context: {cluster: b, user: u}}\ncurrent-context: ctx\nusers:\n- {name: u, user: {}}\n")
    assert kubeconfig_server(str(path)) == "https://b:6443"


def test_kubeconfig_server_is_empty_for_what_cannot_be_read(tmp_path):
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"\x00\xff not: a: kubeconfig [")
    assert kubeconfig_server(str(garbage)) == ""
    assert kubeconfig_server(str(tmp_path / "missing")) == ""
    assert kubeconfig_server(None) == ""


def test_a_node_in_both_clusters_and_a_role_left_to_the_group_are_named():
    from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.checks import node_problems
    problems = node_problems({"a": "dpu-host", "b": None, "c": "dpu"},
                             {"tenant_cluster": ["a", "b", "c"], "infra_cluster": ["c"], "full_nodes": ["b"]})
    assert "b: ovnk_dpu_node_role is not set; set it to full (the role of its group full_nodes)" in problems
    assert ("c: in both tenant_cluster and infra_cluster; a node belongs to one cluster: remove it from one of "
            "dpu_hosts/full_nodes and dpu_nodes") in problems


def test_a_dpu_naming_another_host_is_named():
    from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.checks import peer_problems
    assert peer_problems({"host-0": "dpu-0"}, {"dpu-0": {"ovnk_dpu_peer": "host-1"}}) == [
        "dpu-0: ovnk_dpu_peer is host-1, but host-0 names dpu-0 as its ovnk_dpu_peer; make the two agree "
        "(host-0 <-> dpu-0) or fix the host's"]
    assert peer_problems({"host-0": "dpu-0"}, {"dpu-0": {"ovnk_dpu_peer": "host-0"}}) == []


def test_the_same_cluster_twice_is_refused(tmp_path):
    from ansible_collections.ovnk.dpu.plugins.module_utils.common.kubeconfig import same_cluster_problems
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text(KUBECONFIG)
    second.write_text(KUBECONFIG)
    assert "are the same file" in same_cluster_problems(("t", str(first)), ("i", str(first)))[0]
    assert same_cluster_problems(("t", str(first)), ("i", str(second))) == [
        "t and i both reach https://x; the infra (DPU) cluster is a cluster of its own: point each at its own "
        "cluster's admin kubeconfig"]
