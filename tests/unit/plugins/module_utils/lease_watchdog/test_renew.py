from __future__ import annotations

import threading

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import config
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.metrics import Metrics
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.renew import Renewer, RenewRefused

from watchdog_fakes import Clock, FakeApi


@pytest.fixture()
def setup(tmp_path):
    kubeconfig = tmp_path / "k"
    kubeconfig.write_text("{}")

    def make(failing=None):
        cfg = config.parse({"mode": "renew", "kubeconfig": str(kubeconfig), "renew_interval": 0.01,
                            "lease_duration": 4, "hosts": ["host-0"]})
        clock, api = Clock(), FakeApi(["host-0"])
        state = {"failing": failing or {}}
        renewer = Renewer(cfg, api, Metrics("renew"), clock=clock, run_checks=lambda _c: state["failing"])
        return renewer, api, clock, state
    return make


def test_renews_while_checks_pass_and_stops_when_one_fails(setup, caplog):
    renewer, api, clock, state = setup()
    assert renewer.tick() == "created"
    lease = api.leases["ovn-dpu-host-0"]
    assert lease["metadata"]["ownerReferences"][0]["uid"] == "uid-host-0"
    clock.advance(1)
    assert renewer.tick() == "renewed"
    assert api.leases["ovn-dpu-host-0"]["spec"]["renewTime"] == "2026-12-01T12:00:01.000000Z"
    state["failing"] = {"representors": "representors missing: rep0-0"}
    assert renewer.tick().startswith("checks failing: representors")
    assert api.writes == 2 and "stopped renewing: representors: representors missing: rep0-0" in caplog.text
    assert renewer.metrics.registry.get_sample_value("ovnk_dpu_lease_checks_failing",
                                                     {"host": "host-0", "check": "representors"}) == 1


def test_a_missing_node_is_not_given_a_lease(setup):
    renewer, api, _clock, _state = setup()
    del api.nodes["host-0"]
    assert renewer.tick() == "Node host-0 is gone: its Lease is not recreated"
    assert api.leases == {}


def test_a_lease_the_dpu_host_created_is_taken_over(setup):
    renewer, api, clock, _state = setup()
    api.put_lease("host-0", clock.now, holder="ovnkube-dpu-node")  # created by dpu-host, nobody renews it
    renewer.refuse_if_renewed_by_other(threading.Event())
    clock.advance(1)
    assert renewer.tick() == "renewed"
    assert api.leases["ovn-dpu-host-0"]["spec"]["holderIdentity"] == "ovnk-dpu-lease-watchdog"


def test_refuses_where_ovnks_own_updater_renews(setup):
    renewer, api, clock, _state = setup()
    api.put_lease("host-0", clock.now, holder="ovnkube-dpu-node")

    class Renewing(threading.Event):
        def wait(self, timeout=None):  # OVN-K's updater renews while we look
            clock.advance(timeout)
            api.put_lease("host-0", clock.now, holder="ovnkube-dpu-node")
            return False

    with pytest.raises(RenewRefused, match="renewed by ovnkube-dpu-node .*run its monitor mode instead"):
        renewer.refuse_if_renewed_by_other(Renewing())
