"""dpu_pairing and dpu_representors on a real lab: Node objects on both API servers, the DPUs'
own OVS, and the kernel's view of the links (read with pyroute2)."""

from __future__ import annotations

import json
import socket

import pytest
from kubernetes import client as k8s, config as k8s_config
from pyroute2 import IPRoute, netns

from labtools import DAY2_OFF, LabUnderTest, destroyed_after

from ansible_collections.ovnk.dpu.plugins.module_utils.representors.links import peer_mac

pytestmark = pytest.mark.lab

PAIRS = {"host-0": ("dpu-0", 0), "host-1": ("dpu-1", 1)}


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkpr", port_base=27400, state_parent=lab_parent)
    with destroyed_after(under_test):
        run = under_test.playbook("site.yml", *DAY2_OFF)
        assert run.rc == 0, run.output[-5000:]
        yield under_test


def nodes(lab: LabUnderTest, cluster: str) -> dict[str, dict]:
    api = k8s.CoreV1Api(k8s_config.new_client_from_config(str(lab.state_dir / cluster / "admin.kubeconfig")))
    return {n.metadata.name: {"labels": n.metadata.labels or {}, "annotations": n.metadata.annotations or {}}
            for n in api.list_node().items}


def ovs_host_key(lab: LabUnderTest, dpu: str) -> str | None:
    return lab.ovs_vsctl(dpu, "--if-exists", "get", "Open_vSwitch", ".", "external_ids:host-k8s-nodename").strip('"') or None


def links(lab: LabUnderTest, node: str) -> dict[str, dict]:
    with IPRoute(netns=f"{lab.name}-{node}") as ipr:
        return {m.get("ifname"): {"index": m["index"], "peer": m.get("link"), "mtu": m.get("mtu"),
                                  "mac": m.get("address"), "up": bool(m["flags"] & 1),
                                  "kind": m.get_nested("IFLA_LINKINFO", "IFLA_INFO_KIND")}
                for m in ipr.get_links() if m.get("ifname") not in ("lo", "ovs-netdev", "br-int", "eth1")}


def assert_links(lab: LabUnderTest, count: int, mtu: int, dpu_format: str = "rep0-{index}") -> None:
    for host, (dpu, pair) in PAIRS.items():
        host_side, dpu_side = links(lab, host), links(lab, dpu)
        assert set(host_side) == {f"eth0-{i}" for i in range(count)}
        assert set(dpu_side) == {dpu_format.format(pair=pair, index=i) for i in range(count)}
        for i in range(count):
            h, d = host_side[f"eth0-{i}"], dpu_side[dpu_format.format(pair=pair, index=i)]
            assert h["kind"] == d["kind"] == "veth"
            assert (h["peer"], d["peer"]) == (d["index"], h["index"])  # each other's peers
            assert (h["mtu"], d["mtu"]) == (mtu, mtu) and h["up"] and d["up"]
            assert h["mac"] == peer_mac(host, "host", i) and d["mac"] == peer_mac(dpu, "dpu", i)


def representors(lab: LabUnderTest, *args: str):
    return lab.playbook("tests/integration/playbooks/representors.yml", *args)


def pairing(lab: LabUnderTest, **extra):
    extra["pairing_result_file"] = str(lab.state_parent / "pairing-result.json")
    return lab.playbook("tests/integration/playbooks/pairing.yml", "-e", json.dumps(extra))


def result_of(lab: LabUnderTest) -> dict:
    """The module's result of the last pairing() run."""
    return json.loads((lab.state_parent / "pairing-result.json").read_text())


def test_site_pairs_both_clusters_and_the_dpus_ovs(lab):
    tenant, infra = nodes(lab, "tenant"), nodes(lab, "infra")
    for host, (dpu, _pair) in PAIRS.items():
        assert tenant[host]["labels"]["k8s.ovn.org/dpu-host"] == ""
        assert tenant[host]["annotations"]["ovnk.dpu/peer"] == dpu
        assert infra[dpu]["labels"]["k8s.ovn.org/dpu"] == ""
        assert infra[dpu]["annotations"]["ovnk.dpu/peer"] == host
        assert ovs_host_key(lab, dpu) == host
    assert "k8s.ovn.org/dpu-host" not in tenant["worker-0"]["labels"]


def uplink_address(lab: LabUnderTest, node: str) -> str:
    with IPRoute(netns=f"{lab.name}-{node}") as ipr:
        (index,) = ipr.link_lookup(ifname="eth1")
        return next(a.get_attr("IFA_ADDRESS") for a in ipr.get_addr(index=index, family=socket.AF_INET))


def test_each_dpus_ovs_has_its_tunnel_address_and_gateway_on_its_uplink(lab):
    for host, (dpu, _pair) in PAIRS.items():
        ids = {key: lab.ovs_vsctl(dpu, "--if-exists", "get", "Open_vSwitch", ".", f"external_ids:{key}").strip('"')
               for key in ("ovn-encap-ip", "ovn-encap-type", "ovn-gw-interface", "ovn-gw-nexthop")}
        assert ids == {"ovn-encap-ip": uplink_address(lab, dpu), "ovn-encap-type": "geneve",
                       "ovn-gw-interface": "eth1", "ovn-gw-nexthop": "172.30.0.1"}
    assert uplink_address(lab, "dpu-0") != uplink_address(lab, "dpu-1")


