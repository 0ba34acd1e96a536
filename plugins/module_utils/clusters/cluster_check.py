# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster_check module's work: reach one cluster, check its version, wait for its nodes
(see readiness.py), report the nodes the inventory does not list."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS, MIN_KUBE_VERSION
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import API_ERRORS, AUTH_ARG_SPEC, CoreException, describe_api_error
from ansible_collections.ovnk.dpu.plugins.module_utils.common.kubeconfig import kubeconfig_server
from ansible_collections.ovnk.dpu.plugins.module_utils.clusters.platform import (
    CLUSTER_VERSION, missing_apis, openshift_problem, openshift_release)
from ansible_collections.ovnk.dpu.plugins.module_utils.clusters.readiness import version_problem, wait_for_nodes


try:
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
    from kubernetes.dynamic.exceptions import NotFoundError, ResourceNotFoundError
except ImportError:  # pragma: no cover - run_module reports a missing kubernetes.core
    get_api_client = None
    NotFoundError = ResourceNotFoundError = Exception

# The module's wiring (plugins/modules/cluster_check.py runs run_entry on this file).
ARGUMENT_SPEC = {
    **AUTH_ARG_SPEC,
    "cluster": {"type": "str", "required": True, "choices": list(CLUSTERS)},
    "min_version": {"type": "str", "default": MIN_KUBE_VERSION},
    "nodes": {"type": "list", "elements": "str", "default": []},
    "ready_timeout": {"type": "int", "default": 180},
    "wait_sleep": {"type": "int", "default": 1},
    "required_apis": {"type": "list", "elements": "dict", "default": [], "options": {
        "kind": {"type": "str", "required": True},
        "api_version": {"type": "str", "required": True},
        "purpose": {"type": "str", "default": ""},
    }},
    "openshift_min_version": {"type": "str"},
    "other_cluster_nodes": {"type": "list", "elements": "str", "default": []},
    "other_cluster_uid": {"type": "str"},
}

KUBE = True
LIBRARIES = ()


def run(module: Any) -> dict[str, Any]:
    params = module.params
    cluster = params["cluster"]
    if params["ready_timeout"] < 0:
        raise InputError(f"ready_timeout: {params['ready_timeout']} is negative; set the seconds to wait for the nodes, "
                         "0 or more (ovnk_dpu_node_ready_timeout)")
    try:
        return _check(module, get_api_client(module=module), cluster)
    except CoreException as e:
        if not isinstance(e.__cause__, API_ERRORS):  # the client could not even be made from the kubeconfig
            raise InputError(f"ovnk_dpu_{cluster}_kubeconfig: the client cannot use it ({str(e)[:200]}); point it at "
                             f"the {cluster} cluster's admin kubeconfig") from None
        raise api_failure(cluster, kubeconfig_server(params.get("kubeconfig")), e) from None
    except API_ERRORS as e:  # pylint: disable=catching-non-exception  # a tuple of exception classes
        raise api_failure(cluster, kubeconfig_server(params.get("kubeconfig")), e) from None


