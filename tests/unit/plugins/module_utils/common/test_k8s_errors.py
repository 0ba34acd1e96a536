"""Failed API calls end as one line that names the cluster, the verb and the object."""

from __future__ import annotations

import json

import pytest
from kubernetes.client.exceptions import ApiException
from urllib3.exceptions import MaxRetryError

from ansible_collections.ovnk.dpu.plugins.module_utils.common import k8s
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import OperationError


def api_error(status: int, message: str) -> ApiException:
    error = ApiException(status=status, reason="Not Found")
    error.body = json.dumps({"kind": "Status", "message": message})
    return error


def test_the_api_servers_own_message_is_kept():
    assert k8s.describe_api_error(api_error(404, 'namespaces "x" not found')) == '404 namespaces "x" not found'


def test_kubernetes_cores_wrapping_is_seen_through():
    try:
        try:
            raise api_error(403, 'serviceaccounts "a" is forbidden')
        except ApiException as e:
            raise k8s.CoreException(f"Failed to apply object: {e.body}") from e
    except k8s.CoreException as wrapped:
        assert k8s.describe_api_error(wrapped) == '403 serviceaccounts "a" is forbidden'


def test_an_unreachable_server_is_its_first_line():
    error = MaxRetryError(None, "https://127.0.0.1:1/api", "Connection refused\nmore")
    assert k8s.describe_api_error(error).startswith("HTTPSConnectionPool") or "Connection refused" in \
        k8s.describe_api_error(error)
    assert "\n" not in k8s.describe_api_error(error)


@pytest.mark.parametrize("cluster, where", [("tenant", "the tenant cluster"), ("", "the cluster")])
def test_a_failed_call_names_cluster_verb_and_object(cluster, where):
    applier = k8s.Applier.__new__(k8s.Applier)  # no client needed: only the error path is exercised
    applier.where = f"the {cluster} cluster" if cluster else "the cluster"
    with pytest.raises(OperationError) as err:
        with applier.calling("apply", k8s.object_name("ServiceAccount", "sa", "ns")):
            raise api_error(404, 'namespaces "ns" not found')
    assert str(err.value) == f'{where}: apply ServiceAccount ns/sa: 404 namespaces "ns" not found'
    assert k8s.object_name("Node", "host-0") == "Node host-0"
