# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Verify one cluster, tenant or infra, the same way: reachable, a supported Kubernetes version,
every expected node Ready (one list per poll, not a wait per node), extra nodes reported."""

from __future__ import annotations

import re
import time
from typing import Any, Callable

from ansible_collections.ovnk.dpu.plugins.module_utils.module_run import InputError

from ansible_collections.ovnk.dpu.plugins.module_utils.k8s_apply import API_ERRORS, describe_api_error

try:
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
except ImportError:  # pragma: no cover - the collection declares kubernetes.core as a dependency
    get_api_client = None

_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?")


def parse_version(text: str) -> tuple[int, int, int] | None:
    match = _VERSION.match(text or "")
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def version_problem(cluster: str, git_version: str, minimum: str) -> str | None:
    have, want = parse_version(git_version), parse_version(minimum)
    if want is None:
        return f"min_version: '{minimum}' is not a version; use e.g. 1.31.0"
    if have is None:
        return f"the {cluster} cluster reports version '{git_version}', which is not a Kubernetes version"
    if have < want:
        return (f"the {cluster} cluster runs Kubernetes {git_version}; ovnk.dpu needs {minimum} or newer "
                "(ovnk_dpu_min_kube_version): upgrade the cluster")
    return None


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


def run(module: Any) -> dict[str, Any]:
    params = module.params
    cluster = params["cluster"]
    try:
        return _check(module, cluster)
    except API_ERRORS as e:  # pylint: disable=catching-non-exception  # a tuple of exception classes
        raise InputError(f"the {cluster} cluster could not be read: {describe_api_error(e)}; check that its API server "
                         f"answers and that ovnk_dpu_{cluster}_kubeconfig holds working credentials") from None


def _check(module: Any, cluster: str) -> dict[str, Any]:
    params = module.params
    client = get_api_client(module=module)
    git_version = client.client.version["kubernetes"]["gitVersion"]
    problem = version_problem(cluster, git_version, params["min_version"])
    if problem:
        raise InputError(problem)
    node_resource = client.resource("Node", "v1")

    def list_nodes() -> dict[str, dict]:
        items = client.get(node_resource).to_dict()["items"]
        return {item["metadata"]["name"]: item for item in items}

    expected = params["nodes"] or []
    states, nodes = wait_for_nodes(list_nodes, expected, params["ready_timeout"], params["wait_sleep"])
    not_ready = {n: s for n, s in states.items() if s != "Ready"}
    if not_ready:
        listed = ", ".join(f"{n} ({s})" for n, s in sorted(not_ready.items()))
        raise InputError(f"the {cluster} cluster: nodes not Ready after {params['ready_timeout']}s: {listed}; "
                         "check them (kubectl describe node) or fix the inventory's node names")
    extra = sorted(set(nodes) - set(expected))
    result: dict[str, Any] = {"changed": False, "cluster": cluster, "version": git_version,
                              "nodes": sorted(expected), "extra_nodes": extra}
    if extra:
        module.warn(f"the {cluster} cluster has nodes the inventory does not list (left alone): " + ", ".join(extra))
    return result
