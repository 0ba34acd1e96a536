"""A cluster that cannot be read: one line naming the cluster, its address, the kubeconfig and the fix."""

from __future__ import annotations

import pytest
from kubernetes.client.exceptions import ApiException
from urllib3.exceptions import MaxRetryError, NewConnectionError, SSLError

from ansible_collections.ovnk.dpu.plugins.module_utils.clusters.cluster_check import api_failure


def _refused() -> Exception:
    return MaxRetryError(None, "/version", NewConnectionError(None, "Connection refused"))


@pytest.mark.parametrize("error, expected", [
    (ApiException(status=401, reason="Unauthorized"), "the tenant cluster (https://a:6443) refused the credentials in "
                                                      "ovnk_dpu_tenant_kubeconfig (401 Unauthorized): they are expired"),
    (ApiException(status=403, reason="Forbidden"), "the user of ovnk_dpu_tenant_kubeconfig may not read it (403 "
                                                   "Forbidden); use a cluster-admin kubeconfig"),
    (MaxRetryError(None, "/version", SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")),
     "its certificate is not signed by the CA in ovnk_dpu_tenant_kubeconfig"),
    (_refused(), "the tenant cluster (https://a:6443) is unreachable"),
])
def test_each_failure_says_what_to_fix(error, expected):
    assert expected in str(api_failure("tenant", "https://a:6443", error))
