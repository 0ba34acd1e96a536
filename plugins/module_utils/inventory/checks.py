# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory itself: its platform, its nodes and their roles, the two kubeconfigs. Every
problem at once, each naming the variable and the fix. Pure (the kubeconfig checks only read
files); part of the preflight."""

from __future__ import annotations

from typing import Any, Optional

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import NODE_ROLES, PLATFORMS
from ansible_collections.ovnk.dpu.plugins.module_utils.common.kubeconfig import kubeconfig_problems, same_cluster_problems
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import NODE_NAME_RULE, is_node_name


def platform_problems(platform: Optional[str]) -> list[str]:
    """The platform must be stated: an inventory that forgets it must stop, not start a lab."""
    if platform in PLATFORMS:
        return []
    if not platform:
        return [f"ovnk_dpu_platform: not set; set it in the inventory to where the clusters run, one of "
                f"{', '.join(PLATFORMS)} (lab starts the built-in lab on this machine)"]
    return [f"ovnk_dpu_platform: '{platform}' is not a known platform; set it to one of {', '.join(PLATFORMS)}"]


# Each node group and the ovnk_dpu_node_role of its members.
GROUP_ROLES = {"dpu_hosts": "dpu-host", "full_nodes": "full", "dpu_nodes": "dpu"}


def node_problems(nodes: dict[str, Optional[str]], groups: Optional[dict[str, list[str]]] = None) -> list[str]:
    """nodes: inventory host -> ovnk_dpu_node_role; groups: the node groups' members."""
    problems = []
    if not nodes:
        return ["ovnk_nodes: the inventory has no nodes; add hosts to the dpu_hosts, full_nodes and dpu_nodes groups"]
    in_groups = {host: group for group in GROUP_ROLES for host in (groups or {}).get(group) or []}
    for name, role in nodes.items():
        group = in_groups.get(name)
        if role is None and group:
            problems.append(f"{name}: ovnk_dpu_node_role is not set; set it to {GROUP_ROLES[group]} (the role of its "
                            f"group {group})")
        elif role not in NODE_ROLES:
            problems.append(
                f"{name}: ovnk_dpu_node_role is '{role}'; put the host in dpu_hosts, full_nodes or dpu_nodes "
                f"(or set ovnk_dpu_node_role to one of {', '.join(NODE_ROLES)})"
            )
        if not is_node_name(name):
            problems.append(f"{name}: not a legal Kubernetes node name; use {NODE_NAME_RULE}")
    roles = set(nodes.values())
    if not roles & {"dpu-host", "full"}:
        problems.append("tenant_cluster: no tenant node; add at least one host to dpu_hosts or full_nodes")
    if "dpu" not in roles:
        problems.append("infra_cluster: no DPU node; add at least one host to dpu_nodes")
    return problems + membership_problems(groups or {})


def inventory_problems(
    platform: str, tenant_kubeconfig: Optional[str], infra_kubeconfig: Optional[str], nodes: dict,
    groups: Optional[dict[str, list[str]]] = None,
) -> list[str]:
    # The lab and kind write the kubeconfigs themselves (after preflight), so they may not exist yet.
    must_exist = platform not in ("lab", "kind")
    return (
        platform_problems(platform)
        + node_problems(nodes, groups)
        + kubeconfig_problems("ovnk_dpu_tenant_kubeconfig", tenant_kubeconfig, must_exist)
        + kubeconfig_problems("ovnk_dpu_infra_kubeconfig", infra_kubeconfig, must_exist)
        + same_cluster_problems(("ovnk_dpu_tenant_kubeconfig", tenant_kubeconfig),
                                ("ovnk_dpu_infra_kubeconfig", infra_kubeconfig))
    )


def membership_problems(groups: dict[str, list[str]]) -> list[str]:
    """groups: tenant_cluster/infra_cluster -> the inventory hosts in it. A node is in one cluster."""
    tenant, infra = set(groups.get("tenant_cluster") or []), set(groups.get("infra_cluster") or [])
    return [f"{node}: in both tenant_cluster and infra_cluster; a node belongs to one cluster: remove it from one "
            "of dpu_hosts/full_nodes and dpu_nodes" for node in sorted(tenant & infra)]


def peer_problems(pair_map: dict[str, str], host_variables: dict[str, dict]) -> list[str]:
    """A DPU that names its host (ovnk_dpu_peer on the DPU) must name the host that names it."""
    problems = []
    for host, dpu in sorted(pair_map.items()):
        named = (host_variables.get(dpu) or {}).get("ovnk_dpu_peer")
        if named and named != host:
            problems.append(f"{dpu}: ovnk_dpu_peer is {named}, but {host} names {dpu} as its ovnk_dpu_peer; make the "
                            f"two agree ({host} <-> {dpu}) or fix the host's")
    return problems


# The inventory's own arguments of the preflight module.
ARGUMENT_SPEC: dict[str, dict] = {
    "platform": {"type": "str", "required": True},
    "tenant_kubeconfig": {"type": "path"},
    "infra_kubeconfig": {"type": "path"},
    "nodes": {"type": "dict", "required": True},
}


def section(name: str, spec: dict[str, dict], values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """values checked against a module's argument spec: (with defaults, converted), problems
    prefixed with the section's name."""
    result = ArgumentSpecValidator(spec).validate(values)
    return result.validated_parameters, [f"{name}: {message}" for message in result.error_messages]
