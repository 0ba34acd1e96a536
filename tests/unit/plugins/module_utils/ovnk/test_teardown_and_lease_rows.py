"""Pieces of the teardown and the upgrade's Lease wait: zone labels taken off, a Lease renewed before
a DPU went down not counted as its renewal after."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.base_objects import zone_patches
from ansible_collections.ovnk.dpu.plugins.module_utils.report.dpu_lease_info import row, time_option

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=timezone.utc)


def lease(renewed: datetime) -> dict:
    return {"spec": {"renewTime": renewed.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "leaseDurationSeconds": 40},
            "metadata": {"ownerReferences": [{"kind": "Node", "name": "host-0"}]}}


def test_zone_labels_are_set_where_missing_and_taken_off_on_teardown():
    nodes = {"host-0": {"labels": {"k8s.ovn.org/zone-name": "host-0"}}, "host-1": {"labels": {}}}
    assert zone_patches(nodes) == {"host-1": {"metadata": {"labels": {"k8s.ovn.org/zone-name": "host-1"}}}}
    assert zone_patches(nodes, present=False) == {"host-0": {"metadata": {"labels": {"k8s.ovn.org/zone-name": None}}}}


def test_a_lease_renewed_before_the_dpu_went_down_is_not_healthy_yet():
    down = NOW - timedelta(seconds=5)
    old = row("host-0", "dpu-0", lease(NOW - timedelta(seconds=8)), NOW, 10, renewed_after=down)
    assert old["state"] == "healthy" and not old["healthy"] and "not renewed since" in old["reason"]
    new = row("host-0", "dpu-0", lease(NOW - timedelta(seconds=2)), NOW, 10, renewed_after=down)
    assert new["healthy"]
    assert row("host-0", "dpu-0", lease(NOW - timedelta(seconds=8)), NOW, 10)["healthy"]


def test_renewed_after_must_be_a_time():
    assert time_option("renewed_after", "2026-12-02T03:00:00Z") == NOW
    with pytest.raises(InputError, match="renewed_after: 'yesterday' is not a time; use RFC 3339"):
        time_option("renewed_after", "yesterday")


def test_stale_leases_are_those_of_hosts_neither_paired_nor_annotated():
    from ansible_collections.ovnk.dpu.plugins.module_utils.report.dpu_lease_info import stale_leases  # pylint: disable=import-outside-toplevel

    present = {name: {} for name in ("ovn-dpu-host-0", "ovn-dpu-host-1", "ovn-dpu-host-9", "ovn-kubernetes-master")}
    nodes = {"host-1": {"metadata": {"annotations": {"ovnk.dpu/peer": "dpu-1"}}}, "host-9": {"metadata": {}}}
    assert stale_leases(present, {"host-0": "dpu-0"}, nodes) == ["ovn-dpu-host-9"]
