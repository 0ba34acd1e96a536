from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import OVS_HOST_KEY as HOST_KEY
from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import dpu_ovs, pairs
from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import plan
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.pairing.dpu_pairing import planned_changes

FACTS = [
    {"node": "host-0", "role": "dpu-host", "serial": "MT01", "pci_address": "0000:3B:00.0"},
    {"node": "host-1", "role": "dpu-host", "pf_macs": ["52-54-00-AA-00-01"]},
    {"node": "dpu-0", "role": "dpu", "serial": "MT01"},
    {"node": "dpu-1", "role": "dpu", "pf_macs": ["52:54:00:aa:00:01"]},
    {"node": "dpu-9", "role": "dpu", "serial": "NOPE"},
]


def facts(raw=None):
    parsed, problems = pairs.parse_facts(FACTS if raw is None else raw)
    assert problems == []
    return parsed


def test_discovery_pairs_by_serial_or_pf_mac_in_any_spelling():
    proposal = pairs.propose(facts())
    assert proposal.pairs == {"host-0": "dpu-0", "host-1": "dpu-1"}
    assert proposal.unmatched == ["dpu-9"] and proposal.ambiguous == []


def test_a_match_that_is_not_one_to_one_is_ambiguous_and_not_proposed():
    raw = FACTS + [{"node": "dpu-2", "role": "dpu", "serial": "MT01"},
                   {"node": "host-2", "role": "dpu-host", "pf_macs": ["52:54:00:aa:00:01"]}]
    proposal = pairs.propose(facts(raw))
    assert proposal.pairs == {}
    assert "host host-0 matches DPUs dpu-0, dpu-2" in proposal.ambiguous
    assert "DPU dpu-1 matches hosts host-1, host-2" in proposal.ambiguous


def test_bad_facts_name_the_field():
    _facts, problems = pairs.parse_facts([{"node": "Host_0", "role": "gpu", "pf_macs": ["zz"], "pci_address": "3b:00"}])
    assert [p.split(":")[0] for p in problems] == ["discovery[0].node", "discovery[0].role",
                                                   "discovery[0].pf_macs", "discovery[0].pci_address"]


def test_explicit_map_wins_and_a_disagreeing_proposal_is_reported_not_applied():
    proposal = pairs.propose(facts())  # host-0→dpu-0, host-1→dpu-1
    merged = pairs.merge({"host-0": "dpu-1"}, proposal, accept_proposal=True)
    assert merged.pairs == {"host-0": "dpu-1"}
    assert {d["host"] for d in merged.disagreements} == {"host-0", "host-1"}
    assert {"host": "host-1", "proposed_dpu": "dpu-1", "explicit_dpu": None,
            "explicit_host_of_dpu": "host-0"} in merged.disagreements


def test_agreeing_proposal_confirms_and_accepted_proposal_fills_gaps():
    proposal = pairs.propose(facts())
    merged = pairs.merge({"host-0": "dpu-0"}, proposal, accept_proposal=False)
    assert merged.pairs == {"host-0": "dpu-0"} and merged.disagreements == []
    assert merged.sources["host-0"] == "explicit, confirmed by discovery"
    accepted = pairs.merge({"host-0": "dpu-0"}, proposal, accept_proposal=True)
    assert accepted.pairs == {"host-0": "dpu-0", "host-1": "dpu-1"} and accepted.sources["host-1"] == "discovery"
    row = pairs.table(accepted, facts())[0]
    assert row == {"host": "host-0", "dpu": "dpu-0", "source": "explicit, confirmed by discovery",
                   "serial": "MT01", "pci_address": "0000:3b:00.0"}


def test_validation_reports_every_problem_of_the_whole_map():
    problems = pairs.validate({"host-0": "dpu-0", "host-1": "dpu-0", "dpu-0": "dpu-5", "Bad_Host": "dpu-7"},
                              tenant_nodes={"host-0", "host-1"}, infra_nodes={"dpu-0"})
    text = "\n".join(problems)
    assert "host 'Bad_Host' is not a legal Kubernetes node name" in text
    assert "DPU dpu-0 is paired with host-0, host-1" in text
    assert "dpu-0 is both a host and a DPU" in text
    assert "host Bad_Host is not a node of the tenant cluster" in text
    assert "DPU dpu-5 is not a node of the infra cluster" in text
    assert all(p.startswith("pairs: ") for p in problems)


