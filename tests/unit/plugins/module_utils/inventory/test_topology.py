"""The one topology resolver: which hosts are paired, each pair's index, where its links live, the names of its
links - read by pairing, the watchdog, the report, the upgrade and teardown alike."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import preflight, settings, topology
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import plan

GROUPS = {"ovnk_nodes": ["host-0", "host-1", "host-2", "worker-0", "dpu-0", "dpu-1", "dpu-2"],
          "tenant_cluster": ["host-0", "host-1", "host-2", "worker-0"], "infra_cluster": ["dpu-0", "dpu-1", "dpu-2"],
          "dpu_hosts": ["host-2", "host-0", "host-1"], "full_nodes": ["worker-0"], "dpu_nodes": ["dpu-0", "dpu-1", "dpu-2"]}


def node_vars(**extra_per_node) -> dict[str, dict]:
    roles = {"dpu_hosts": "dpu-host", "full_nodes": "full", "dpu_nodes": "dpu"}
    found = {name: {"ovnk_dpu_node_role": role} for group, role in roles.items() for name in GROUPS[group]}
    for i in range(3):
        found[f"host-{i}"]["ovnk_dpu_peer"] = f"dpu-{i}"
        found[f"dpu-{i}"].update(ovnk_dpu_peer=f"host-{i}", ovnk_dpu_encap_ip=f"192.0.2.{10 + i}")
    for name, extra in extra_per_node.items():
        found[name.replace("_", "-")].update(extra)
    return found


def resolve(written=None, **extra_per_node):
    return topology.resolve(GROUPS, {"ovnk_dpu_platform": "lab", **(written or {})}, node_vars(**extra_per_node))


def test_pairs_are_sorted_by_host_and_indexed_by_position_without_a_pair_index():
    install = resolve()
    assert [(p["host"], p["dpu"], p["index"]) for p in install["pairs"]] == [
        ("host-0", "dpu-0", 0), ("host-1", "dpu-1", 1), ("host-2", "dpu-2", 2)]


def test_an_inventory_pair_index_wins_and_the_others_keep_their_position():
    install = resolve(host_2={"ovnk_dpu_pair_index": 7}, host_0={"ovnk_dpu_pair_index": "5"})
    assert {p["host"]: p["index"] for p in install["pairs"]} == {"host-0": 5, "host-1": 1, "host-2": 7}


def test_a_host_without_a_peer_is_unpaired_everywhere():
    nodes = node_vars()
    del nodes["host-1"]["ovnk_dpu_peer"]
    install = topology.resolve(GROUPS, {"ovnk_dpu_platform": "lab", "ovnk_dpu_lease_watchdog_renew": True}, nodes)
    assert install["unpaired_hosts"] == ["host-1"]
    assert install["paired_hosts"] == ["host-0", "host-2"] == list(install["pair_map"])
    # The position counts paired hosts only: host-2 is the second pair.
    assert [p["index"] for p in install["pairs"]] == [0, 1]
    # The watchdog renews only the paired hosts' Leases, the preflight checks the same map (host-1 named unset).
    assert [s["hosts"] for s in plan.services(install) if s["mode"] == "renew"] == [["host-0"], ["host-2"]]
    assert preflight.inventory_params(install)["pairs"] == {"host-0": "dpu-0", "host-1": None, "host-2": "dpu-2"}


def test_a_custom_representor_format_reaches_pairing_the_watchdog_and_the_report_alike():
    install = resolve({"ovnk_dpu_representor_dpu_format": "pr{pair}v{index}", "ovnk_dpu_representor_count": "4",
                       "ovnk_dpu_lease_watchdog_renew": "true", "ovnk_dpu_lease_watchdog_checked_representors": 3})
    pair = install["pairs"][1]
    assert pair["dpu_representors"] == ["pr1v0", "pr1v1", "pr1v2", "pr1v3"]
    # Pairing makes the links with these names (the role passes the same format), preflight checks them ...
    params = preflight.inventory_params(install)
    assert params["representors"] == {"count": 4, "mtu": 1500, "host_ifname_format": "eth0-{index}",
                                      "dpu_ifname_format": "pr{pair}v{index}"}
    # ... the renewer checks the first three of them ...
    renewer = next(s for s in plan.services(install) if s["host"] == "dpu-1")
    assert renewer["checks"]["representors"] == ["pr1v0", "pr1v1", "pr1v2"]
    # ... and the report counts them with the same format and index.
    assert install["settings"]["ovnk_dpu_representor_dpu_format"] == "pr{pair}v{index}"
    assert {p["host"]: p["index"] for p in install["pairs"]}["host-1"] == 1


def test_namespaces_and_ovsdb_come_from_the_inventory_or_its_formats():
    install = resolve({"ovnk_dpu_netns_format": "lab-{node}", "ovnk_dpu_ovs_remote_format": "unix:/run/x/{node}.sock"},
                      dpu_2={"ovnk_dpu_ovs_remote": "tcp:192.0.2.12:6640", "ovnk_dpu_netns": "mine"})
    pairs = {p["dpu"]: p for p in install["pairs"]}
    assert (pairs["dpu-0"]["host_netns"], pairs["dpu-0"]["dpu_netns"]) == ("lab-host-0", "lab-dpu-0")
    assert pairs["dpu-0"]["ovs_remote"] == "unix:/run/x/dpu-0.sock"
    assert (pairs["dpu-2"]["dpu_netns"], pairs["dpu-2"]["ovs_remote"]) == ("mine", "tcp:192.0.2.12:6640")
    assert install["ovs_remotes"]["dpu-2"] == "tcp:192.0.2.12:6640"
    # No OVSDB remote for a host; a real fleet without formats keeps each node's own namespace.
    assert install["nodes"]["host-0"]["settings"]["ovnk_dpu_ovs_remote"] is None
    assert resolve()["pairs"][0]["dpu_netns"] is None


def test_machines_are_named_by_the_inventory_host_that_stands_for_them():
    install = resolve(dpu_0={"ansible_host": "192.0.2.100"}, dpu_1={"ansible_host": "192.0.2.100"},
                      dpu_2={"ansible_connection": "local"})
    machines = {p["dpu"]: p["dpu_machine"] for p in install["pairs"]}
    assert machines == {"dpu-0": "dpu-0", "dpu-1": "dpu-0", "dpu-2": "localhost"}


def test_renewers_on_one_machine_listen_apart_a_dpu_of_its_own_keeps_its_port():
    shared = plan.services(resolve({"ovnk_dpu_lease_watchdog_renew": True, "ovnk_dpu_lease_renew_metrics_port": 16700},
                                   dpu_0={"ansible_connection": "local"}, dpu_1={"ansible_connection": "local"}))
    ports = {s["host"]: s["metrics_port"] for s in shared if s["mode"] == "renew"}
    assert ports == {"dpu-0": 16700, "dpu-1": 16701, "dpu-2": 16700}


def test_every_setting_resolves_with_its_type_and_the_platforms_layer():
    lab = resolve()["settings"]
    assert set(lab) == set(settings.SETTINGS)
    assert lab["ovnk_dpu_representor_dpu_format"] == "rep0-{index}" and lab["ovnk_dpu_sriov_num_vfs"] == 15
    openshift = topology.resolve(GROUPS, {"ovnk_dpu_platform": "openshift"}, node_vars())["settings"]
    assert openshift["ovnk_dpu_representor_dpu_format"] == "pf0vf{index}" and openshift["ovnk_dpu_sriov_num_vfs"] == 16
    assert openshift["ovnk_dpu_ovnk_mgmt_port_resource_name"] == "openshift.io/mgmtvf"
    assert lab["ovnk_dpu_ovnk_mgmt_port_resource_name"] == ""
    assert openshift["ovnk_dpu_ovnk_identity"] is False  # DPU hosts exist


def test_upgrade_hosts_given_as_one_string_split_at_commas_and_spaces_only():
    values = settings.resolve({"ovnk_dpu_upgrade_hosts": "host-9, host-3\nhost-s"}, {})
    assert values["ovnk_dpu_upgrade_hosts"] == ["host-9", "host-3", "host-s"]
    assert settings.resolve({"ovnk_dpu_upgrade_hosts": ["host-9"]}, {})["ovnk_dpu_upgrade_hosts"] == ["host-9"]


def test_values_that_do_not_convert_are_kept_for_preflight_to_name():
    values = settings.resolve({"ovnk_dpu_representor_count": "sixteen", "ovnk_dpu_sriov": "maybe"}, {})
    assert values["ovnk_dpu_representor_count"] == "sixteen" and values["ovnk_dpu_sriov"] == "maybe"
    assert values["ovnk_dpu_platform"] is None  # stated by the inventory, never defaulted


def test_a_platform_that_is_not_stated_is_refused_naming_the_values():
    from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import checks

    assert checks.platform_problems(None) == [
        "ovnk_dpu_platform: not set; set it in the inventory to where the clusters run, one of lab, kind, openshift "
        "(lab starts the built-in lab on this machine)"]


def test_a_setting_added_in_the_table_reaches_the_service_it_configures():
    """ovnk_dpu_lease_watchdog_restart_sec: one row in settings.py, read by lease_watchdog/plan.py, documented by
    scripts/settings_doc.py - three edits, no role touched."""
    install = resolve({"ovnk_dpu_lease_watchdog_renew": True, "ovnk_dpu_lease_watchdog_restart_sec": "7"})
    units = [plan.systemd_unit(s, {"prefix": "/opt/w", "python": "/usr/bin/python3", "config_dir": "/etc/w"})
             for s in plan.services(install)]
    assert len(units) == 4 and all("\nRestartSec=7\n" in unit for unit in units)
    assert all("\nRestartSec=2\n" in plan.systemd_unit(s, {"prefix": "/p", "python": "/py", "config_dir": "/c"})
               for s in plan.services(resolve()))


def test_a_host_outside_ovnk_nodes_is_still_a_node():
    groups = {**GROUPS, "ovnk_nodes": [n for n in GROUPS["ovnk_nodes"] if n != "host-2"]}
    install = topology.resolve(groups, {"ovnk_dpu_platform": "lab"}, node_vars())
    assert "host-2" in install["nodes"] and install["pair_map"]["host-2"] == "dpu-2"


def test_the_sriov_hosts_carry_each_hosts_card_or_the_inventorys():
    from ansible_collections.ovnk.dpu.plugins.module_utils.sriov.policies import hosts_of_topology

    install = resolve({"ovnk_dpu_sriov_pf": "ens1f0np0"}, host_1={"ovnk_dpu_sriov_pf": "ens2f0", "ovnk_dpu_sriov_num_vfs": "8"})
    hosts = {h["name"]: h for h in hosts_of_topology(install)}
    assert sorted(hosts) == ["host-0", "host-1", "host-2"]
    assert hosts["host-1"] == {"name": "host-1", "model": "bluefield-3", "pf": "ens2f0", "num_vfs": 8, "pci_address": ""}
    assert (hosts["host-0"]["pf"], hosts["host-0"]["num_vfs"]) == ("ens1f0np0", 15)
