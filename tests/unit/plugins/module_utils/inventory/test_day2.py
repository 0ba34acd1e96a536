"""What must hold between the MachineConfigPool, SR-IOV and taint stages and OVN-K (preflight)."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import day2

POOLS = {"pools": [{"cluster": "tenant", "name": "dpu-host"}, {"cluster": "infra", "name": "dpu"}]}
SRIOV = {"pool": "dpu-host", "hosts": [{"name": "host-0", "num_vfs": 15}], "resource_prefix": "openshift.io",
         "mgmt_resource_name": "mgmtvf"}
TAINTS = {"nodes": [{"name": "host-0", "taints": [{"key": "ovnk.dpu/dpu-host", "effect": "NoSchedule"}]}]}
TOLERANT = {"tolerations": [{"operator": "Exists"}]}


def test_consistent_stages_pass():
    assert day2.across(POOLS, SRIOV, TAINTS, 16, {**TOLERANT, "simulate_dpu": True}) == []


def test_a_simulated_dpus_vf_count_follows_its_links_and_real_vfs_do_not():
    found = day2.across(POOLS, SRIOV, {}, 8, {"simulate_dpu": True})
    assert found == ["host-0: ovnk_dpu_sriov_num_vfs 15 does not match its simulated DPU's links (ovnk_dpu_representor_count "
                     "8: link 0 plays the PF, the other 7 the VFs); set it to 7"]
    assert day2.across(POOLS, SRIOV, {}, 8, {"simulate_dpu": False}) == []


def test_offload_pool_management_resource_and_tolerations_are_checked_against_the_other_layers():
    found = day2.across(POOLS, {**SRIOV, "pool": "workers"}, TAINTS, None,
                        {"mgmt_port_resource_name": "openshift.io/other", "tolerations": []})
    assert len(found) == 3
    assert found[0].startswith("sriov pool 'workers' (OVS hardware offload) is not the DPU hosts' MachineConfigPool (dpu-host)")
    assert "is not the SR-IOV management VF's resource (openshift.io/mgmtvf)" in found[1]
    assert found[2].startswith("host-0: its taint ovnk.dpu/dpu-host:NoSchedule is not tolerated")
