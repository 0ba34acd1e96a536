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
from typing import Any, Optional

from ansible.module_utils.parsing.convert_bool import BOOLEANS

from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import (
    IFNAME_RULE, NODE_NAME_RULE, is_interface_name, is_node_name)
from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.settings import KNOWN, RULES, Rule, resolve


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
    if value is None or rule.kind == "any":
        return None
    if rule.kind == "hosts":
        return None if isinstance(value, str) or (isinstance(value, list) and all(
            isinstance(item, str) for item in value)) else f"{str(value)[:60]!r} is {_type_of(value)}, not a list of names"
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


# Namespaces the cluster's own components (or OpenShift's operators) own: the collection makes and deletes its own.
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
OWN_NAMESPACE_SETTINGS = ("ovnk_dpu_ovnk_namespace", "ovnk_dpu_ovnk_host_network_namespace")


def namespace_problems(values: dict[str, Any]) -> list[str]:
    """The namespaces the install makes (and a teardown deletes) must be its own, not the cluster's."""
    problems = []
    for name in OWN_NAMESPACE_SETTINGS:
        namespace = str(values.get(name) or "")
        if namespace in SYSTEM_NAMESPACES or namespace.startswith(("kube-", "openshift-")):
            problems.append(f"{name}: {namespace!r} is a namespace of the cluster itself, which the install would take "
                            f"over and a teardown delete; name one of the collection's own (e.g. ovn-kubernetes, "
                            f"ovn-host-network)")
    return problems


def across(written: dict[str, Any]) -> list[str]:
    """What must hold between variables of different roles (each valid on its own), over the values resolved
    with the settings table's defaults."""
    values = resolve(written, {})
    problems = namespace_problems(values)
    if values["ovnk_dpu_lease_watchdog"] and values["ovnk_dpu_ovnk_lease_renew_interval"] == 0:
        problems.append("ovnk_dpu_ovnk_lease_renew_interval is 0, which turns OVN-K's DPU health check off, but the lease "
                        "watchdog (ovnk_dpu_lease_watchdog) would watch the Leases nobody renews and report every DPU "
                        "down; set ovnk_dpu_lease_watchdog: false, or an interval (default 10)")
    checked, count = values["ovnk_dpu_lease_watchdog_checked_representors"], values["ovnk_dpu_representor_count"]
    if checked > count:
        problems.append(f"ovnk_dpu_lease_watchdog_checked_representors {checked} is more than the links each pair has "
                        f"(ovnk_dpu_representor_count {count}); a renewer would wait for links that never come: "
                        f"set it to {count} or less")
    if values["ovnk_dpu_teardown_lab"] and values["ovnk_dpu_platform"] != "lab":
        problems.append(f"ovnk_dpu_teardown_lab: the {values['ovnk_dpu_platform']} platform has no built-in lab to "
                        f"destroy; leave it unset (it is for ovnk_dpu_platform: lab)")
    return problems


def variable_problems(variables: dict[str, Any], host_variables: dict[str, dict[str, Any]]) -> list[str]:
    """Every problem of the inventory-wide variables, then of each host's own, then between them."""
    problems = problems_of(variables)
    for host, values in sorted(host_variables.items()):
        problems += problems_of(values or {}, host)
    return problems or across(variables)
