# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A DPU health Lease (ovn-dpu-<host>) as OVN-K's dpulease package defines it: its health at a
moment, the object a renewer creates, and the update that renews it. Pure: dicts in the API's
own (camelCase) form, times as aware datetimes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

HEALTHY, EXPIRED, SKEWED, MISSING = "healthy", "expired", "skewed", "missing"
STATES = (HEALTHY, EXPIRED, SKEWED, MISSING)


@dataclass(frozen=True)
class Health:
    state: str
    # Seconds since the last renewal (negative: renewed "in the future"); None without a renewTime.
    age: float | None
    reason: str


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 (Micro)Time, or a datetime the client already made, as an aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def format_time(moment: datetime) -> str:
    """A MicroTime as the API server writes it."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def health(lease: dict[str, Any] | None, now: datetime, skew_tolerance: float,
           not_before: datetime | None = None) -> Health:
    """A Lease's health at now, as OVN-K's isExpired has it (renewTime + duration < now), and:

    - a renewTime more than skew_tolerance ahead of now is SKEWED (the renewer's clock runs ahead:
      such a Lease would look healthy long after its renewer stopped);
    - not_before (when the API server came back after an outage) counts as the earliest renewal,
      so leases nobody could renew while it was away are not called expired at once.
    """
    if lease is None:
        return Health(MISSING, None, "no Lease")
    spec = lease.get("spec") or {}
    renewed, duration = parse_time(spec.get("renewTime")), spec.get("leaseDurationSeconds")
    if renewed is None or not duration:
        return Health(EXPIRED, None, "missing renew time or duration")
    age = (now - renewed).total_seconds()
    if age < -skew_tolerance:
        return Health(SKEWED, age, f"renewed {-age:.1f}s in the future: the renewer's clock is ahead")
    effective = max(renewed, not_before) if not_before else renewed
    if (now - effective).total_seconds() > duration:
        return Health(EXPIRED, age, f"expired at {format_time(_plus(renewed, duration))}")
    return Health(HEALTHY, age, f"renewed {max(age, 0.0):.1f}s ago")


def _plus(moment: datetime, seconds: float) -> datetime:
    return datetime.fromtimestamp(moment.timestamp() + seconds, tz=timezone.utc)


def new_lease(name: str, namespace: str, holder: str, duration: float, now: datetime,
              node_name: str, node_uid: str) -> dict[str, Any]:
    """The Lease a renewer creates when it is missing, as OVN-K's newLease: owned by the host's
    Node (garbage-collected with it)."""
    return {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node_name, "uid": node_uid,
                                 "controller": True, "blockOwnerDeletion": False}],
        },
        "spec": renewed_spec(holder, duration, now, acquired=True),
    }


def renewed_spec(holder: str, duration: float, now: datetime, acquired: bool = False) -> dict[str, Any]:
    """The spec fields one renewal writes (and, when it takes the Lease over, acquireTime)."""
    spec: dict[str, Any] = {"holderIdentity": holder, "leaseDurationSeconds": int(duration),
                            "renewTime": format_time(now)}
    if acquired:
        spec["acquireTime"] = format_time(now)
    return spec


def held_by_other(lease: dict[str, Any] | None, holder: str) -> str | None:
    """The Lease's holder when it is not us (OVN-K's dpu-mode updater holds it as ovnkube-dpu-node)."""
    other = ((lease or {}).get("spec") or {}).get("holderIdentity")
    return other if other not in (None, "", holder) else None


def renewed_between(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """Whether the Lease was renewed between two reads: someone keeps it fresh. (OVN-K's dpu-host
    creates it with renewTime=now, so one fresh read alone proves no renewer.)"""
    if not before or not after:
        return False
    first = parse_time((before.get("spec") or {}).get("renewTime"))
    second = parse_time((after.get("spec") or {}).get("renewTime"))
    return bool(first and second and second > first)
