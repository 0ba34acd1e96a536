# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory's ovnk_dpu_* variables as written, before any role converts them: a misspelt
name (which every role would silently ignore), a value of the wrong type (a string where a list
goes, a word where a number goes), a number out of range, a malformed address or name. Each
message names the variable (and the host that sets it) and the fix. Pure; the preflight runs it
first, and stops there when it finds anything, since every later check reads these values."""

from __future__ import annotations

import difflib
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Optional

from ansible.module_utils.parsing.convert_bool import BOOLEANS, BOOLEANS_TRUE

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import NODE_ROLES
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import (
    IFNAME_RULE, NODE_NAME_RULE, is_interface_name, is_node_name)
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.variable_names import KNOWN


@dataclass(frozen=True)
class Rule:
    kind: str  # int, bool, str, list, dict, ip, ifname, node
    hint: str
    elements: Optional[str] = None  # list items: dict or str
    minimum: Optional[int] = None
    maximum: Optional[int] = None
    pattern: Optional[str] = None
    choices: tuple[str, ...] = ()
    noun: str = ""  # what a value matching pattern is


_PORT = Rule("int", "a TCP port, 1 to 65535", minimum=1, maximum=65535)
_TIMEOUT = Rule("int", "seconds, 1 or more", minimum=1)
_FLAG = Rule("bool", "true or false")
_TAINTS = Rule("list", "a list of taints, e.g. [{key: ovnk.dpu/dpu-host, effect: NoSchedule}]", elements="dict")
_VERSION = r"v?\d+\.\d+(\.\d+)?"

RULES: dict[str, Rule] = {
    "ovnk_dpu_platform": Rule("str", "one of lab, kind, openshift"),
    "ovnk_dpu_min_kube_version": Rule("str", "a Kubernetes version such as 1.31.0", pattern=_VERSION, noun="a version"),
    "ovnk_dpu_openshift_min_version": Rule("str", "an OpenShift version such as 4.18", pattern=_VERSION, noun="a version"),
    "ovnk_dpu_node_ready_timeout": _TIMEOUT,
    "ovnk_dpu_node_role": Rule("str", "it by the host's group (dpu_hosts, full_nodes, dpu_nodes) or to one of these",
                               choices=NODE_ROLES),
    "ovnk_dpu_peer": Rule("node", "the partner node's inventory name"),
    "ovnk_dpu_pair_index": Rule("int", "a pair number, 0 or more, unique per pair", minimum=0),
    "ovnk_dpu_encap_ip": Rule("ip", "the DPU's tunnel (VTEP) IPv4 address, e.g. 192.0.2.10"),
    "ovnk_dpu_gateway_nexthop": Rule("ip", "the IPv4 address of the gateway on the DPU's uplink"),
    "ovnk_dpu_gateway_interface": Rule("ifname", "the DPU's uplink bridge or port"),
    "ovnk_dpu_ovs_remote": Rule("str", "an OVSDB remote: tcp:<address>:<port>, ssl:<address>:<port> or unix:<socket>",
                                pattern=r"(tcp|ssl):\[?[0-9A-Za-z.:-]+\]?:\d{1,5}|unix:/\S+", noun="an OVSDB remote"),
    "ovnk_dpu_representor_count": Rule("int", "links per pair, 1 to 256, e.g. 16", minimum=1, maximum=256),
    "ovnk_dpu_representor_mtu": Rule("int", "an MTU from 68 to 65535, e.g. 1500", minimum=68, maximum=65535),
    "ovnk_dpu_representor_dpu_format": Rule("str", "an interface name with {index}, e.g. rep0-{index}",
                                            pattern=r"\S*\{index\}\S*", noun="a name format with {index}"),
    "ovnk_dpu_ovnk_mtu": Rule("int", "the pod MTU, e.g. 1400"),
    "ovnk_dpu_ovnk_host_subnet_length": Rule("int", "a prefix length, e.g. 24"),
    "ovnk_dpu_ovnk_lease_renew_interval": Rule("int", "seconds, e.g. 10"),
    "ovnk_dpu_ovnk_lease_duration": Rule("int", "seconds, e.g. 40"),
    "ovnk_dpu_ovnk_log_level": Rule("int", "0 to 10, e.g. 4"),
    "ovnk_dpu_ovnk_node_networks": Rule("list", "a list of CIDRs, e.g. [192.168.100.0/24]", elements="str"),
    "ovnk_dpu_ovnk_tolerations": Rule("list", "a list of tolerations, e.g. [{operator: Exists}]", elements="dict"),
    "ovnk_dpu_ovnk_control_plane_node_selector": Rule("dict", "a mapping of node labels, e.g. {}"),
    "ovnk_dpu_ovnk_extra_env": Rule("dict", "a mapping of environment variables, e.g. {OVN_FOO: bar}"),
    "ovnk_dpu_ovnk_identity": _FLAG,
    "ovnk_dpu_ovnk_simulate_dpu": _FLAG,
    "ovnk_dpu_ovnk_wait": _FLAG,
    "ovnk_dpu_ovnk_wait_timeout": _TIMEOUT,
    "ovnk_dpu_ovnk_gateway_interface": Rule("ifname", "a host interface name"),
    "ovnk_dpu_ovnk_mgmt_port_netdev": Rule("ifname", "a host interface name"),
    "ovnk_dpu_ovnk_dpu_host_gateway_representor_interface": Rule("ifname", "a DPU interface name"),
    "ovnk_dpu_machine_config_pools": _FLAG,
    "ovnk_dpu_mcp_timeout": _TIMEOUT,
    "ovnk_dpu_mcp_poll": _TIMEOUT,
    "ovnk_dpu_sriov": _FLAG,
    "ovnk_dpu_sriov_num_vfs": Rule("int", "a VF count, e.g. 16"),
    "ovnk_dpu_sriov_pf": Rule("ifname", "the PF's interface name, e.g. ens1f0np0"),
    "ovnk_dpu_dpu_models": Rule("dict", "a mapping of model name to its card, see docs/roles.md"),
    "ovnk_dpu_node_taints": _FLAG,
    "ovnk_dpu_node_taints_skip": _FLAG,
    "ovnk_dpu_host_taints": _TAINTS,
    "ovnk_dpu_dpu_taints": _TAINTS,
    "ovnk_dpu_taint_allow_eviction": _FLAG,
    "ovnk_dpu_discovery": Rule("list", "a list of discovery facts (node, role, serial, pf_macs)", elements="dict"),
    "ovnk_dpu_accept_proposal": _FLAG,
    "ovnk_dpu_pairing_prune": _FLAG,
    "ovnk_dpu_lease_watchdog": _FLAG,
    "ovnk_dpu_lease_watchdog_renew": _FLAG,
    "ovnk_dpu_lease_watchdog_taint": _FLAG,
    "ovnk_dpu_lease_watchdog_wait": _FLAG,
    "ovnk_dpu_lease_watchdog_wait_timeout": _TIMEOUT,
    "ovnk_dpu_lease_watchdog_checked_representors": Rule("int", "representor links a renewer checks, 0 or more",
                                                         minimum=0),
    "ovnk_dpu_lease_watchdog_metrics_address": Rule("ip", "an address to serve metrics on, e.g. 127.0.0.1"),
    "ovnk_dpu_lease_monitor_metrics_port": _PORT,
    "ovnk_dpu_lease_renew_metrics_port": _PORT,
    "ovnk_dpu_service_manager": Rule("str", "systemd (lab on the lab)", choices=("systemd", "lab")),
    "ovnk_dpu_lab_name": Rule("str", "1-12 lowercase letters or digits, starting with a letter, e.g. ovnkdpu",
                              pattern=r"[a-z][a-z0-9]{0,11}", noun="a lab name"),
    "ovnk_dpu_lab_port_base": Rule("int", "the first of the lab's 200+ ports, e.g. 16400", minimum=1024,
                                   maximum=65000),
    "ovnk_dpu_lab_service_cidrs": Rule("dict", "{tenant: <CIDR>, infra: <CIDR>}"),
    "ovnk_dpu_upgrade_batch": Rule("int", "pairs upgraded at a time, 1 or more", minimum=1),
    "ovnk_dpu_rotation_grace": Rule("int", "seconds, 0 or more", minimum=0),
    "ovnk_dpu_rotate_credentials": _FLAG,
    "ovnk_dpu_summary_strict": _FLAG,
    "ovnk_dpu_topology": _FLAG,
}

_TYPE_WORDS = {"int": "a whole number", "bool": "true or false", "list": "a list", "dict": "a mapping",
               "str": "a string"}


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value) is not None)


def _type_of(value: Any) -> str:
    for kind, word in ((bool, "a boolean"), (dict, "a mapping"), (list, "a list"), (str, "a string"),
                       ((int, float), "a number")):
        if isinstance(value, kind):
            return word
    return type(value).__name__


def _int_problem(rule: Rule, value: Any) -> Optional[str]:
    if not _is_int(value):
        return f"{value!r} is not a whole number" if isinstance(value, str) else \
            f"{value!r} is {_type_of(value)}, not a whole number"
    number = int(value)
    if (rule.minimum is not None and number < rule.minimum) or (rule.maximum is not None and number > rule.maximum):
        return f"{number} is out of range"
    return None


def _bool_problem(value: Any) -> Optional[str]:
    if isinstance(value, bool) or (isinstance(value, (str, int)) and value in BOOLEANS):
        return None
    return f"{value!r} is not true or false"


def _collection_problem(rule: Rule, value: Any) -> Optional[str]:
    """A list (of rule.elements) or a mapping, as the rule wants."""
    if not isinstance(value, list if rule.kind == "list" else dict):
        return f"{str(value)[:60]!r} is {_type_of(value)}, not {_TYPE_WORDS[rule.kind]}"
    wanted = {"dict": dict, "str": str}.get(rule.elements or "")
    bad = [i for i, item in enumerate(value) if wanted and not isinstance(item, wanted)] if rule.kind == "list" else []
    if bad:
        item = value[bad[0]]
        return f"item {bad[0]} ({str(item)[:60]!r}) is {_type_of(item)}, not {_TYPE_WORDS[rule.elements or 'str']}"
    return None


def _value_problem(rule: Rule, value: Any) -> Optional[str]:
    """Why value breaks the rule, or None (unset: the role's default applies)."""
    if value is None:
        return None
    if rule.kind == "int":
        return _int_problem(rule, value)
    if rule.kind == "bool":
        return _bool_problem(value)
    if rule.kind in ("list", "dict"):
        return _collection_problem(rule, value)
    if not isinstance(value, str):
        return f"{str(value)[:60]!r} is {_type_of(value)}, not {_TYPE_WORDS['str']}"
    return _string_problem(rule, value)


def _string_problem(rule: Rule, value: str) -> Optional[str]:
    if rule.kind == "ip":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            return f"{value!r} is not an IPv4 address"
    elif rule.kind == "ifname":
        if not is_interface_name(value) or value in (".", ".."):
            return f"{value!r} is not an interface name ({IFNAME_RULE})"
    elif rule.kind == "node":
        if not is_node_name(value):
            return f"{value!r} is not a node name ({NODE_NAME_RULE})"
    elif rule.choices and value not in rule.choices:
        return f"{value!r} is not one of {', '.join(rule.choices)}"
    elif rule.pattern and not re.fullmatch(rule.pattern, value):
        return f"{value!r} is not {rule.noun}"
    return None


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(KNOWN), n=1, cutoff=0.8)
    fix = f"did you mean {close[0]}?" if close else "remove it or check docs/inventory.md for the name"
    return f"{name}: ovnk.dpu reads no variable of that name (every role would ignore it); {fix}"


