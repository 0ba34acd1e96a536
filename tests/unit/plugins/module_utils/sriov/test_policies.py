"""SR-IOV for the DPU hosts: two switchdev policies per PF (VF 0 the management port, the rest
the workloads'), the card table, every bad card named before anything changes, and OpenShift's
hardware-offload-config."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.sriov import models
from ansible_collections.ovnk.dpu.plugins.module_utils.sriov import sriov_config
from ansible_collections.ovnk.dpu.plugins.module_utils.sriov.policies import HostCard

SETTINGS = {"namespace": "sriov-network-operator", "mgmt_resource_name": "mgmtvf",
            "workload_resource_name": "dpu_workload_vfs", "node_selector": {"node-role.kubernetes.io/dpu-host": ""},
            "priority": 99, "mtu": None, "pool": "dpu-host", "max_unavailable": 1, "resource_prefix": "openshift.io",
            "hardware_offload_config": False, "dpu_host_mode_label": "network.operator.openshift.io/dpu-host",
            "dpu_mode_label": "network.operator.openshift.io/dpu=", "lease_renew_interval": 10,
            "lease_duration": 40, "models": {}}


def params(*hosts: dict, **extra) -> dict:
    return {**SETTINGS, "hosts": list(hosts), **extra}


def host(name: str, model: str = "bluefield-3", pf: str = "ens1f0np0", num_vfs: int = 16, pci: str = "") -> dict:
    return {"name": name, "model": model, "pf": pf, "num_vfs": num_vfs, "pci_address": pci}


def test_two_switchdev_policies_per_pf_split_vf_0_from_the_workload_vfs():
    objs = sriov_config.objects(params(host("host-0"), host("host-1")))
    mgmt, workload, pool = objs
    assert [o["kind"] for o in objs] == ["SriovNetworkNodePolicy", "SriovNetworkNodePolicy", "SriovNetworkPoolConfig"]
    assert mgmt["spec"]["nicSelector"] == {"vendor": "15b3", "deviceID": "a2dc", "pfNames": ["ens1f0np0#0-0"]}
    assert workload["spec"]["nicSelector"]["pfNames"] == ["ens1f0np0#1-15"]
    assert (mgmt["spec"]["resourceName"], workload["spec"]["resourceName"]) == ("mgmtvf", "dpu_workload_vfs")
    for policy in (mgmt, workload):
        assert policy["spec"]["eSwitchMode"] == "switchdev" and policy["spec"]["deviceType"] == "netdevice"
        assert policy["spec"]["numVfs"] == 16 and policy["metadata"]["namespace"] == "sriov-network-operator"
    assert pool["spec"]["ovsHardwareOffloadConfig"] == {"name": "dpu-host"}
    assert pool["spec"]["nodeSelector"] == {"matchLabels": {"node-role.kubernetes.io/dpu-host": ""}}


def test_each_card_and_pf_gets_its_own_policies_with_its_ids():
    objs = sriov_config.objects(params(host("host-0", "bluefield-2", "ens2f0", 8, "0000:3B:00.0"), host("host-1")))
    bf2 = [o for o in objs if "bluefield-2" in o["metadata"]["name"]]
    assert len(bf2) == 2 and bf2[0]["spec"]["nicSelector"]["deviceID"] == "a2d6"
    assert bf2[0]["spec"]["nicSelector"]["rootDevices"] == ["0000:3b:00.0"]
    assert bf2[1]["spec"]["nicSelector"]["pfNames"] == ["ens2f0#1-7"]


def test_bad_cards_are_named_by_host_and_variable():
    found = "\n".join(sriov_config.problems(params(host("host-0", "connectx-9"), host("host-1", num_vfs=200),
                                                   host("host-2", num_vfs=1), host("host-3", pf="a-very-long-pf-name0"),
                                                   host("host-4", pci="3b:00.0"))))
    assert "host-0: ovnk_dpu_model 'connectx-9' is not a known DPU model" in found
    assert "host-1: ovnk_dpu_sriov_num_vfs 200 is more than a bluefield-3 PF has (128)" in found
    assert "host-2: ovnk_dpu_sriov_num_vfs 1 leaves no workload VF" in found
    assert "host-3: ovnk_dpu_sriov_pf 'a-very-long-pf-name0' is not an interface name" in found
    assert "host-4: ovnk_dpu_sriov_pci_address '3b:00.0' is not a PCI address" in found


def test_hosts_sharing_a_pf_must_share_its_vf_count():
    found = sriov_config.problems(params(host("host-0", num_vfs=16), host("host-1", num_vfs=8)))
    assert found == ["ovnk_dpu_sriov_num_vfs: hosts with a bluefield-3 PF ens1f0np0 differ (8 on host-1, 16 on host-0); "
                     "they share one SriovNetworkNodePolicy per PF, so give them the same count"]


def test_the_inventory_adds_models_and_bad_ones_are_named():
    table, problems = models.table({"acme-9": {"vendor": "1AB4", "device": "0001", "max_vfs": 32}})
    assert problems == [] and table["acme-9"] == models.Model("acme-9", "1ab4", "0001", 32)
    problems = models.table({"bad": {"vendor": "x", "device": "0001", "max_vfs": 1}})[1]
    assert "ovnk_dpu_dpu_models.bad.vendor: 4 hex digits" in problems[0]
    assert "max_vfs" in problems[1]
    acme = {"acme-9": {"vendor": "1ab4", "device": "0001", "max_vfs": 32}}
    found = sriov_config.problems(params(host("host-0", "acme-9", num_vfs=40), models=acme))
    assert found == ["host-0: ovnk_dpu_sriov_num_vfs 40 is more than a acme-9 PF has (32); set at most 32"]


def test_resource_names_as_the_operator_accepts_them():
    assert "is not a resource name" in sriov_config.problems(params(host("h"), mgmt_resource_name="openshift.io/mgmt"))[0]
    assert "both 'x'" in sriov_config.problems(params(host("h"), mgmt_resource_name="x", workload_resource_name="x"))[0]


def test_openshift_gets_the_network_operators_config_with_key_equals_labels():
    objs = sriov_config.objects(params(host("host-0"), hardware_offload_config=True))
    config = objs[-1]
    assert (config["kind"], config["metadata"]["name"], config["metadata"]["namespace"]) == \
        ("ConfigMap", "hardware-offload-config", "openshift-network-operator")
    assert config["data"] == {"dpu-host-mode-label": "network.operator.openshift.io/dpu-host=",
                              "dpu-mode-label": "network.operator.openshift.io/dpu=",
                              "mgmt-port-resource-name": "openshift.io/mgmtvf",
                              "dpu-node-lease-renew-interval": "10", "dpu-node-lease-duration": "40"}
    assert "ovnk_dpu_ovnk_lease_renew_interval (40) must be below ovnk_dpu_ovnk_lease_duration (40)" in sriov_config.problems(
        params(host("h"), hardware_offload_config=True, lease_renew_interval=40))[0]


def test_a_card_is_a_value():
    assert HostCard("h", "bluefield-3", "p0", 4) == HostCard("h", "bluefield-3", "p0", 4, "")


def test_a_bad_added_model_does_not_hide_a_good_one():
    table, problems = models.table({"bad": {"vendor": "x"}, "good": {"vendor": "1ab4", "device": "0002", "max_vfs": 8}})
    assert "good" in table and "bad" not in table and len(problems) == 2
