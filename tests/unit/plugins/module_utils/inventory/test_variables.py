"""The inventory's ovnk_dpu_* variables as written: names, types, ranges, formats, and between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import variables
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.settings import KNOWN

REPO = Path(__file__).resolve().parents[5]


def test_every_setting_is_read_by_the_collection():
    """No dead row in the settings table: each setting is read by a role, a playbook or a plugin."""
    sources = [p for d in ("roles", "playbooks", "plugins", "awx") for p in (REPO / d).rglob("*")
               if p.is_file() and p.suffix in (".yml", ".j2", ".py") and p.name != "settings.py"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    assert [name for name in sorted(variables.RULES) if name not in text] == []
    assert set(variables.RULES) <= KNOWN


@pytest.mark.parametrize("values, expected", [
    ({"ovnk_dpu_representor_cout": 8}, "ovnk_dpu_representor_cout: ovnk.dpu reads no variable of that name (every role "
                                       "would ignore it); did you mean ovnk_dpu_representor_count?"),
    ({"ovnk_dpu_zzz": 1}, "ovnk_dpu_zzz: ovnk.dpu reads no variable of that name (every role would ignore it); remove it"),
    ({"ovnk_dpu_representor_count": "sixteen"}, "ovnk_dpu_representor_count: 'sixteen' is not a whole number"),
    ({"ovnk_dpu_representor_count": 300}, "ovnk_dpu_representor_count: 300 is out of range; set links per pair, 1 to 256"),
    ({"ovnk_dpu_representor_count": True}, "ovnk_dpu_representor_count: True is a boolean, not a whole number"),
    ({"ovnk_dpu_host_taints": "a=b:NoSchedule"}, "ovnk_dpu_host_taints: 'a=b:NoSchedule' is a string, not a list"),
    ({"ovnk_dpu_host_taints": ["a=b:NoSchedule"]}, "ovnk_dpu_host_taints: item 0 ('a=b:NoSchedule') is a string, not a mapping"),
    ({"ovnk_dpu_ovnk_node_networks": {"a": 1}}, "ovnk_dpu_ovnk_node_networks: \"{'a': 1}\" is a mapping, not a list"),
    ({"ovnk_dpu_sriov": "maybe"}, "ovnk_dpu_sriov: 'maybe' is not true or false"),
    ({"ovnk_dpu_sriov_pf": "ens1/f0"}, "ovnk_dpu_sriov_pf: 'ens1/f0' is not an interface name"),
    ({"ovnk_dpu_lease_watchdog_metrics_address": "localhost"}, "'localhost' is not an IPv4 address"),
    ({"ovnk_dpu_ovs_remote": "http://x:1"}, "'http://x:1' is not an OVSDB remote"),
    ({"ovnk_dpu_node_role": "host"}, "ovnk_dpu_node_role: 'host' is not one of dpu-host, dpu, full"),
    ({"ovnk_dpu_lab_name": "My-Lab"}, "ovnk_dpu_lab_name: 'My-Lab' is not a lab name"),
])
def test_a_bad_variable_is_named_with_the_fix(values, expected):
    problems = variables.variable_problems(values, {})
    assert len(problems) == 1 and expected in problems[0], problems


def test_good_values_pass_and_digits_from_the_command_line_are_numbers():
    good = {"ovnk_dpu_representor_count": "16", "ovnk_dpu_sriov": "yes", "ovnk_dpu_host_taints": [{"key": "k"}],
            "ovnk_dpu_ovs_remote": "tcp:192.0.2.1:6640", "ovnk_dpu_lab_name": "ovnkdpu", "ovnk_dpu_encap_ip": None}
    assert variables.variable_problems(good, {"host-0": {"ovnk_dpu_pair_index": "0"}}) == []


def test_a_hosts_own_variables_are_named_with_the_host():
    problems = variables.variable_problems({}, {"dpu-0": {"ovnk_dpu_encap_ip": "10.0.0.300", "ovnk_dpu_per": "x"}})
    assert problems == [
        "dpu-0: ovnk_dpu_encap_ip: '10.0.0.300' is not an IPv4 address; set the DPU's tunnel (VTEP) IPv4 address, "
        "e.g. 192.0.2.10",
        "dpu-0: ovnk_dpu_per: ovnk.dpu reads no variable of that name (every role would ignore it); did you mean "
        "ovnk_dpu_peer?"]


@pytest.mark.parametrize("values, expected", [
    ({"ovnk_dpu_ovnk_lease_renew_interval": "0"}, "ovnk_dpu_ovnk_lease_renew_interval is 0, which turns OVN-K's DPU "
                                                  "health check off"),
    ({"ovnk_dpu_lease_watchdog_checked_representors": 4, "ovnk_dpu_representor_count": 2},
     "ovnk_dpu_lease_watchdog_checked_representors 4 is more than the links each pair has"),
])
def test_what_holds_between_variables(values, expected):
    (problem,) = variables.variable_problems(values, {})
    assert expected in problem


def test_the_health_check_off_is_fine_without_the_watchdog():
    assert variables.variable_problems({"ovnk_dpu_ovnk_lease_renew_interval": 0, "ovnk_dpu_lease_watchdog": False}, {}) == []


@pytest.mark.parametrize("setting, namespace", [("ovnk_dpu_ovnk_namespace", "kube-system"),
                                                ("ovnk_dpu_ovnk_host_network_namespace", "default"),
                                                ("ovnk_dpu_ovnk_namespace", "openshift-ovn-kubernetes")])
def test_a_namespace_of_the_cluster_itself_is_refused(setting, namespace):
    problems = variables.variable_problems({setting: namespace}, {})
    assert problems == [f"{setting}: {namespace!r} is a namespace of the cluster itself, which the install would take "
                        "over and a teardown delete; name one of the collection's own (e.g. ovn-kubernetes, "
                        "ovn-host-network)"]
    assert variables.variable_problems({setting: "team-ovnk"}, {}) == []


def test_a_lab_teardown_off_the_lab_is_refused():
    problems = variables.variable_problems({"ovnk_dpu_platform": "openshift", "ovnk_dpu_teardown_lab": "true"}, {})
    assert problems == ["ovnk_dpu_teardown_lab: the openshift platform has no built-in lab to destroy; leave it unset "
                        "(it is for ovnk_dpu_platform: lab)"]
    assert variables.variable_problems({"ovnk_dpu_platform": "lab", "ovnk_dpu_teardown_lab": True}, {}) == []
