from __future__ import annotations

import configparser

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import config

GOOD = config.with_defaults({"node_networks": ["192.0.2.0/24"]})


def problems(**changes):
    return config.validate({**GOOD, **changes})


def test_issue_defaults_are_valid():
    assert config.validate(config.with_defaults({})) == []
    assert (GOOD["cluster_cidr"], GOOD["service_cidr"], GOOD["join_subnet"], GOOD["masquerade_subnet"],
            GOOD["transit_subnet"], GOOD["mtu"], GOOD["lease_renew_interval"], GOOD["lease_duration"]) == (
        "10.244.0.0/16", "10.96.0.0/16", "100.64.0.0/16", "169.254.0.0/17", "100.88.0.0/16", 1400, 10, 40)


@pytest.mark.parametrize("value, expected", [
    ("10.244.0.0", "ovnk_dpu_ovnk_cluster_cidr: '10.244.0.0' is not a CIDR"),
    ("10.244.0.300/16", "ovnk_dpu_ovnk_cluster_cidr: '10.244.0.300/16' is not a CIDR"),
    ("10.244.1.0/16", "ovnk_dpu_ovnk_cluster_cidr: 10.244.1.0/16 has host bits set; use the network address 10.244.0.0/16"),
    ("fd00::/48", "ovnk_dpu_ovnk_cluster_cidr: fd00::/48 is IPv6"),
    ("10.244.0.0/255.255.0.0", "ovnk_dpu_ovnk_cluster_cidr: '10.244.0.0/255.255.0.0' is not a CIDR"),
])
def test_bad_cidr_names_the_variable_and_the_fix(value, expected):
    found = problems(cluster_cidr=value)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_every_pair_of_overlapping_ranges_is_reported():
    found = problems(service_cidr="10.244.128.0/20", transit_subnet="100.64.0.0/10")
    assert any(p.startswith("ovnk_dpu_ovnk_cluster_cidr (10.244.0.0/16) overlaps ovnk_dpu_ovnk_service_cidr") for p in found)
    assert any(p.startswith("ovnk_dpu_ovnk_join_subnet (100.64.0.0/16) overlaps ovnk_dpu_ovnk_transit_subnet") for p in found)
    assert len(found) == 2


def test_node_network_overlap_and_format():
    found = problems(node_networks=["100.88.10.0/24", "bogus"])
    assert found[0] == "ovnk_dpu_ovnk_node_networks[1]: 'bogus' is not a CIDR; write it as address/prefix, e.g. 10.244.0.0/16"
    assert found[1].startswith("ovnk_dpu_ovnk_transit_subnet (100.88.0.0/16) overlaps ovnk_dpu_ovnk_node_networks[0]")


@pytest.mark.parametrize("changes, expected", [
    ({"lease_renew_interval": 40, "lease_duration": 40}, "ovnk_dpu_ovnk_lease_duration: 40 s must be longer than"),
    ({"lease_renew_interval": -1}, "ovnk_dpu_ovnk_lease_renew_interval: '-1' must be a whole number from 0"),
    ({"lease_duration": 0}, "ovnk_dpu_ovnk_lease_duration: '0' must be a whole number from 1"),
    ({"mtu": 100}, "ovnk_dpu_ovnk_mtu: '100' must be a whole number from 576 to 9216"),
    ({"host_subnet_length": 16}, "ovnk_dpu_ovnk_host_subnet_length: /16 must be longer than the cluster CIDR's /16"),
    ({"gateway_mode": "fast"}, "ovnk_dpu_ovnk_gateway_mode: 'fast' is not a gateway mode"),
    ({"namespace": "OVN_K"}, "ovnk_dpu_ovnk_namespace: 'OVN_K' is not a namespace name"),
])
def test_scalar_problems(changes, expected):
    found = problems(**changes)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_renew_interval_zero_disables_the_check_and_is_valid():
    assert problems(lease_renew_interval=0) == []


def test_prefix_names_role_variables_when_asked():
    assert config.validate({**GOOD, "mtu": 1}, prefix="ovnk_base_")[0].startswith("ovnk_base_mtu:")


def test_ovnkube_conf_is_gcfg_ovnkube_reads():
    parser = configparser.ConfigParser()
    parser.read_string(config.ovnkube_conf({**GOOD, "lease_renew_interval": 5, "lease_duration": 25}))
    assert parser["default"]["cluster-subnets"] == "10.244.0.0/16/24"
    assert parser["default"]["mtu"] == "1400"
    assert parser["kubernetes"]["service-cidrs"] == "10.96.0.0/16"
    assert parser["gateway"]["v4-join-subnet"] == "100.64.0.0/16"
    assert parser["gateway"]["v4-masquerade-subnet"] == "169.254.0.0/17"
    assert parser["clustermanager"]["v4-transit-subnet"] == "100.88.0.0/16"
    assert parser["ovnkubernetesfeature"]["enable-interconnect"] == "true"
    assert parser["ovnkubenode"]["dpu-node-lease-renew-interval"] == "5"
    assert parser["ovnkubenode"]["dpu-node-lease-duration"] == "25"


def test_config_maps():
    ovn_config, ovnkube_config = config.config_maps(GOOD, "https://10.0.0.1:6443")
    assert ovn_config["metadata"] == {"name": "ovn-config", "namespace": "ovn-kubernetes",
                                      "labels": {"app.kubernetes.io/managed-by": "ovnk.dpu"}}
    assert ovn_config["data"] == {"net_cidr": "10.244.0.0/16/24", "svc_cidr": "10.96.0.0/16",
                                  "k8s_apiserver": "https://10.0.0.1:6443", "mtu": "1400",
                                  "host_network_namespace": "ovn-host-network"}
    assert "dpu-node-lease-duration = 40" in ovnkube_config["data"]["ovnkube.conf"]


@pytest.mark.parametrize("url, ok", [("https://10.0.0.1:6443", True), ("https://api.example.com", True),
                                     ("http://10.0.0.1:6443", False), ("", False), ("10.0.0.1:6443", False)])
def test_api_url_must_be_https(url, ok):
    problem = config.api_url_problem(url)
    assert (problem is None) == ok
    if not ok:
        assert problem.startswith(f"ovnk_dpu_ovnk_api_url: '{url}' is not an https URL")
