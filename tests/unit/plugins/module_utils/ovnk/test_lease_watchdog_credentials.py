"""The watchdog's two credentials: the monitor's token waited for, the DPU side's handed-over Secret decoded;
missing ones named with their cluster (a check-mode run reads what is there and does not wait)."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import lease_watchdog_credentials as creds


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class FakeCluster:
    """Applier.get over a list of successive answers per Secret (the last one repeats)."""

    def __init__(self, answers: dict[str, list[dict | None]]) -> None:
        self.answers = answers
        self.reads = 0

    def get(self, kind, api_version, name, namespace=None):
        self.reads += 1
        found = self.answers.get(name, [None])
        return found.pop(0) if len(found) > 1 else found[0]


def secret(**data: str) -> dict:
    return {"metadata": {"name": "s"}, "data": data}


def test_the_monitor_token_is_waited_for_until_the_token_controller_fills_it(monkeypatch):
    monkeypatch.setattr(creds.time, "sleep", lambda _seconds: None)
    tenant = FakeCluster({"monitor-token": [secret(), secret(), secret(token=b64("tok"), **{"ca.crt": "Q0E="})]})
    found = creds.monitor_credential(tenant, "ns", "monitor-token", 30, check_mode=False)
    assert found == {"ca": "Q0E=", "token": "tok"}
    assert tenant.reads == 3


def test_a_token_that_never_comes_is_named_with_the_cluster_and_secret(monkeypatch):
    monkeypatch.setattr(creds.time, "sleep", lambda _seconds: None)
    clock = iter(range(0, 100, 10))
    monkeypatch.setattr(creds.time, "monotonic", lambda: next(clock))
    with pytest.raises(OperationError, match=r"the tenant cluster: Secret ns/monitor-token has no token after 30 s"):
        creds.monitor_credential(FakeCluster({"monitor-token": [secret()]}), "ns", "monitor-token", 30, False)


def test_check_mode_reads_once_and_does_not_wait():
    tenant = FakeCluster({})
    assert creds.monitor_credential(tenant, "ns", "monitor-token", 30, check_mode=True) == {"ca": "", "token": ""}
    assert tenant.reads == 1


def test_the_dpu_credential_is_decoded_from_the_handed_over_secret():
    infra = FakeCluster({"dpu": [secret(apiserver=b64("https://api:6443"), token=b64("t"), **{"ca.crt": "Q0E="})]})
    found = creds.dpu_credential(infra, "ns", "dpu", check_mode=False)
    assert found == {"server": "https://api:6443", "ca": "Q0E=", "token": "t"}


def test_a_missing_dpu_credential_names_the_stage_that_makes_it_but_not_in_check_mode():
    with pytest.raises(OperationError, match=r"the infra cluster: Secret ns/dpu does not exist.*playbooks/ovnk.yml"):
        creds.dpu_credential(FakeCluster({}), "ns", "dpu", check_mode=False)
    assert creds.dpu_credential(FakeCluster({}), "ns", "dpu", check_mode=True) == creds.EMPTY
