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
