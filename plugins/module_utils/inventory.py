# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whole-inventory validation: every problem at once, each naming the field and the fix.

Pure functions (the kubeconfig checks only read files); run before any change.
"""

from __future__ import annotations

import os
import stat
from typing import Optional

try:
    import yaml
except ImportError:  # pragma: no cover - reported by the module through missing_required_lib
    yaml = None

from ansible_collections.ovnk.dpu.plugins.module_utils.module_run import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.names import NODE_NAME_RULE, NODE_ROLES, is_node_name

PLATFORMS = ("lab", "kind", "openshift")


def platform_problems(platform: str) -> list[str]:
    if platform in PLATFORMS:
        return []
    return [f"ovnk_dpu_platform: '{platform}' is not a known platform; set it to one of {', '.join(PLATFORMS)}"]


def node_problems(nodes: dict[str, Optional[str]]) -> list[str]:
    """nodes: inventory host -> ovnk_dpu_node_role."""
    problems = []
    if not nodes:
        return ["ovnk_nodes: the inventory has no nodes; add hosts to the dpu_hosts, full_nodes and dpu_nodes groups"]
    for name, role in nodes.items():
        if role not in NODE_ROLES:
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
    return problems


def _load_kubeconfig(variable: str, path: Optional[str], must_exist: bool) -> tuple[Optional[dict], list[str]]:
    """(the kubeconfig, []) or (None, its problems): a readable file with a cluster and a user."""
    if not path:
        return None, [f"{variable}: not set; set it to the path of that cluster's admin kubeconfig"] if must_exist else []
    if not os.path.exists(path):
        if not must_exist:
            return None, []
        return None, [f"{variable}: {path} does not exist; set it to the path of that cluster's admin kubeconfig"]
    if not os.path.isfile(path) or not os.access(path, os.R_OK):
        return None, [f"{variable}: {path} is not a readable file; fix its permissions (0600, owned by this user)"]
    try:
        with open(path, encoding="utf-8") as handle:
            config = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [f"{variable}: {path} is not valid YAML ({type(exc).__name__}); point it at a kubeconfig file"]
    if not isinstance(config, dict) or not config.get("clusters") or not config.get("users"):
        return None, [f"{variable}: {path} has no clusters or users; point it at a kubeconfig file"]
    return config, []


def kubeconfig_problems(variable: str, path: Optional[str], must_exist: bool) -> list[str]:
    """A kubeconfig must be a readable file holding at least one cluster and one user."""
    return _load_kubeconfig(variable, path, must_exist)[1]


def kubeconfig_server(path: Optional[str]) -> str:
    """The API server URL of a kubeconfig's current context ('' when it cannot be read:
    kubeconfig_problems reports why)."""
    config = _load_kubeconfig("kubeconfig", path, True)[0]
    if config is None:
        return ""
    contexts = {c.get("name"): c.get("context") or {} for c in config.get("contexts") or []}
    wanted = contexts.get(config.get("current-context"), {}).get("cluster")
    clusters = [c for c in config["clusters"] if c.get("name") == wanted] or config["clusters"]
    return str((clusters[0].get("cluster") or {}).get("server") or "")


def kubeconfig_warnings(variable: str, path: Optional[str]) -> list[str]:
    if path and os.path.isfile(path) and stat.S_IMODE(os.stat(path).st_mode) & 0o077:
        return [f"{variable}: {path} is readable by other users; chmod 0600 it (it holds credentials)"]
    return []


def inventory_problems(
    platform: str, tenant_kubeconfig: Optional[str], infra_kubeconfig: Optional[str], nodes: dict
) -> list[str]:
    # On the lab the kubeconfigs are written by the lab itself, so they may not exist yet.
    must_exist = platform != "lab"
    return (
        platform_problems(platform)
        + node_problems(nodes)
        + kubeconfig_problems("ovnk_dpu_tenant_kubeconfig", tenant_kubeconfig, must_exist)
        + kubeconfig_problems("ovnk_dpu_infra_kubeconfig", infra_kubeconfig, must_exist)
    )


ARGUMENT_SPEC: dict[str, dict] = {
    "platform": {"type": "str", "required": True},
    "tenant_kubeconfig": {"type": "path"},
    "infra_kubeconfig": {"type": "path"},
    "nodes": {"type": "dict", "required": True},
}


def evaluate(params: dict) -> dict:
    """The inventory_check result: warnings about the kubeconfigs; InputError with every problem."""
    problems = inventory_problems(params["platform"], params["tenant_kubeconfig"], params["infra_kubeconfig"],
                                  params["nodes"])
    if problems:
        raise InputError(problems, "invalid inventory: ")
    warnings = [w for v in ("tenant_kubeconfig", "infra_kubeconfig")
                for w in kubeconfig_warnings(f"ovnk_dpu_{v}", params[v])]
    return {"changed": False, "problems": [], **({"warnings": warnings} if warnings else {})}
