# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every check that needs no cluster, over the whole inventory, in one call (ovnk.dpu.preflight):
the inventory's platform, nodes and kubeconfigs; the pairing map against the inventory's groups;
the representor links' names; the OVN-K settings; every ovnkube-node mode. site.yml runs it
before the lab or any cluster is touched, and it reports every problem at once.

Each section is checked against the argument spec of the module that later uses it, with
Ansible's own validator, so preflight and the module agree on types and defaults."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.kubeconfig import kubeconfig_warnings
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import checks, day2, invariants, variables
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.checks import section
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import config, node_spec
from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import dpu_ovs, pairs
from ansible_collections.ovnk.dpu.plugins.module_utils.representors import links

REPRESENTOR_OPTIONS = ("count", "mtu", "host_ifname_format", "dpu_ifname_format")

# The module's wiring (plugins/modules/preflight.py runs run_entry on this file; the action plugin runs it in place).
LIBRARIES = ("yaml", "netaddr")
ARGUMENT_SPEC: dict[str, dict] = {
    **checks.ARGUMENT_SPEC,
    "platform": {"type": "str"},
    "nodes": {"type": "dict", "default": {}},
    # The resolved inventory (the ovnk_dpu fact): the nodes, pairs, settings and variables as written come from it.
    "topology": {"type": "dict"},
    "pairs": {"type": "dict", "default": {}},
    "pair_indexes": {"type": "dict", "default": {}},
    "discovery": {"type": "raw", "default": []},  # checked as dpu_pairing checks it, with a message naming it
    "accept_proposal": {"type": "bool", "default": False},
    "ovs_settings": {"type": "dict", "default": {}},
    "representors": {"type": "dict", "default": {}},
    "ovnk_config": {"type": "dict", "default": {}},
    "ovnk_node": {"type": "dict", "default": {}},
    "machine_config_pools": {"type": "dict", "default": {}},
    "sriov": {"type": "dict", "default": {}},
    "node_taints": {"type": "dict", "default": {}},
    "variables": {"type": "dict", "default": {}},
    "host_variables": {"type": "dict", "default": {}},
    "groups": {"type": "dict", "default": {}},
}