def test_the_dpus_reach_each_other_over_their_uplinks(lab):
    """A datagram from dpu-0's tunnel address reaches dpu-1's, through the lab's fabric bridge."""
    source, target = uplink_address(lab, "dpu-0"), uplink_address(lab, "dpu-1")
    receiver, sender = (socket_in(f"{lab.name}-{dpu}") for dpu in ("dpu-1", "dpu-0"))
    with receiver, sender:
        receiver.bind((target, 6081))
        receiver.settimeout(5)
        sender.bind((source, 0))
        sender.sendto(b"geneve?", (target, 6081))
        data, (peer, _port) = receiver.recvfrom(64)
    assert (data, peer) == (b"geneve?", source)


def socket_in(namespace: str) -> socket.socket:
    """A UDP socket made inside namespace (a socket keeps the namespace it was made in)."""
    netns.pushns(namespace)
    try:
        return socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    finally:
        netns.popns()


def test_a_wrong_tunnel_address_is_repaired(lab):
    lab.ovs_vsctl("dpu-0", "set", "Open_vSwitch", ".", "external_ids:ovn-encap-ip=192.0.2.99")
    run = lab.playbook("site.yml", "--tags", "pairing", "--diff")
    assert run.rc == 0 and "+            ovn-encap-ip: " + uplink_address(lab, "dpu-0") in run.output, run.output[-3000:]
    assert lab.playbook("site.yml", "--tags", "pairing").changed == 0


def test_site_makes_sixteen_links_per_pair_and_isolates_hosts(lab):
    assert_links(lab, 16, 1500)
    with IPRoute(netns=f"{lab.name}-host-0") as ipr:
        assert [r for r in ipr.get_routes(family=2, table=254) if r["dst_len"] == 0] == []


def test_rerun_changes_nothing(lab):
    run = representors(lab)
    assert run.rc == 0 and run.changed == 0, run.output[-3000:]
    run = pairing(lab, pairing_map={"host-0": "dpu-0", "host-1": "dpu-1"})
    assert run.rc == 0 and run.changed == 0, run.output[-3000:]


def test_shrinking_prunes_extra_links_and_applies_the_mtu(lab):
    run = representors(lab, "-e", "representors_count=8", "-e", "representors_mtu=1400", "--diff")
    assert run.rc == 0 and run.changed == 1, run.output[-3000:]
    assert_links(lab, 8, 1400)
    again = representors(lab, "-e", "representors_count=8", "-e", "representors_mtu=1400")
    assert again.changed == 0


def test_hand_broken_links_are_repaired_and_reported(lab):
    ns0, ns1, host0 = f"{lab.name}-dpu-0", f"{lab.name}-dpu-1", f"{lab.name}-host-0"
    with IPRoute() as root, IPRoute(netns=ns0) as dpu0, IPRoute(netns=ns1) as dpu1, IPRoute(netns=host0) as h0:
        # rep0-3 replaced by a veth whose peer sits in the root namespace (wrong peer)
        dpu0.link("del", index=dpu0.link_lookup(ifname="rep0-3")[0])
        root.link("add", ifname="ovnkpr-stray", kind="veth", peer={"ifname": "rep0-3", "net_ns_fd": ns0})
        dpu1.link("set", index=dpu1.link_lookup(ifname="rep0-2")[0], mtu=9000)  # wrong MTU
        h0.link("set", index=h0.link_lookup(ifname="eth0-5")[0], state="down")  # down
        eth0 = h0.link_lookup(ifname="eth0-0")[0]  # a default route: the host is no longer isolated
        h0.addr("add", index=eth0, address="192.0.2.2", prefixlen=24)
        h0.route("add", dst="0.0.0.0/0", gateway="192.0.2.1")
    run = representors(lab, "-e", "representors_count=8", "-e", "representors_mtu=1400", "--diff")
    assert run.rc == 0 and run.changed == 1, run.output[-3000:]
    for expected in ("delete rep0-3 (not paired with its peer)", "create ovnkpr-host-0/eth0-3 <-> ovnkpr-dpu-0/rep0-3",
                     "ovnkpr-dpu-1: set rep0-2 mtu=1400", "set eth0-5 state=up", "delete default route (host isolation)"):
        assert expected in run.output
    assert_links(lab, 8, 1400)
    with IPRoute() as root:
        assert root.link_lookup(ifname="ovnkpr-stray") == []
    assert representors(lab, "-e", "representors_count=8", "-e", "representors_mtu=1400").changed == 0


