from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import lease

NOW = datetime(2026, 12, 1, 12, 0, 0, tzinfo=timezone.utc)


def held(renewed: datetime | None, duration: int = 40, holder: str = "ovnk-dpu-lease-watchdog") -> dict:
    spec = {"holderIdentity": holder, "leaseDurationSeconds": duration}
    if renewed:
        spec["renewTime"] = lease.format_time(renewed)
    return {"metadata": {"name": "ovn-dpu-host-0"}, "spec": spec}


def test_expired_exactly_as_ovnk_has_it():
    assert lease.health(held(NOW - timedelta(seconds=40)), NOW, 10).state == lease.HEALTHY
    expired = lease.health(held(NOW - timedelta(seconds=40.5)), NOW, 10)
    assert expired.state == lease.EXPIRED and expired.reason == "expired at 2026-12-01T11:59:59.500000Z"
    assert lease.health(held(None), NOW, 10) == lease.Health(lease.EXPIRED, None, "missing renew time or duration")
    assert lease.health(None, NOW, 10).state == lease.MISSING


def test_a_renewal_from_the_future_is_reported_not_trusted():
    skewed = lease.health(held(NOW + timedelta(seconds=30)), NOW, 10)
    assert skewed.state == lease.SKEWED and "30.0s in the future" in skewed.reason
    # Within the tolerance (one renew interval) it is ordinary clock jitter.
    assert lease.health(held(NOW + timedelta(seconds=5)), NOW, 10).state == lease.HEALTHY


def test_after_an_api_outage_leases_get_one_duration_from_its_end():
    stale = held(NOW - timedelta(seconds=90))
    assert lease.health(stale, NOW, 10).state == lease.EXPIRED
    assert lease.health(stale, NOW, 10, not_before=NOW - timedelta(seconds=5)).state == lease.HEALTHY
    assert lease.health(stale, NOW, 10, not_before=NOW - timedelta(seconds=41)).state == lease.EXPIRED


def test_a_created_lease_is_owned_by_the_hosts_node():
    body = lease.new_lease("ovn-dpu-host-0", "ovn-kubernetes", "ovnk-dpu-lease-watchdog", 40, NOW, "host-0", "uid-1")
    assert body["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Node", "name": "host-0",
                                                    "uid": "uid-1", "controller": True, "blockOwnerDeletion": False}]
    assert body["spec"] == {"holderIdentity": "ovnk-dpu-lease-watchdog", "leaseDurationSeconds": 40,
                            "renewTime": "2026-12-01T12:00:00.000000Z", "acquireTime": "2026-12-01T12:00:00.000000Z"}


def test_ovnks_own_updater_is_told_apart_by_holder_and_renewals():
    ours, theirs = held(NOW), held(NOW, holder="ovnkube-dpu-node")
    assert lease.held_by_other(ours, "ovnk-dpu-lease-watchdog") is None
    assert lease.held_by_other(theirs, "ovnk-dpu-lease-watchdog") == "ovnkube-dpu-node"
    later = held(NOW + timedelta(seconds=10), holder="ovnkube-dpu-node")
    assert lease.renewed_between(theirs, later) and not lease.renewed_between(theirs, theirs)
