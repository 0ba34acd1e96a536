from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.state import record
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import (
    allocate_slots,
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
    assert len(ports) == 2 * 4
    assert ports[20043] == "tenant kube-apiserver"


def test_files_live_under_the_state_dir():
    s = spec()
    assert str(s.kubeconfig("tenant")) == "/s/lab/tenant/admin.kubeconfig"
    assert s.nodes[1].netns == "lab-dpu-0"
    assert str(s.ovs_dir(s.nodes[1])) == "/s/lab/nodes/dpu-0/ovs"


def test_every_problem_is_reported_at_once():
    with pytest.raises(InputError) as err:
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
    with pytest.raises(InputError, match="no nodes"):
        spec(nodes=[])
    assert spec(nodes=[], require_nodes=False).nodes == ()


def test_existing_nodes_keep_their_slots():
    first = allocate_slots(["a", "b", "c"], {})
    assert first == {"a": 0, "b": 1, "c": 2}
    # "a" leaves and "d" joins while "b" and "c" keep running with their runtime dirs.
    again = allocate_slots(["b", "c", "d"], {"b": 1, "c": 2})
    assert again["b"] == 1 and again["c"] == 2
    assert again["d"] not in (1, 2)


def test_a_removed_but_still_running_node_keeps_its_slot_reserved():
    assert allocate_slots(["new"], {"old": 0})["new"] == 1


def test_ports_are_the_clusters_own_and_none_per_node():
    ports = spec().ports()
    assert ports == {16443: "tenant kube-apiserver", 16479: "tenant etcd (client)", 16480: "tenant etcd (peer)",
                     16481: "tenant kwok (health)", 16543: "infra kube-apiserver", 16579: "infra etcd (client)",
                     16580: "infra etcd (peer)", 16581: "infra kwok (health)"}


def test_a_dpus_fabric_address_comes_from_the_inventory_and_is_checked():
    nodes = [{"name": "host-0", "role": "dpu-host"}, {"name": "dpu-0", "role": "dpu", "address": "172.30.0.10"}]
    spec = build_spec(name="lab", state_dir="/tmp/s", bin_dir="/tmp/b", port_base=16400, nodes=nodes, service_cidrs=CIDRS)
    assert spec.nodes[1].fabric_address == "172.30.0.10"
    bad = nodes + [{"name": "dpu-1", "role": "dpu", "address": "172.30.0.10"},
                   {"name": "dpu-2", "role": "dpu", "address": "10.0.0.1"}]
    with pytest.raises(InputError) as err:
        build_spec(name="lab", state_dir="/tmp/s", bin_dir="/tmp/b", port_base=16400, nodes=bad, service_cidrs=CIDRS)
    assert "nodes[2].address: 172.30.0.10 is also dpu-0's; give each DPU its own" in err.value.problems
    assert any(p.startswith("nodes[3].address: '10.0.0.1' is not an address the lab's fabric gives DPUs") for p in err.value.problems)


def test_stop_and_status_see_the_addresses_the_lab_started_with(tmp_path):
    """Without the inventory (stop, status, destroy) the lab's spec comes from lab.json: the DPU
    keeps the fabric address it was started with, or status would call its uplink wrong."""
    nodes = [{"name": "host-0", "role": "dpu-host"}, {"name": "dpu-0", "role": "dpu", "address": "172.30.0.10"}]
    params = {"name": "lab", "state_dir": str(tmp_path), "bin_dir": "/b", "port_base": 16400, "nodes": nodes,
              "service_cidrs": CIDRS}
    started = spec_from_params(params, for_start=True)
    started.state_dir.mkdir(parents=True)
    record(started)
    again = spec_from_params({**params, "nodes": []}, for_start=False)
    assert {(n.name, n.slot, n.fabric_address) for n in again.nodes} == \
        {(n.name, n.slot, n.fabric_address) for n in started.nodes}
    assert {n.name: n.fabric_address for n in again.nodes}["dpu-0"] == "172.30.0.10"
