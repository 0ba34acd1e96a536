from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import config
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.kube import ApiCallError
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.metrics import Metrics
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.monitor import Monitor

from watchdog_fakes import Clock, FakeApi


@pytest.fixture()
def setup(tmp_path):
    kubeconfig = tmp_path / "k"
    kubeconfig.write_text("{}")

    def make(**settings):
        cfg = config.parse({"mode": "monitor", "kubeconfig": str(kubeconfig), "renew_interval": 1,
                            "lease_duration": 4, **settings})
        clock, api = Clock(), FakeApi(["host-0", "host-1"])
        monitor = Monitor(cfg, api, Metrics("monitor"), clock=clock)
        return monitor, api, clock
    return make


def sync(monitor: Monitor, api: FakeApi) -> None:
    """What the watch thread does: the Leases as the API has them."""
    monitor._replace_all(api.list_leases()[0])
    monitor._api_answered()


def sample(monitor: Monitor, name: str, **labels) -> float | None:
    return monitor.metrics.registry.get_sample_value(name, labels)


def test_expiry_and_recovery_are_events_log_lines_and_metrics(setup, caplog):
    monitor, api, clock = setup()
    api.put_lease("host-0", clock.now)
    sync(monitor, api)
    assert monitor.check() == [("host-0", None, "healthy")]
    assert api.events == []  # a healthy start is not news
    clock.advance(4.5)
    assert monitor.check() == [("host-0", "healthy", "expired")]
    assert api.events[-1][:2] == ("host-0", "DPULeaseExpired")
    assert "ovn-kubernetes/ovn-dpu-host-0 healthy -> expired" in caplog.text
    assert sample(monitor, "ovnk_dpu_lease_state", host="host-0", state="expired") == 1
    assert sample(monitor, "ovnk_dpu_lease_transitions_total", host="host-0", to="expired") == 1
    api.put_lease("host-0", clock.now)
    sync(monitor, api)
    assert monitor.check() == [("host-0", "expired", "healthy")]
    assert api.events[-1][:2] == ("host-0", "DPULeaseRecovered")
    assert monitor.check() == []  # no change, no news


def test_nothing_is_judged_while_the_api_is_away_and_leases_get_a_duration_after(setup):
    monitor, api, clock = setup()
    api.put_lease("host-0", clock.now)
    sync(monitor, api)
    monitor.check()
    monitor._api_lost("connection refused")
    clock.advance(30)
    assert monitor.check() == []
    assert sample(monitor, "ovnk_dpu_lease_watchdog_api_reachable") == 0
    sync(monitor, api)  # back: the Lease is 30 s old, but nobody could renew it meanwhile
    assert monitor.check() == []
    clock.advance(4.5)
    assert monitor.check() == [("host-0", "healthy", "expired")]


def test_a_future_renewal_is_reported(setup):
    monitor, api, clock = setup()
    clock.advance(60)
    api.put_lease("host-0", clock.now)
    clock.advance(-60)
    sync(monitor, api)
    assert monitor.check() == [("host-0", None, "skewed")]
    assert api.events[-1][1] == "DPULeaseClockSkew"


def test_a_lease_whose_node_is_gone_is_forgotten_not_reported(setup):
    monitor, api, clock = setup(hosts=["host-0", "host-1"])
    api.put_lease("host-0", clock.now)
    api.put_lease("host-1", clock.now)
    sync(monitor, api)
    monitor.check()
    del api.nodes["host-1"], api.leases["ovn-dpu-host-1"]  # the Node went, the GC took its Lease
    del api.leases["ovn-dpu-host-0"]  # deleted by hand: the Node is there
    sync(monitor, api)
    assert monitor.check() == [("host-0", "healthy", "missing")]
    assert [e[1] for e in api.events] == ["DPULeaseMissing"]
    assert sample(monitor, "ovnk_dpu_lease_state", host="host-1", state="healthy") is None
    assert "ovn-dpu-host-1" not in api.leases  # never recreated by the monitor


def test_the_optional_taint_follows_the_state(setup):
    monitor, api, clock = setup(taint=True)
    api.put_lease("host-0", clock.now)
    sync(monitor, api)
    monitor.check()
    assert api.nodes["host-0"]["spec"].get("taints", []) == []
    clock.advance(5)
    monitor.check()
    assert api.nodes["host-0"]["spec"]["taints"] == [{"key": "k8s.ovn.org/dpu-not-ready", "effect": "NoSchedule"}]
    api.put_lease("host-0", clock.now)
    sync(monitor, api)
    monitor.check()
    assert api.nodes["host-0"]["spec"]["taints"] == []


def test_a_taint_that_could_not_be_set_is_tried_again(setup):
    monitor, api, clock = setup(taint=True)
    api.put_lease("host-0", clock.now)
    sync(monitor, api)
    monitor.check()
    clock.advance(5)
    real = api.set_taint

    def conflict(node, present):  # another writer changed the Node meanwhile  # pylint: disable=unused-argument
        raise ApiCallError("patch", "Node host-0", Conflict())

    api.set_taint = conflict
    monitor.check()
    assert api.nodes["host-0"]["spec"].get("taints", []) == [] and "host-0" in monitor.taint_pending
    api.set_taint = real
    monitor.check()  # no change of state, but the taint is owed
    assert api.nodes["host-0"]["spec"]["taints"] == [{"key": "k8s.ovn.org/dpu-not-ready", "effect": "NoSchedule"}]


class Conflict(Exception):
    status = 409
