# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Renew mode: on a DPU, renew its host's health Lease every interval while the DPU's local
checks pass, as OVN-K's dpu-mode updater (RunUpdater) does from v1.3 on. For the lab (hollow
ovnkube) and for OVN-K <= 1.2. Where OVN-K's own updater keeps the Lease fresh, it refuses to run.

A missing Lease is created, owned by the host's Node, as OVN-K's updater does; a missing Node is
not: its Lease was garbage-collected with it, on purpose.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import checks as local_checks
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import lease as leases
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.config import WatchdogConfig, lease_name
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.kube import ApiCallError, TenantApi
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.metrics import Metrics

LOG = logging.getLogger("ovnk_dpu.lease_watchdog.renew")
CHECK_NAMES = ("representors", "ovs", "command")


class RenewRefused(RuntimeError):
    """Another renewer (OVN-K's own) keeps the Lease fresh: two would fight over it."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Renewer:
    def __init__(self, cfg: WatchdogConfig, api: TenantApi, metrics: Metrics,
                 clock: Callable[[], datetime] = utcnow,
                 run_checks: Callable[[Any], dict[str, str]] = local_checks.failing) -> None:
        self.cfg, self.api, self.metrics, self.clock, self.run_checks = cfg, api, metrics, clock, run_checks
        self.name = lease_name(cfg.host)
        self.failing: dict[str, str] = {}
        self.last_tick = time.monotonic()
        self.last_written: str | None = None  # the renewTime of our last write

    def refuse_if_renewed_by_other(self, stop: threading.Event) -> None:
        """Before the first renewal: if the Lease is held by someone else, watch it for one
        interval; renewed meanwhile means OVN-K's updater runs, and this one must not."""
        before = self.api.get_lease(self.name)
        other = leases.held_by_other(before, self.cfg.holder_identity)
        if not other:
            return
        stop.wait(self.cfg.renew_interval + 0.5)
        after = self.api.get_lease(self.name)
        if leases.held_by_other(after, self.cfg.holder_identity) and leases.renewed_between(before, after):
            raise RenewRefused(self._refusal(leases.held_by_other(after, self.cfg.holder_identity)))

    def _refusal(self, other: str | None) -> str:
        return (f"Lease {self.cfg.namespace}/{self.name} is renewed by {other} (OVN-K's own dpu-mode updater, "
                "v1.3 and later): the watchdog's renew mode is for OVN-K <= 1.2 and the lab; run its monitor "
                "mode instead, or remove this renewer")

    def tick(self) -> str:
        """One round: checks, then a renewal. Returns what happened (for logs and tests)."""
        self.last_tick = time.monotonic()
        failing = self.run_checks(self.cfg.checks)
        self._report_checks(failing)
        if failing:
            return "checks failing: " + "; ".join(f"{k}: {v}" for k, v in sorted(failing.items()))
        current = self.api.get_lease(self.name)
        now = self.clock()
        if current is None:
            return self._create(now)
        other = leases.held_by_other(current, self.cfg.holder_identity)
        renewed = ((current.get("spec") or {}).get("renewTime"))
        if other and self.last_written is not None and renewed != self.last_written:
            raise RenewRefused(self._refusal(other))
        current["spec"] = {**(current.get("spec") or {}),
                           **leases.renewed_spec(self.cfg.holder_identity, self.cfg.lease_duration, now,
                                                 acquired=bool(other) or not current.get("spec"))}
        try:
            written = self.api.replace_lease(current)
        except ApiCallError as e:
            if e.conflict:  # changed since we read it: the next round reads it again
                return "conflict"
            raise
        self.last_written = written["spec"]["renewTime"]
        self.metrics.renewals.labels(host=self.cfg.host).inc()
        return "renewed"

    def _create(self, now: datetime) -> str:
        node = self.api.get_node(self.cfg.host)
        if node is None:
            return f"Node {self.cfg.host} is gone: its Lease is not recreated"
        body = leases.new_lease(self.name, self.cfg.namespace, self.cfg.holder_identity, self.cfg.lease_duration,
                                now, self.cfg.host, node["metadata"]["uid"])
        try:
            written = self.api.create_lease(body)
        except ApiCallError as e:
            if e.conflict:  # created meanwhile (by the dpu-host side): renew it next round
                return "conflict"
            raise
        self.last_written = written["spec"]["renewTime"]
        self.metrics.renewals.labels(host=self.cfg.host).inc()
        LOG.info("%s: created Lease %s/%s (owned by Node %s)", self.cfg.host, self.cfg.namespace, self.name,
                 self.cfg.host)
        return "created"

    def _report_checks(self, failing: dict[str, str]) -> None:
        for check in CHECK_NAMES:
            self.metrics.checks_failing.labels(host=self.cfg.host, check=check).set(1 if check in failing else 0)
        if failing and not self.failing:
            LOG.warning("%s: stopped renewing: %s", self.cfg.host,
                        "; ".join(f"{k}: {v}" for k, v in sorted(failing.items())))
        elif self.failing and not failing:
            LOG.info("%s: checks pass again: renewing", self.cfg.host)
        self.failing = failing
