# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""dpu_lease_info: each DPU host's health Lease on the tenant cluster, judged as the lease
watchdog judges it (lease_watchdog/lease.py), one row per pair."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import lease as leases
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.config import lease_name


def row(host: str, dpu: str | None, found: dict[str, Any] | None, now: datetime, tolerance: float) -> dict[str, Any]:
    health = leases.health(found, now, tolerance)
    spec = (found or {}).get("spec") or {}
    owners = (found or {}).get("metadata", {}).get("ownerReferences") or []
    return {
        "host": host,
        "dpu": dpu,
        "lease": lease_name(host),
        "state": health.state,
        "healthy": health.state == leases.HEALTHY,
        "seconds_since_renew": round(health.age, 1) if health.age is not None else None,
        "holder": spec.get("holderIdentity"),
        "renew_time": spec.get("renewTime"),
        "duration": spec.get("leaseDurationSeconds"),
        "owner": next((o.get("name") for o in owners if o.get("kind") == "Node"), None),
        "reason": health.reason,
    }


def run(module: Any) -> dict[str, Any]:
    params = module.params
    tenant = Applier(module, cluster="tenant")
    hosts = params["hosts"] or sorted(params["pairs"])
    now = datetime.now(timezone.utc)
    rows = []
    for host in hosts:
        found = tenant.get("Lease", "coordination.k8s.io/v1", lease_name(host), params["namespace"])
        rows.append(row(host, (params["pairs"] or {}).get(host), found, now, params["skew_tolerance"]))
    return {"changed": False, "leases": rows, "healthy": all(r["healthy"] for r in rows),
            "unhealthy": [r["host"] for r in rows if not r["healthy"]]}