def _check(module: Any, client: Any, cluster: str) -> dict[str, Any]:
    params = module.params
    git_version = client.client.version["kubernetes"]["gitVersion"]
    uid = client.get(client.resource("Namespace", "v1"), name="kube-system").metadata.uid
    identity_problems(cluster, uid, params["other_cluster_uid"])
    problem = version_problem(cluster, git_version, params["min_version"])
    if problem:
        raise InputError(problem)
    release = _platform(client, cluster, params)
    node_resource = client.resource("Node", "v1")

    def list_nodes() -> dict[str, dict]:
        items = client.get(node_resource).to_dict()["items"]
        return {item["metadata"]["name"]: item for item in items}

    expected = params["nodes"] or []
    foreign = sorted(set(list_nodes()) & set(params["other_cluster_nodes"]) - set(expected))
    if foreign:
        other = "infra" if cluster == "tenant" else "tenant"
        raise InputError(f"ovnk_dpu_{cluster}_kubeconfig reaches a cluster with the {other} cluster's nodes "
                         f"({', '.join(foreign)}): the two kubeconfigs are swapped or reach one cluster; point "
                         f"ovnk_dpu_{cluster}_kubeconfig at the {cluster} cluster")
    states, nodes = wait_for_nodes(list_nodes, expected, params["ready_timeout"], params["wait_sleep"])
    not_ready = {n: s for n, s in states.items() if s != "Ready"}
    if not_ready:
        listed = ", ".join(f"{n} ({s})" for n, s in sorted(not_ready.items()))
        raise OperationError(f"the {cluster} cluster: nodes not Ready after {params['ready_timeout']}s: {listed}; "
                             "check them (kubectl describe node) or fix the inventory's node names")
    extra = sorted(set(nodes) - set(expected))
    result: dict[str, Any] = {"changed": False, "cluster": cluster, "version": git_version, "uid": uid,
                              "nodes": sorted(expected), "extra_nodes": extra, "openshift_version": release}
    if extra:
        module.warn(f"the {cluster} cluster has nodes the inventory does not list (left alone): " + ", ".join(extra))
    return result


def identity_problems(cluster: str, uid: str, other_uid: str | None) -> None:
    if other_uid and uid == other_uid:
        raise InputError("ovnk_dpu_tenant_kubeconfig and ovnk_dpu_infra_kubeconfig reach the same cluster (kube-system "
                         f"namespace {uid}); the infra (DPU) cluster is a cluster of its own: point each at its own "
                         "cluster's admin kubeconfig")


def api_failure(cluster: str, server: str, error: Exception) -> OperationError:
    """One line for a cluster that cannot be read: unreachable, a certificate or credentials it refuses."""
    where = f"the {cluster} cluster ({server or 'its API server'})"
    variable = f"ovnk_dpu_{cluster}_kubeconfig"
    cause = error.__cause__ if isinstance(error, CoreException) and error.__cause__ is not None else error
    status, text = getattr(cause, "status", None), describe_api_error(error)
    if status == 401:
        return OperationError(f"{where} refused the credentials in {variable} ({text}): they are expired, revoked or "
                              "another cluster's; put a current admin kubeconfig of that cluster there")
    if status == 403:
        return OperationError(f"{where}: the user of {variable} may not read it ({text}); use a cluster-admin kubeconfig")
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return OperationError(f"{where}: its certificate is not signed by the CA in {variable} ({text}): the kubeconfig "
                              "is another cluster's or its CA is out of date; use that cluster's own kubeconfig")
    if status is None:
        return OperationError(f"{where} is unreachable ({text}); check that its API server is up and reachable from "
                              f"here, and the server address in {variable}")
    return OperationError(f"{where} could not be read: {text}; check that its API server answers and that {variable} "
                          "holds working credentials")


def _platform(client: Any, cluster: str, params: dict[str, Any]) -> str:
    """The APIs the later stages need, and on OpenShift its release (returned)."""
    def served(kind: str, api_version: str) -> bool:
        # Discovery is cached between runs (kubernetes.core's client): an API removed since would
        # still be found there, so the answer is a one-item list of it.
        try:
            client.get(client.resource(kind, api_version), limit=1)
            return True
        except (ResourceNotFoundError, NotFoundError):
            return False

    problem = missing_apis(cluster, params["required_apis"] or [], served)
    if problem:
        raise InputError(problem)
    if not params["openshift_min_version"]:
        return ""
    kind, api_version, name = CLUSTER_VERSION
    instance = None
    if served(kind, api_version):
        try:
            instance = client.get(client.resource(kind, api_version), name=name).to_dict()
        except NotFoundError:
            instance = None
    problem = openshift_problem(cluster, instance, params["openshift_min_version"])
    if problem:
        raise InputError(problem)
    return openshift_release(instance)
