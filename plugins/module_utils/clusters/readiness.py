# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Verify one cluster, tenant or infra, the same way: reachable, a supported Kubernetes version,
every expected node Ready (one list per poll, not a wait per node), extra nodes reported."""

from __future__ import annotations

import re
import time
from typing import Any, Callable


_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?")


def parse_version(text: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(text or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def release_problem(cluster: str, product: str, have_text: str, minimum: str, variable: str, example: str,
                    unreadable: str) -> str | None:
    """Whether a cluster's release (of product) is at least minimum; unreadable says why have_text is not one."""
    have, want = parse_version(have_text), parse_version(minimum)
    if want is None:
        return f"{variable}: '{minimum}' is not a version; use e.g. {example}"
    if have is None:
        return unreadable
    if have < want:
        return (f"the {cluster} cluster runs {product} {have_text}; ovnk.dpu needs {minimum} or newer "
                f"({variable}): upgrade the cluster")
    return None


def version_problem(cluster: str, git_version: str, minimum: str) -> str | None:
    return release_problem(cluster, "Kubernetes", git_version, minimum, "ovnk_dpu_min_kube_version", "1.31.0",
                           f"the {cluster} cluster reports version '{git_version}', which is not a Kubernetes version")


def node_state(node: dict[str, Any]) -> str:
    """'Ready', or why not: the Ready condition's status, reason and message."""
    for condition in (node.get("status") or {}).get("conditions") or []:
        if condition.get("type") == "Ready":
            if condition.get("status") == "True":
                return "Ready"
            detail = ": ".join(x for x in (condition.get("reason"), condition.get("message")) if x)
            return f"Ready={condition.get('status')}" + (f" ({detail})" if detail else "")
    return "no Ready condition yet"


def readiness(expected: list[str], nodes: dict[str, dict]) -> dict[str, str]:
    """State of each expected node ('missing' when the cluster has no such Node)."""
    return {name: node_state(nodes[name]) if name in nodes else "missing" for name in expected}


def wait_for_nodes(list_nodes: Callable[[], dict[str, dict]], expected: list[str], timeout: float,
                   sleep: float = 1.0) -> tuple[dict[str, str], dict[str, dict]]:
    deadline = time.monotonic() + timeout
    while True:
        nodes = list_nodes()
        states = readiness(expected, nodes)
        if all(s == "Ready" for s in states.values()) or time.monotonic() >= deadline:
            return states, nodes
        time.sleep(sleep)
