"""The preflight: every check that needs no cluster, over the whole inventory, in one call."""

from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import preflight

NODES = {"host-0": "dpu-host", "host-1": "dpu-host", "dpu-0": "dpu", "dpu-1": "dpu", "worker-0": "full"}
# What the lab inventory gives its DPUs (their uplinks on the lab's fabric).
OVS = {"dpu-0": {"encap_ip": "172.30.0.10", "gateway_interface": "eth1", "gateway_nexthop": "172.30.0.1"},
       "dpu-1": {"encap_ip": "172.30.0.11", "gateway_interface": "eth1", "gateway_nexthop": "172.30.0.1"}}
NODE_SETTINGS = {"image": "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:master", "simulate_dpu": True,
                 "gateway_interface": "eth0-0", "mgmt_port_netdev": "eth0-1"}


def params(**changes) -> dict:
    base = {"platform": "lab", "tenant_kubeconfig": None, "infra_kubeconfig": None, "nodes": dict(NODES),
            "pairs": {"host-0": "dpu-0", "host-1": "dpu-1"}, "pair_indexes": {}, "discovery": [],
            "accept_proposal": False, "ovs_settings": dict(OVS), "representors": {"count": 16, "mtu": 1500}, "ovnk_config": {},
            "ovnk_node": dict(NODE_SETTINGS)}
    return {**base, **changes}


def problems(**changes) -> list[str]:
    with pytest.raises(InputError) as err:
        preflight.evaluate(params(**changes))
    assert str(err.value).startswith("invalid inventory: ")
    return err.value.problems


def test_a_valid_inventory_passes_and_returns_the_map():
    assert preflight.evaluate(params())["pairs"] == {"host-0": "dpu-0", "host-1": "dpu-1"}


def test_every_section_reports_in_one_failure():
    found = problems(platform="vsphere", pairs={"host-0": "dpu-0", "host-1": "dpu-0"},
                     representors={"count": 300}, ovnk_config={"mtu": 50}, ovnk_node={**NODE_SETTINGS, "log_level": 11})
    assert any(p.startswith("ovnk_dpu_platform: 'vsphere'") for p in found)
    assert "pairs: DPU dpu-0 is paired with host-0, host-1; a DPU serves exactly one host, keep one of them" in found
    assert "dpu-1: no host names this DPU as its ovnk_dpu_peer; pair it or take it out of dpu_nodes" in found
    assert "representors: count: 300 is out of range; use 1 to 256 links per pair" in found
    assert "ovnk_dpu_ovnk_mtu: '50' must be a whole number from 576 to 9216" in found
    assert "dpu mode: log_level: '11' must be 0 to 10 (upstream default 4)" in found


@pytest.mark.parametrize("pairs, expected", [
    ({"host-0": "dpu-0", "host-1": None}, "host-1: ovnk_dpu_peer is not set; set it to the inventory name of the host's DPU"),
    ({"host-0": "dpu-0", "host-1": "worker-0"}, "host-1: ovnk_dpu_peer worker-0 is a full node, not a DPU"),
    ({"host-0": "dpu-0", "host-1": "dpu-9"}, "host-1: ovnk_dpu_peer dpu-9 is not in the inventory"),
    ({"host-0": "dpu-0", "host-1": "dpu-1", "worker-0": "dpu-0"}, "pairs: worker-0 is a full node; only dpu_hosts have a DPU"),
    ({"host-0": "dpu-0"}, "host-1: a dpu_hosts member without ovnk_dpu_peer"),
    ({"host-0": "dpu-0", "host-1": "Dpu_1"}, "pairs: DPU 'Dpu_1' is not a legal Kubernetes node name"),
])
def test_the_pairing_map_is_checked_against_the_inventory(pairs, expected):
    assert any(p.startswith(expected) for p in problems(pairs=pairs)), problems(pairs=pairs)


def test_accepted_proposals_join_the_map_before_it_is_checked():
    discovery = [{"node": "host-1", "role": "dpu-host", "serial": "MT-1", "pf_macs": None, "pci_address": None},
                 {"node": "dpu-1", "role": "dpu", "serial": "MT-1", "pf_macs": None, "pci_address": None}]
    result = preflight.evaluate(params(pairs={"host-0": "dpu-0"}, discovery=discovery, accept_proposal=True))
    assert result["pairs"] == {"host-0": "dpu-0", "host-1": "dpu-1"}
    bad = [{"node": "host-1", "role": "host", "serial": "MT-1", "pf_macs": ["zz"], "pci_address": None}]
    found = problems(discovery=bad)
    assert "discovery[0].role: 'host' must be one of dpu-host, dpu" in found
    assert "discovery[0].pf_macs: 'zz' is not a MAC address" in found


def test_representor_names_and_indexes_of_every_pair():
    found = problems(pair_indexes={"host-0": 3, "host-1": 3})
    assert "representors: pairs[1].index: 3 is also used by host-0; give each pair its own index" in found
    found = problems(representors={"count": 16, "dpu_ifname_format": "representors{pair}-{index}"})
    assert any(p.startswith("representors: dpu_ifname_format: 'representors0-15' (pair 0) is not a legal interface")
               for p in found)
    assert "representors: unknown option cout; use count, mtu, host_ifname_format, dpu_ifname_format" in \
        problems(representors={"cout": 8})


def test_sections_are_checked_against_their_modules_argument_specs():
    found = problems(ovnk_node={**NODE_SETTINGS, "log_level": "many", "colour": "red"}, ovnk_config={"mtu": "big"})
    assert any(p.startswith("ovnkube-node: ") and "log_level" in p for p in found)
    assert any(p.startswith("ovnkube-node: ") and "colour" in p for p in found)
    assert any(p.startswith("ovnk: ") and "mtu" in p for p in found)


