# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""dpu_lease_info: each DPU host's health Lease on the tenant cluster, judged as the lease
watchdog judges it (lease_watchdog/lease.py), one row per pair."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import PEER_ANNOTATION
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import lease as leases
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.config import LEASE_PREFIX, lease_name
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import AUTH_ARG_SPEC

# The module's wiring (plugins/modules/dpu_lease_info.py runs run_entry on this file).
ARGUMENT_SPEC = {
    **AUTH_ARG_SPEC,
    "hosts": {"type": "list", "elements": "str", "default": []},
    "pairs": {"type": "dict", "default": {}},
    "namespace": {"type": "str", "default": "ovn-kubernetes"},
    "skew_tolerance": {"type": "float", "default": 10.0},
    "renewed_after": {"type": "str"},
    "stale": {"type": "bool", "default": False},
}
KUBE = True


def row(host: str, dpu: str | None, found: dict[str, Any] | None, now: datetime, tolerance: float,
        renewed_after: datetime | None = None) -> dict[str, Any]:
    health = leases.health(found, now, tolerance)
    spec = (found or {}).get("spec") or {}
    owners = (found or {}).get("metadata", {}).get("ownerReferences") or []
    renewed = leases.parse_time(spec.get("renewTime"))
    if health.state == leases.HEALTHY and renewed_after and (renewed is None or renewed <= renewed_after):
        health = leases.Health(leases.HEALTHY, health.age, f"not renewed since {leases.format_time(renewed_after)} "
                                                           f"(last {health.reason})")
        fresh = False
    else:
        fresh = True
    return {
        "host": host,
        "dpu": dpu,
        "lease": lease_name(host),
        "state": health.state,
        "healthy": health.state == leases.HEALTHY and fresh,
        "seconds_since_renew": round(health.age, 1) if health.age is not None else None,
        "holder": spec.get("holderIdentity"),
        "renew_time": spec.get("renewTime"),
        "duration": spec.get("leaseDurationSeconds"),
        "owner": next((o.get("name") for o in owners if o.get("kind") == "Node"), None),
        "reason": health.reason,
    }


def time_option(name: str, value: str | None) -> datetime | None:
    try:
        return leases.parse_time(value)
    except ValueError:
        raise InputError(f"{name}: {value!r} is not a time; use RFC 3339, e.g. 2026-12-01T12:00:00Z") from None


def run(module: Any) -> dict[str, Any]:
    """One list of the namespace's Leases (not a read per host); with stale, also the Nodes."""
    params = module.params
    tenant = Applier(module, cluster="tenant")
    hosts = params["hosts"] or sorted(params["pairs"])
    now = datetime.now(timezone.utc)
    renewed_after = time_option("renewed_after", params["renewed_after"])
    present = {item["metadata"]["name"]: item
               for item in tenant.items("Lease", "coordination.k8s.io/v1", params["namespace"], "")}
    rows = [row(host, (params["pairs"] or {}).get(host), present.get(lease_name(host)), now, params["skew_tolerance"],
                renewed_after) for host in hosts]
    result = {"changed": False, "leases": rows, "healthy": all(r["healthy"] for r in rows),
              "unhealthy": [r["host"] for r in rows if not r["healthy"]]}
    if params["stale"]:
        result["stale"] = stale_leases(present, params["pairs"] or {}, tenant.nodes())
    return result


def stale_leases(present: dict[str, dict], pairs: dict[str, Any], nodes: dict[str, dict]) -> list[str]:
    """The DPU health Leases of hosts no longer paired: neither the inventory pairs the host nor its Node carries
    the pairing's annotation. Nobody renews them, and a monitor or OVN-K would read each as a DPU down."""
    annotated = {name for name, node in nodes.items()
                 if PEER_ANNOTATION in (node["metadata"].get("annotations") or {})}
    return sorted(name for name in present
                  if name.startswith(LEASE_PREFIX) and name[len(LEASE_PREFIX):] not in set(pairs) | annotated)
