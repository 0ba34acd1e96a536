from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import (
    LabSpecError,
    allocate_kubelet_ports,
    build_spec,
)

CIDRS = {"tenant": "10.96.0.0/16", "infra": "10.112.0.0/16"}
NODES = [
    {"name": "host-0", "role": "dpu-host"},
    {"name": "dpu-0", "role": "dpu"},
    {"name": "worker-0", "role": "full"},
]


def spec(**overrides):
    args = {"name": "lab", "state_dir": "/s/lab", "bin_dir": "/b", "port_base": 16400, "nodes": NODES,
            "service_cidrs": CIDRS}
    args.update(overrides)
    return build_spec(**args)


def test_nodes_join_the_cluster_of_their_role():
    s = spec()
    assert [n.name for n in s.nodes_of("tenant")] == ["host-0", "worker-0"]
    assert [n.name for n in s.nodes_of("infra")] == ["dpu-0"]
    assert [n.name for n in s.nodes if n.runs_ovs] == ["dpu-0"]


def test_ports_follow_the_base_and_never_collide():
    s = spec(port_base=20000)
    assert s.cluster("tenant").apiserver_port == 20043
    assert s.cluster("infra").apiserver_port == 20143
    assert s.cluster("tenant").server_url == "https://127.0.0.1:20043"
    ports = s.ports()
    assert len(ports) == 2 * 3 + len(NODES)
    assert ports[20043] == "tenant kube-apiserver"


def test_files_live_under_the_state_dir():
    s = spec()
    assert str(s.kubeconfig("tenant")) == "/s/lab/tenant/admin.kubeconfig"
    assert s.nodes[1].netns == "lab-dpu-0"
    assert str(s.ovs_dir(s.nodes[1])) == "/s/lab/nodes/dpu-0/ovs"


def test_every_problem_is_reported_at_once():
    with pytest.raises(LabSpecError) as err:
        spec(
            name="Bad_Name",
            port_base=80,
            nodes=[{"name": "Host_0", "role": "dpu-host"}, {"name": "x", "role": "router"},
                   {"name": "x", "role": "full"}],
            service_cidrs={"tenant": "10.96.0.0/16"},
        )
    text = "\n".join(err.value.problems)
    assert "name: 'Bad_Name'" in text
    assert "port_base: 80" in text
    assert "nodes[0].name: 'Host_0'" in text
    assert "nodes[1].role: 'router'" in text
    assert "nodes[2].name: 'x' is listed twice" in text
    assert "the infra cluster has no node" in text
    assert "service_cidrs: no entry for cluster 'infra'" in text


def test_nodes_may_be_omitted_only_when_not_starting():
    with pytest.raises(LabSpecError, match="no nodes"):
        spec(nodes=[])
    assert spec(nodes=[], require_nodes=False).nodes == ()


def test_existing_nodes_keep_their_kubelet_ports():
    first = allocate_kubelet_ports(["a", "b", "c"], 16400, {})
    assert first == {"a": 16600, "b": 16601, "c": 16602}
    # "a" leaves and "d" joins while "b" and "c" keep running on their ports.
    again = allocate_kubelet_ports(["b", "c", "d"], 16400, {"b": 16601, "c": 16602})
    assert again["b"] == 16601 and again["c"] == 16602
    assert again["d"] not in (16601, 16602)


def test_a_removed_but_still_running_node_keeps_its_port_reserved():
    ports = allocate_kubelet_ports(["new"], 16400, {"old": 16600})
    assert ports["new"] == 16601