def test_a_valid_map_passes():
    assert pairs.validate({"host-0": "dpu-0"}, {"host-0", "worker-0"}, {"dpu-0"}) == []


def node(labels=None, annotations=None):
    return {"labels": dict(labels or {}, **{"kubernetes.io/hostname": "x"}), "annotations": annotations or {}}


def test_pairing_labels_and_annotates_both_sides_and_keeps_other_labels():
    changes = plan.node_changes({"host-0": "dpu-0"}, "lab", True, False,
                                {"host-0": node(), "worker-0": node()}, {"dpu-0": node()})
    by_node = {c.node: c for c in changes}
    assert set(by_node) == {"host-0", "dpu-0"}
    assert by_node["host-0"].merge_patch() == {"metadata": {"labels": {"k8s.ovn.org/dpu-host": ""},
                                                            "annotations": {"ovnk.dpu/peer": "dpu-0"}}}
    assert by_node["dpu-0"].merge_patch()["metadata"]["labels"] == {"k8s.ovn.org/dpu": ""}


def test_openshift_adds_the_network_operator_labels():
    (host,) = plan.node_changes({"host-0": "dpu-0"}, "openshift", True, False, {"host-0": node()}, {})
    assert set(host.after["labels"]) == {"k8s.ovn.org/dpu-host", "network.operator.openshift.io/dpu-host"}


def test_paired_nodes_change_nothing():
    tenant = {"host-0": node({"k8s.ovn.org/dpu-host": ""}, {"ovnk.dpu/peer": "dpu-0"})}
    infra = {"dpu-0": node({"k8s.ovn.org/dpu": ""}, {"ovnk.dpu/peer": "host-0"})}
    assert plan.node_changes({"host-0": "dpu-0"}, "lab", True, True, tenant, infra) == []


def test_prune_unpairs_only_nodes_this_collection_paired():
    tenant = {"host-0": node({"k8s.ovn.org/dpu-host": ""}, {"ovnk.dpu/peer": "dpu-0"}),
              "hand-labelled": node({"k8s.ovn.org/dpu-host": ""})}
    infra = {"dpu-0": node({"k8s.ovn.org/dpu": ""}, {"ovnk.dpu/peer": "host-0"})}
    assert plan.node_changes({}, "lab", True, False, tenant, infra) == []
    pruned = plan.node_changes({}, "lab", True, True, tenant, infra)
    assert {c.node for c in pruned} == {"host-0", "dpu-0"}
    assert pruned[0].merge_patch() == {"metadata": {"labels": {"k8s.ovn.org/dpu-host": None},
                                                    "annotations": {"ovnk.dpu/peer": None}}}


def test_ovs_external_id_is_set_when_pairing_and_removed_only_if_it_names_the_host():
    remotes = {"dpu-0": "unix:/a", "dpu-1": "unix:/b"}
    (set_,) = plan.ovs_changes({"host-0": "dpu-0"}, True, remotes, {"dpu-0": {}}, [])
    assert (set_.dpu, set_.before, set_.after) == ("dpu-0", {HOST_KEY: None}, {HOST_KEY: "host-0"})
    assert plan.ovs_changes({"host-0": "dpu-0"}, True, remotes, {"dpu-0": {HOST_KEY: "host-0"}}, []) == []
    assert plan.ovs_changes({"host-0": "dpu-0"}, False, remotes, {"dpu-0": {HOST_KEY: "other"}}, []) == []
    (removed,) = plan.ovs_changes({}, True, remotes, {"dpu-1": {HOST_KEY: "host-1", "ovn-encap-ip": "192.0.2.1"}},
                                  ["dpu-1"])
    assert removed.after == {HOST_KEY: None} and removed.to_remove() == [HOST_KEY]