def test_the_images_skew_is_reported_once_by_inventory_variable():
    found = problems(ovnk_config={"image": "repo/ovn:v1.3.0", "dpu_image": "repo/ovn:v1.5.0"},
                     ovnk_node={**NODE_SETTINGS, "image": "repo/ovn:v1.3.0", "dpu_image": "repo/ovn:v1.5.0",
                                "simulate_dpu": False, "gateway_interface": None, "mgmt_port_netdev": "eth0-1"})
    skew = [p for p in found if "minor version" in p]
    assert len(skew) == 1 and skew[0].startswith("ovnk_dpu_ovnk_image (repo/ovn:v1.3.0)")


def test_off_the_lab_every_paired_dpu_needs_its_tunnel_address():
    found = problems(platform="openshift", ovs_settings={})
    assert any(p.startswith("dpu-0: ovnk_dpu_encap_ip is not set; OVN-K in dpu mode needs the DPU's tunnel") for p in found)
    settings = {"dpu-0": {"encap_ip": "192.0.2.10"}, "dpu-1": {"encap_ip": "192.0.2.10"}}
    assert "dpu-1: ovnk_dpu_encap_ip 192.0.2.10 is also dpu-0's; each DPU needs a tunnel address of its own" in \
        problems(ovs_settings=settings)


@pytest.mark.parametrize("changes, expected", [
    ({"ovs_settings": {"dpu-0": {"encap_ip": "10.244.3.4"}, "dpu-1": {"encap_ip": "192.0.2.11"}}},
     "dpu-0: ovnk_dpu_encap_ip (10.244.3.4) is inside ovnk_dpu_ovnk_cluster_cidr (10.244.0.0/16): OVN-K's tunnels"),
    ({"ovs_settings": {"dpu-0": {"encap_ip": "192.0.2.10"}, "dpu-1": {"encap_ip": "198.51.100.11"}},
      "ovnk_config": {"node_networks": ["192.0.2.0/24"]}},
     "dpu-1: ovnk_dpu_encap_ip (198.51.100.11) is in none of ovnk_dpu_ovnk_node_networks (192.0.2.0/24)"),
    ({"ovnk_config": {"node_networks": ["127.0.0.0/8"]}},
     "dpu-0: ovnk_dpu_encap_ip (172.30.0.10) is in none of ovnk_dpu_ovnk_node_networks (127.0.0.0/8)"),
    ({"ovnk_config": {"transit_subnet": "172.30.0.0/16"}},
     "dpu-0: ovnk_dpu_encap_ip (172.30.0.10) is inside ovnk_dpu_ovnk_transit_subnet (172.30.0.0/16)"),
    ({"ovs_settings": {}}, "dpu-0: ovnk_dpu_encap_ip is not set; OVN-K in dpu mode needs the DPU's tunnel"),
    ({"representors": {"count": 16, "mtu": 1300}},
     "ovnk_dpu_representor_mtu 1300 is below ovnk_dpu_ovnk_mtu 1400: pod traffic crosses these links"),
    ({"representors": {"count": 1, "mtu": 1500}},
     "ovnk_dpu_ovnk_mgmt_port_netdev eth0-1 is not one of the host's representor links (eth0-0 to eth0-0, "
     "ovnk_dpu_representor_count 1)"),
    ({"ovnk_node": {**NODE_SETTINGS, "mgmt_port_netdev": "eth0-0"}},
     "ovnk_dpu_ovnk_gateway_interface and ovnk_dpu_ovnk_mgmt_port_netdev are both eth0-0"),
    ({"ovnk_node": {**NODE_SETTINGS, "dpu_host_gateway_representor_interface": "rep0-3"}},
     "ovnk_dpu_ovnk_dpu_host_gateway_representor_interface rep0-3 is not the DPU side of "
     "ovnk_dpu_ovnk_gateway_interface eth0-0 (rep0-0); set it to rep0-0"),
    ({"representors": {"count": 16, "mtu": 1500, "dpu_ifname_format": "rep{pair}-{index}"}},
     "representors: dpu_ifname_format 'rep{pair}-{index}' names each pair's representors apart, but OVN-K's"),
])
def test_invariants_across_settings_and_layers(changes, expected):
    found = problems(**changes)
    assert any(p.startswith(expected) for p in found), found


def test_identity_is_refused_where_dpu_pairs_exist():
    (found,) = [p for p in problems(ovnk_node={**NODE_SETTINGS, "identity": True}) if "identity" in p]
    assert found.startswith("ovnk_dpu_ovnk_identity is true and the inventory has DPU hosts (host-0, host-1): ")
    assert found.endswith("set ovnk_dpu_ovnk_identity: false")
    assert preflight.evaluate(params(ovnk_node={**NODE_SETTINGS, "identity": False}))["pairs"]


def test_the_invariants_hold_for_consistent_settings():
    settings = {"dpu-0": {"encap_ip": "192.0.2.10", "gateway_interface": "brp0", "gateway_nexthop": "192.0.2.1"},
                "dpu-1": {"encap_ip": "192.0.2.11", "gateway_interface": "brp0", "gateway_nexthop": "192.0.2.1"}}
    node = {**NODE_SETTINGS, "dpu_host_gateway_representor_interface": "rep0-0"}
    assert preflight.evaluate(params(ovs_settings=settings, ovnk_node=node,
                                     ovnk_config={"node_networks": ["192.0.2.0/24"]}))["pairs"]
    assert preflight.evaluate(params(ovnk_config={"node_networks": ["127.0.0.0/8", "172.30.0.0/16"]}))["pairs"]
