# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfig files as the inventory names them: readable, holding a cluster and a user, private;
and the API server URL of the current context. Reads files only; never returns credentials."""

from __future__ import annotations

import os
import stat
from typing import Optional

try:
    import yaml
except ImportError:  # pragma: no cover - reported through run_module's libraries
    yaml = None


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
    return config, _context_problems(variable, path, config)


def _named(config: dict, key: str, name: object) -> Optional[dict]:
    """The entry of that name in a kubeconfig list (contexts, clusters, users), or None."""
    entries = [e for e in config.get(key) or [] if isinstance(e, dict) and e.get("name") == name]
    return (entries[0].get(key[:-1]) or {}) if entries else None


def _context_problems(variable: str, path: str, config: dict) -> list[str]:
    """The current context must exist and name a cluster (with a server) and a user of the file."""
    current = config.get("current-context")
    fix = f"set current-context to one of its contexts (kubectl config --kubeconfig {path} get-contexts)"
    if not current:
        return [f"{variable}: {path} has no current-context; {fix}"]
    context = _named(config, "contexts", current)
    if context is None:
        return [f"{variable}: {path}: current-context '{current}' is not one of its contexts; {fix}"]
    problems = []
    if not (_named(config, "clusters", context.get("cluster")) or {}).get("server"):
        problems.append(f"{variable}: {path}: context '{current}' names cluster '{context.get('cluster')}', which the "
                        "file does not define with a server; add it or fix the context")
    if _named(config, "users", context.get("user")) is None:
        problems.append(f"{variable}: {path}: context '{current}' names user '{context.get('user')}', which the file "
                        "does not define; add it or fix the context")
    return problems


def kubeconfig_problems(variable: str, path: Optional[str], must_exist: bool) -> list[str]:
    """A kubeconfig must be a readable file holding at least one cluster and one user."""
    return _load_kubeconfig(variable, path, must_exist)[1]


def kubeconfig_server(path: Optional[str]) -> str:
    """The API server URL of a kubeconfig's current context ('' when it cannot be read:
    kubeconfig_problems reports why)."""
    config = _load_kubeconfig("kubeconfig", path, True)[0]
    if config is None:
        return ""
    if _context_problems("kubeconfig", path or "", config):
        return ""
    context = _named(config, "contexts", config["current-context"]) or {}
    return str((_named(config, "clusters", context.get("cluster")) or {}).get("server") or "")


def same_cluster_problems(tenant: tuple[str, Optional[str]], infra: tuple[str, Optional[str]]) -> list[str]:
    """(variable, path) of each cluster: two clusters need two kubeconfigs that reach two API servers."""
    (tenant_variable, tenant_path), (infra_variable, infra_path) = tenant, infra
    if not tenant_path or not infra_path or not os.path.isfile(tenant_path) or not os.path.isfile(infra_path):
        return []
    fix = "the infra (DPU) cluster is a cluster of its own: point each at its own cluster's admin kubeconfig"
    if os.path.realpath(tenant_path) == os.path.realpath(infra_path):
        return [f"{tenant_variable} and {infra_variable} are the same file ({tenant_path}); {fix}"]
    server = kubeconfig_server(tenant_path)
    if server and server == kubeconfig_server(infra_path):
        return [f"{tenant_variable} and {infra_variable} both reach {server}; {fix}"]
    return []


def kubeconfig_warnings(variable: str, path: Optional[str]) -> list[str]:
    if path and os.path.isfile(path) and stat.S_IMODE(os.stat(path).st_mode) & 0o077:
        return [f"{variable}: {path} is readable by other users; chmod 0600 it (it holds credentials)"]
    return []