def pairing_problems(params: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The map to apply (explicit, plus accepted proposals) and its problems against the inventory."""
    discovery, problems = section("ovnk_dpu_discovery", {"discovery": pairs.ARGUMENT_SPEC["discovery"]},
                                  {"discovery": params["discovery"] or []})
    if problems:
        return {}, problems
    facts, problems = pairs.parse_facts(discovery["discovery"])
    explicit = {host: dpu for host, dpu in params["pairs"].items() if dpu}
    merged = pairs.merge(explicit, pairs.propose(facts), params["accept_proposal"])
    problems += pairs.validate(merged.pairs, None, None)
    problems += pairs.inventory_problems({**params["pairs"], **merged.pairs}, params["nodes"])
    return merged.pairs, problems


def representor_problems(platform: str, pair_map: dict[str, str], indexes: dict[str, Any],
                         options: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The links each pair will get: counts, MTU, every interface name, one index per pair."""
    unknown = sorted(set(options) - set(REPRESENTOR_OPTIONS))
    values, problems = section("representors", {k: links.ARGUMENT_SPEC[k] for k in REPRESENTOR_OPTIONS},
                               {k: v for k, v in options.items() if k not in unknown})
    problems += [f"representors: unknown option {k}; use {', '.join(REPRESENTOR_OPTIONS)}" for k in unknown]
    if problems:
        return values, problems
    # An unknown platform is reported by the inventory checks; its links are checked as the lab's.
    host_default, dpu_default = links.DEFAULT_FORMATS.get(platform, links.DEFAULT_FORMATS["lab"])
    specs = [links.PairSpec(host, dpu, indexes.get(host, position), None, None)
             for position, (host, dpu) in enumerate(sorted(pair_map.items()))]
    return values, [f"representors: {p}" for p in links.validate(
        specs, values["count"], values["mtu"], values["host_ifname_format"] or host_default,
        values["dpu_ifname_format"] or dpu_default, set(), need_netns=False)]


def ovnk_problems(settings: dict[str, Any], node_settings: dict[str, Any]) -> tuple[dict, dict, list[str]]:
    """The OVN-K settings (ranges, MTU, lease, image skew) and every ovnkube-node mode; with the
    settings and the ovnkube-node options, defaults filled in."""
    values, problems = section("ovnk", config.ARGUMENT_SPEC, {"require_api_url": False, **settings})
    if not problems:
        problems += config.problems_and_api_url(values)[0]
    # The images' skew is reported once, above, by inventory variable.
    node_values, node_problems = section("ovnkube-node", node_spec.ARGUMENT_SPEC,
                                         {**node_settings, "validate_only": True, "allowed_skew": "any"})
    if not node_problems:
        node_problems = node_spec.all_problems(node_values)
    return values, node_values, problems + node_problems


def tunnels(pair_map: dict[str, str], ovs_settings: dict[str, dict]) -> dict[str, str]:
    """Each paired DPU's tunnel address, by where it is set."""
    return {f"{dpu}: ovnk_dpu_encap_ip": str(s["encap_ip"]) for dpu, s in ovs_settings.items()
            if dpu in pair_map.values() and (s or {}).get("encap_ip")}


def inventory_params(topology: dict[str, Any]) -> dict[str, Any]:
    """What preflight checks of the inventory, read from the resolved topology (plugins/lookup/topology.py)."""
    values, nodes = topology["settings"], topology["nodes"]
    return {
        "platform": values["ovnk_dpu_platform"],
        "tenant_kubeconfig": values["ovnk_dpu_tenant_kubeconfig"],
        "infra_kubeconfig": values["ovnk_dpu_infra_kubeconfig"],
        "nodes": {name: node["role"] for name, node in nodes.items()},
        "groups": {name: hosts for name, hosts in topology["groups"].items() if name != "ovnk_nodes"},
        "pairs": {host: nodes[host]["peer"] for host in topology["groups"]["dpu_hosts"] if host in nodes},
        "pair_indexes": {pair["host"]: pair["index"] for pair in topology["pairs"]},
        "discovery": values["ovnk_dpu_discovery"],
        "accept_proposal": values["ovnk_dpu_accept_proposal"],
        "ovs_settings": topology["ovs_settings"],
        "representors": {"count": values["ovnk_dpu_representor_count"], "mtu": values["ovnk_dpu_representor_mtu"],
                         "host_ifname_format": values["ovnk_dpu_representor_host_format"],
                         "dpu_ifname_format": values["ovnk_dpu_representor_dpu_format"]},
        "variables": topology["written"],
        "host_variables": topology["node_written"],
    }


def evaluate(params: dict[str, Any]) -> dict[str, Any]:
    """The preflight result: the pairs it checked; InputError with every problem of every section,
    and of the invariants between them once each is valid on its own."""
    if params.get("topology"):
        params = {**params, **inventory_params(params["topology"])}
    # Every later check reads these values: a misspelt name or a value of the wrong type stops here.
    problems = variables.variable_problems(params.get("variables") or {}, params.get("host_variables") or {})
    if problems:
        raise InputError(problems, "invalid inventory: ")
    platform = params["platform"]
    problems = checks.inventory_problems(platform, params["tenant_kubeconfig"], params["infra_kubeconfig"],
                                         params["nodes"], params.get("groups") or {})
    if checks.node_problems(params["nodes"], params.get("groups") or {}):
        raise InputError(problems, "invalid inventory: ")  # the pairing's problems would only repeat them
    pair_map, pairing = pairing_problems(params)
    pairing += checks.peer_problems(pair_map, params.get("host_variables") or {})
    pairing += dpu_ovs.settings_problems(pair_map, params["ovs_settings"], required=True)
    representors, linking = representor_problems(platform, pair_map, params["pair_indexes"], params["representors"])
    ovnk_values, node_values, ovnk = ovnk_problems(params["ovnk_config"], params["ovnk_node"])
    problems += pairing + linking + ovnk
    if not (pairing or ovnk):
        problems += invariants.tunnel_problems(tunnels(pair_map, params["ovs_settings"]), ovnk_values)
    if not (linking or ovnk):
        problems += invariants.link_problems(platform, representors, node_values, ovnk_values)
    if not ovnk:
        problems += invariants.identity_problems(params["nodes"], node_values)
    problems += _day2_problems(params, representors if not linking else {}, node_values if not ovnk else {})
    if problems:
        raise InputError(problems, "invalid inventory: ")
    warnings = [w for v in ("tenant_kubeconfig", "infra_kubeconfig")
                for w in kubeconfig_warnings(f"ovnk_dpu_{v}", params[v])]
    return {"changed": False, "problems": [], "pairs": pair_map, **({"warnings": warnings} if warnings else {})}


def _day2_problems(params: dict[str, Any], representors: dict[str, Any],
                   node_values: dict[str, Any]) -> list[str]:
    """The MachineConfigPool, SR-IOV and taint stages, each alone, then against each other and OVN-K."""
    pools, pool_problems = day2.pool_problems(params.get("machine_config_pools") or {})
    sriov, sriov_problems = day2.sriov_problems(params.get("sriov") or {})
    taints, taint_problems = day2.taint_problems(params.get("node_taints") or {})
    problems = pool_problems + sriov_problems + taint_problems
    if not problems:
        problems = day2.across(pools, sriov, taints, representors.get("count"), node_values)
    return problems


def run(module: Any) -> dict[str, Any]:
    return evaluate(module.params)
