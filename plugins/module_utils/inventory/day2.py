# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The preflight's view of the MachineConfigPool, SR-IOV and taint stages: each checked against
its module's argument spec and rules, then against the layers it meets - the pools against SR-IOV's
offload pool, the VF count against the simulated DPU's links, the management VF's resource
against ovnkube-node's, the taints against ovnkube-node's tolerations."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.taints import tolerates
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.checks import section
from ansible_collections.ovnk.dpu.plugins.module_utils.machine_config import pools as mcp
from ansible_collections.ovnk.dpu.plugins.module_utils.machine_config.machine_config_pools import ARGUMENT_SPEC as MCP_SPEC
from ansible_collections.ovnk.dpu.plugins.module_utils.sriov import sriov_config as sriov
from ansible_collections.ovnk.dpu.plugins.module_utils.taints import nodes as taint_nodes
from ansible_collections.ovnk.dpu.plugins.module_utils.taints.node_taints import ARGUMENT_SPEC as TAINT_SPEC


def pool_problems(settings: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    if not settings:
        return {}, []
    values, problems = section("machine_config_pools", {"pools": MCP_SPEC["pools"]}, settings)
    if not problems:
        problems = [f"machine_config_pools: {p}" for p in mcp.spec_problems(mcp.pool_specs(values["pools"]))]
    return values, problems


def sriov_problems(settings: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    if not settings:
        return {}, []
    values, problems = section("sriov", sriov.SETTINGS_SPEC, settings)
    if not problems:
        problems = [f"sriov: {p}" for p in sriov.problems(values)]
    return values, problems


def taint_problems(settings: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    if not settings:
        return {}, []
    spec = {k: TAINT_SPEC[k] for k in ("nodes", "allow_eviction")}
    values, problems = section("node_taints (ovnk_dpu_host_taints, ovnk_dpu_dpu_taints)", spec, settings)
    if not problems:
        found = taint_nodes.spec_problems(taint_nodes.node_taints(values["nodes"]))
        problems = [f"node_taints (ovnk_dpu_host_taints, ovnk_dpu_dpu_taints): {p}" for p in found]
    return values, problems


def across(pools: dict[str, Any], sriov_values: dict[str, Any], taints: dict[str, Any],
           representor_count: int | None, node_values: dict[str, Any]) -> list[str]:
    """What must hold between the stages (each already valid on its own)."""
    problems = []
    if pools and sriov_values:
        host_pools = [p["name"] for p in pools["pools"] if p["cluster"] == "tenant"]
        if sriov_values["pool"] not in host_pools:
            problems.append(f"sriov pool '{sriov_values['pool']}' (OVS hardware offload) is not the DPU hosts' "
                            f"MachineConfigPool ({', '.join(host_pools)}); set ovnk_dpu_mcp_host_pool for both")
    # Veth links stand in for the VFs where ovnkube-node simulates the DPU (OVN_SIMULATE_DPU).
    simulated = node_values.get("simulate_dpu") and representor_count
    if sriov_values and simulated:
        for host in sriov_values["hosts"]:
            if host["num_vfs"] != representor_count - 1:
                problems.append(f"{host['name']}: ovnk_dpu_sriov_num_vfs {host['num_vfs']} does not match its simulated "
                                f"DPU's links (ovnk_dpu_representor_count {representor_count}: link 0 plays the PF, "
                                f"the other {representor_count - 1} the VFs); set it to {representor_count - 1}")
    resource = node_values.get("mgmt_port_resource_name")
    if sriov_values and resource:
        expected = f"{sriov_values['resource_prefix']}/{sriov_values['mgmt_resource_name']}"
        if resource != expected:
            problems.append(f"ovnk_dpu_ovnk_mgmt_port_resource_name {resource} is not the SR-IOV management VF's "
                            f"resource ({expected}); ovnkube-node would wait for a VF no policy makes")
    tolerations = node_values.get("tolerations") or []
    for node in (taints or {}).get("nodes") or [] if node_values else []:
        for taint in node["taints"]:
            if not tolerates(tolerations, taint):
                problems.append(f"{node['name']}: its taint {taint['key']}:{taint['effect']} is not tolerated by "
                                "ovnk_dpu_ovnk_tolerations: ovnkube-node would not run there; add a toleration")
    return problems