def test_the_dpus_tunnel_and_gateway_are_set_with_the_host_and_kept_when_unpaired():
    remotes = {"dpu-0": "unix:/a"}
    settings = {"dpu-0": {"encap_ip": "192.0.2.10", "gateway_interface": "eth1", "gateway_nexthop": "192.0.2.1"}}
    now = {"dpu-0": {HOST_KEY: "host-0", "ovn-encap-ip": "192.0.2.99", "system-id": "x"}}
    (change,) = plan.ovs_changes({"host-0": "dpu-0"}, True, remotes, now, [], settings)
    assert change.before == {"ovn-encap-ip": "192.0.2.99", "ovn-encap-type": None, "ovn-gw-interface": None,
                             "ovn-gw-nexthop": None}
    assert change.to_set() == {"ovn-encap-ip": "192.0.2.10", "ovn-encap-type": "geneve", "ovn-gw-interface": "eth1",
                               "ovn-gw-nexthop": "192.0.2.1"} and change.to_remove() == []
    done = {"dpu-0": {**now["dpu-0"], **change.to_set()}}
    assert plan.ovs_changes({"host-0": "dpu-0"}, True, remotes, done, [], settings) == []
    (unpaired,) = plan.ovs_changes({"host-0": "dpu-0"}, False, remotes, done, [], settings)
    assert unpaired.to_remove() == [HOST_KEY] and unpaired.to_set() == {}


@pytest.mark.parametrize("settings, expected", [
    ({"dpu-0": {}}, "dpu-0: ovnk_dpu_encap_ip is not set; OVN-K in dpu mode needs the DPU's tunnel"),
    ({"dpu-0": {"encap_ip": "192.0.2.300"}}, "dpu-0: ovnk_dpu_encap_ip '192.0.2.300' is not an IPv4 address"),
    ({"dpu-0": {"encap_ip": "2001:db8::1"}}, "dpu-0: ovnk_dpu_encap_ip '2001:db8::1' is not an IPv4 address"),
    ({"dpu-0": {"encap_ip": "192.0.2.1", "gateway_nexthop": "192.0.2.1"}},
     "dpu-0: ovnk_dpu_gateway_nexthop is the DPU's own tunnel address 192.0.2.1"),
    ({"dpu-0": {"encap_ip": "192.0.2.1", "gateway_interface": "uplink/0"}},
     "dpu-0: ovnk_dpu_gateway_interface 'uplink/0' is not a Linux interface name"),
    ({"dpu-0": {"encap_ip": "192.0.2.1", "encap": "x"}}, "dpu-0: unknown OVS setting encap; use encap_ip"),
    ({"dpu-0": {"encap_ip": "192.0.2.1"}, "dpu-1": {"encap_ip": "192.0.2.1"}},
     "dpu-1: ovnk_dpu_encap_ip 192.0.2.1 is also dpu-0's; each DPU needs a tunnel address of its own"),
    ({"dpu-0": {"encap_ip": "192.0.2.1"}, "dpu-7": {"encap_ip": "192.0.2.7"}},
     "dpu-7: OVS settings for a DPU no host is paired with"),
])
def test_the_dpus_ovs_settings_are_checked(settings, expected):
    pair_map = {"host-0": "dpu-0", "host-1": "dpu-1"} if "dpu-1" in settings else {"host-0": "dpu-0"}
    problems = dpu_ovs.settings_problems(pair_map, settings, required=True)
    assert any(p.startswith(expected) for p in problems), problems
    assert dpu_ovs.settings_problems({"host-0": "dpu-0"}, {}, required=False) == []


PARAMS = {"discovery": [], "pairs": {"host-0": "dpu-0"}, "accept_proposal": False, "state": "present",
          "manage_ovs": True, "ovs_remotes": {}, "ovs_settings": {}, "platform": "lab", "prune": False}


def test_plan_fails_with_every_problem_before_anything_is_written():
    with pytest.raises(InputError) as err:
        planned_changes(dict(PARAMS, pairs={"host-0": "dpu-0", "host-9": "dpu-0"}), {"host-0": node()}, {"dpu-0": node()})
    problems = err.value.problems
    assert any("DPU dpu-0 is paired with host-0, host-9" in p for p in problems)
    assert any("host host-9 is not a node of the tenant cluster" in p for p in problems)
    assert any(p.startswith("ovs_remotes: no OVSDB remote for DPU dpu-0") for p in problems)


def test_unpairing_does_not_need_the_nodes_to_exist():
    planned = planned_changes(dict(PARAMS, state="absent", manage_ovs=False), {}, {})
    assert planned["changes"] == []