def test_the_seeds_per_pair_names_are_an_option_and_switching_back_repairs(lab):
    seed = json.dumps({"representors_count": 8, "representors_mtu": 1400,
                       "representors_extra": {"dpu_ifname_format": "rep{pair}-{index}"}})
    run = representors(lab, "-e", seed)
    assert run.rc == 0 and run.changed == 1, run.output[-3000:]
    assert_links(lab, 8, 1400, dpu_format="rep{pair}-{index}")  # dpu-1 now has rep1-<i>
    back = representors(lab, "-e", "representors_count=8", "-e", "representors_mtu=1400")
    assert back.rc == 0 and back.changed == 1
    assert_links(lab, 8, 1400)


def test_bad_input_fails_before_any_link_changes(lab):
    before = {n: links(lab, n) for n in ("host-0", "dpu-0")}
    for args, field in ((["-e", "representors_count=300"], "count: 300 is out of range"),
                        (["-e", '{"representors_extra": {"dpu_ifname_format": "representor{pair}-x{index}"}}'],
                         "dpu_ifname_format: 'representor0-x15'"),
                        (["-e", '{"representors_extra": {"pairs": [{"host": "h", "dpu": "d", "index": 7, '
                                '"host_netns": "no-such-ns", "dpu_netns": "ovnkpr-dpu-0"}]}}'],
                         "pairs[2].host_netns: network namespace 'no-such-ns' does not exist")):
        run = representors(lab, *args)
        assert run.rc != 0 and field in run.output, run.output[-3000:]
    assert {n: links(lab, n) for n in ("host-0", "dpu-0")} == before


def test_discovery_that_disagrees_is_reported_not_applied(lab):
    discovery = [{"node": "host-0", "role": "dpu-host", "serial": "MT-A"},
                 {"node": "dpu-1", "role": "dpu", "serial": "MT-A"}]
    run = pairing(lab, pairing_map={"host-0": "dpu-0", "host-1": "dpu-1"}, pairing_discovery=discovery)
    assert run.rc == 0 and run.changed == 0, run.output[-3000:]
    assert "discovery proposes dpu-1 for host host-0" in run.output
    result = result_of(lab)
    assert result["proposal"]["pairs"] == {"host-0": "dpu-1"}
    assert {d["host"] for d in result["disagreements"]} == {"host-0"}
    assert nodes(lab, "tenant")["host-0"]["annotations"]["ovnk.dpu/peer"] == "dpu-0"


def test_an_invalid_pairing_changes_nothing(lab):
    run = pairing(lab, pairing_map={"host-0": "dpu-0", "host-1": "dpu-0", "worker-0": "dpu-9"})
    assert run.rc != 0
    assert "DPU dpu-0 is paired with host-0, host-1" in run.output
    assert "DPU dpu-9 is not a node of the infra cluster" in run.output
    assert nodes(lab, "tenant")["host-1"]["annotations"]["ovnk.dpu/peer"] == "dpu-1"
    assert "k8s.ovn.org/dpu-host" not in nodes(lab, "tenant")["worker-0"]["labels"]


def test_prune_and_absent_unpair_both_sides(lab):
    check = lab.playbook("tests/integration/playbooks/pairing.yml", "--check", "-e",
                         json.dumps({"pairing_map": {"host-0": "dpu-0"}, "pairing_prune": True}))
    assert check.rc == 0 and check.changed == 1, check.output[-3000:]
    assert nodes(lab, "tenant")["host-1"]["annotations"].get("ovnk.dpu/peer") == "dpu-1"  # check mode wrote nothing
    assert ovs_host_key(lab, "dpu-1") == "host-1"

    pruned = pairing(lab, pairing_map={"host-0": "dpu-0"}, pairing_prune=True)
    assert pruned.rc == 0 and pruned.changed == 1, pruned.output[-3000:]
    assert result_of(lab)["unpaired"] == ["dpu-1", "host-1"]
    assert "ovnk.dpu/peer" not in nodes(lab, "tenant")["host-1"]["annotations"]
    assert "k8s.ovn.org/dpu" not in nodes(lab, "infra")["dpu-1"]["labels"]
    assert ovs_host_key(lab, "dpu-1") is None
    # the tunnel address describes the DPU, not the pairing: it stays
    assert lab.ovs_vsctl("dpu-1", "get", "Open_vSwitch", ".", "external_ids:ovn-encap-ip").strip('"') == \
        uplink_address(lab, "dpu-1")

    absent = pairing(lab, pairing_map={"host-0": "dpu-0"}, pairing_state="absent")
    assert absent.rc == 0 and absent.changed == 1
    assert "k8s.ovn.org/dpu-host" not in nodes(lab, "tenant")["host-0"]["labels"]
    assert ovs_host_key(lab, "dpu-0") is None

    repaired = lab.playbook("site.yml", *DAY2_OFF)
    assert repaired.rc == 0, repaired.output[-3000:]
    test_site_pairs_both_clusters_and_the_dpus_ovs(lab)


def test_absent_removes_every_link(lab):
    run = representors(lab, "-e", "representors_state=absent")
    assert run.rc == 0 and run.changed == 1
    for node in ("host-0", "host-1", "dpu-0", "dpu-1"):
        assert links(lab, node) == {}
    assert representors(lab, "-e", "representors_state=absent").changed == 0