def problems_of(values: dict[str, Any], where: str = "") -> list[str]:
    """The problems of one scope's ovnk_dpu_* variables (the inventory-wide ones, or one host's)."""
    prefix = f"{where}: " if where else ""
    problems = []
    for name, value in sorted(values.items()):
        if name not in KNOWN:
            problems.append(prefix + _unknown(name))
            continue
        rule = RULES.get(name)
        problem = _value_problem(rule, value) if rule else None
        if problem:
            problems.append(f"{prefix}{name}: {problem}; set {rule.hint}")
    return problems


def across(values: dict[str, Any]) -> list[str]:
    """What must hold between variables of different roles (each valid on its own)."""
    problems = []
    watchdog = values.get("ovnk_dpu_lease_watchdog", True) in (True, *BOOLEANS_TRUE)
    if watchdog and str(values.get("ovnk_dpu_ovnk_lease_renew_interval", 10)).strip() == "0":
        problems.append("ovnk_dpu_ovnk_lease_renew_interval is 0, which turns OVN-K's DPU health check off, but the lease "
                        "watchdog (ovnk_dpu_lease_watchdog) would watch the Leases nobody renews and report every DPU "
                        "down; set ovnk_dpu_lease_watchdog: false, or an interval (default 10)")
    checked = int(values.get("ovnk_dpu_lease_watchdog_checked_representors", 2))
    count = int(values.get("ovnk_dpu_representor_count", 16))
    if checked > count:
        problems.append(f"ovnk_dpu_lease_watchdog_checked_representors {checked} is more than the links each pair has "
                        f"(ovnk_dpu_representor_count {count}); a renewer would wait for links that never come: "
                        f"set it to {count} or less")
    return problems


def variable_problems(variables: dict[str, Any], host_variables: dict[str, dict[str, Any]]) -> list[str]:
    """Every problem of the inventory-wide variables, then of each host's own, then between them."""
    problems = problems_of(variables)
    for host, values in sorted(host_variables.items()):
        problems += problems_of(values or {}, host)
    return problems or across(variables)
