from __future__ import annotations

import hashlib

from ansible_collections.ovnk.dpu.plugins.module_utils.representors import links
from ansible_collections.ovnk.dpu.plugins.module_utils.representors.links import PairSpec

PAIR = PairSpec("host-0", "dpu-0", 1, "lab-host-0", "lab-dpu-0")
NAMESPACES = {"lab-host-0", "lab-dpu-0"}


def test_names_follow_seed_004_and_macs_follow_the_simulated_dpu():
    made = links.links(PAIR, 16, 1400, "eth0-{index}", "rep{pair}-{index}")
    assert [(s.host_ifname, s.dpu_ifname) for s in made[:2]] == [("eth0-0", "rep1-0"), ("eth0-1", "rep1-1")]
    digest = hashlib.sha256(b"host-0\x00host").digest()
    assert made[15].host_mac == f"52:54:00:{digest[0]:02x}:{digest[1]:02x}:0f"
    assert made[15].dpu_mac != made[15].host_mac and made[0].mtu == 1400
    # deterministic: the DPU can compute its host peer's MAC from the host's Node name
    assert links.peer_mac("host-0", "host", 15) == made[15].host_mac


def test_name_pattern_matches_only_this_pairs_links():
    pattern = links.name_pattern("rep{pair}-{index}", 1)
    assert pattern.match("rep1-12").group(1) == "12"
    assert not pattern.match("rep11-2") and not pattern.match("rep1-x") and not pattern.match("xrep1-2")


def test_valid_input_passes():
    assert links.validate([PAIR], 16, 1500, "eth0-{index}", "rep{pair}-{index}", NAMESPACES, True) == []


def test_names_over_fifteen_bytes_are_refused_naming_the_field():
    (problem,) = links.validate([PAIR], 16, 1500, "eth0-{index}", "representor{pair}-x{index}", NAMESPACES, True)
    assert problem.startswith("dpu_ifname_format: 'representor1-x15'") and "15 bytes" in problem


def test_count_mtu_and_formats_are_bounded():
    problems = links.validate([PAIR], 0, 10, "eth0", "rep{pair}-{vf}", NAMESPACES, True)
    assert [p.split(":")[0] for p in problems] == ["count", "mtu", "host_ifname_format", "dpu_ifname_format"]
    assert links.validate([PAIR], 257, 1500, "eth0-{index}", "rep{pair}-{index}", NAMESPACES, True)[0].startswith(
        "count: 257 is out of range; use 1 to 256")


def test_missing_namespaces_and_shared_indexes_are_reported():
    other = PairSpec("host-1", "dpu-1", 1, None, "lab-dpu-9")
    problems = links.validate([PAIR, other], 4, 1500, "eth0-{index}", "rep{pair}-{index}", NAMESPACES, True)
    assert "pairs[1].index: 1 is also used by host-0; give each pair its own index" in problems
    assert "pairs[1].host_netns: missing; name the node's network namespace" in problems
    assert any(p.startswith("pairs[1].dpu_netns: network namespace 'lab-dpu-9' does not exist") for p in problems)


def test_rep0_names_need_a_namespace_per_dpu():
    host_fmt, dpu_fmt = links.DEFAULT_FORMATS["lab"]
    assert (host_fmt, dpu_fmt) == ("eth0-{index}", "rep0-{index}")  # what --simulate-dpu looks for
    apart = [PAIR, PairSpec("host-1", "dpu-1", 2, "lab-host-1", "lab-dpu-1")]
    assert links.validate(apart, 4, 1500, host_fmt, dpu_fmt, NAMESPACES | {"lab-host-1", "lab-dpu-1"}, True) == []
    shared = [PAIR, PairSpec("host-1", "dpu-1", 2, "lab-host-1", "lab-dpu-0")]
    problems = links.validate(shared, 4, 1500, host_fmt, dpu_fmt, NAMESPACES | {"lab-host-1"}, True)
    assert problems == ["dpu_ifname_format: 'rep0-{index}' names the links of host-0 and host-1 alike, and both are in "
                        "network namespace 'lab-dpu-0'; give each its own namespace or put {pair} in the format"]
    assert links.validate(shared, 4, 1500, host_fmt, "rep{pair}-{index}", NAMESPACES | {"lab-host-1"}, True) == []


def test_openshift_checks_vf_representor_names_without_namespaces():
    host_fmt, dpu_fmt = links.DEFAULT_FORMATS["openshift"]
    spec = PairSpec("worker-0", "worker-0-dpu", 0, None, None)
    assert links.validate([spec], 8, 1500, host_fmt, dpu_fmt, set(), need_netns=False) == []
    assert links.links(spec, 2, 1500, host_fmt, dpu_fmt)[1].dpu_ifname == "pf0vf1"
