# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Monitor mode: one process watches every DPU health Lease of the tenant cluster.

A watch (list once, then changes) keeps a copy of each ovn-dpu-<host> Lease; every period the
monitor judges them all against the clock (lease.health). A change of state is logged, counted,
and put on the host's Node as an Event; with taint on, an expired host gets the
k8s.ovn.org/dpu-not-ready taint (for OVN-K <= 1.2, which has no Lease gating of its own).
While the API server is unreachable nothing is judged; once it answers again, every Lease gets
one lease duration from that moment to be renewed before it counts as expired.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from typing import Any, Callable

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import lease as leases
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.backoff import Backoff
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.config import WatchdogConfig, host_of, lease_name
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.kube import ApiCallError, TenantApi
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.metrics import Metrics

LOG = logging.getLogger("ovnk_dpu.lease_watchdog.monitor")
WATCH_SECONDS = 300
# Events per state entered: (reason, warning).
EVENTS = {
    leases.EXPIRED: ("DPULeaseExpired", True),
    leases.SKEWED: ("DPULeaseClockSkew", True),
    leases.MISSING: ("DPULeaseMissing", True),
    leases.HEALTHY: ("DPULeaseRecovered", False),
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Monitor:
    def __init__(self, cfg: WatchdogConfig, api: TenantApi, metrics: Metrics,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.cfg, self.api, self.metrics, self.clock = cfg, api, metrics, clock
        self.lock = threading.Lock()
        self.leases: dict[str, dict[str, Any]] = {}  # host -> its Lease, as last seen
        self.states: dict[str, str] = {}  # host -> the state last reported
        self.gone: set[str] = set()  # listed hosts whose Node was deleted (and Lease collected with it)
        self.taint_pending: set[str] = set()  # hosts whose taint could not be set yet (tried again each check)
        self.reachable = False
        self.api_back_at: datetime | None = None
        self.synced = threading.Event()
        self.last_tick = time.monotonic()

    # ------------------------------------------------------------------ the watch
    def watch_forever(self, stop: threading.Event) -> None:
        backoff = Backoff(initial=0.5, cap=max(self.cfg.period, 5.0))
        first = True
        while not stop.is_set():
            try:
                items, version = self.api.list_leases()
                self._replace_all(items)
                self._api_answered()
                if not first:
                    self.metrics.watch_restarts.inc()
                first = False
                backoff.reset()
                for kind, obj in self.api.watch_leases(version, WATCH_SECONDS):
                    self._apply(kind, obj)
                    if stop.is_set():
                        return
            except ApiCallError as e:
                self.metrics.api_errors.labels(verb=e.verb).inc()
                if not e.gone:
                    self._api_lost(str(e))
                stop.wait(backoff.next())

    def _replace_all(self, items: list[dict[str, Any]]) -> None:
        found = {}
        for item in items:
            host = host_of(item["metadata"]["name"])
            if host and self._tracks(host):
                found[host] = item
        with self.lock:
            self.leases = found
        self.synced.set()

    def _apply(self, kind: str, obj: dict[str, Any]) -> None:
        host = host_of((obj.get("metadata") or {}).get("name", ""))
        if not host or not self._tracks(host):
            return
        with self.lock:
            if kind == "DELETED":
                self.leases.pop(host, None)
            elif kind in ("ADDED", "MODIFIED"):
                self.leases[host] = obj

    def _tracks(self, host: str) -> bool:
        return not self.cfg.hosts or host in self.cfg.hosts

    def _api_answered(self) -> None:
        if not self.reachable:
            self.api_back_at = self.clock()
            LOG.info("tenant API server answers; every Lease has %ss from now to be renewed", self.cfg.lease_duration)
        self.reachable = True
        self.metrics.api_reachable.set(1)

    def _api_lost(self, error: str) -> None:
        if self.reachable:
            LOG.warning("tenant API server unreachable (%s): Lease states are held, not judged, until it answers", error)
        self.reachable = False
        self.metrics.api_reachable.set(0)

    # ------------------------------------------------------------------ judging
    def check(self) -> list[tuple[str, str, str]]:
        """Judge every Lease now; report and return the (host, before, after) changes."""
        self.last_tick = time.monotonic()
        if not self.reachable or not self.synced.is_set():
            return []
        now = self.clock()
        with self.lock:
            current = dict(self.leases)
        hosts = set(current) | set(self.cfg.hosts) | set(self.states)
        changes = []
        for host in sorted(hosts):
            health = leases.health(current.get(host), now, self.cfg.renew_interval, self.api_back_at)
            before = self.states.get(host)
            if health.state == leases.MISSING and self._node_gone(host):
                self._forget(host, before)
                continue
            self.gone.discard(host)
            self.metrics.set_state(host, health.state, health.age)
            if health.state != before:
                changes.append((host, before, health.state))
                self._report(host, before, health, now)
            elif host in self.taint_pending:
                self._reconcile_taint(host, health.state)
        return changes

    def _node_gone(self, host: str) -> bool:
        """A Lease is missing: is it because its Node was deleted? (Asked once per host.)"""
        if host not in self.cfg.hosts or host in self.gone:
            return True
        try:
            if self.api.get_node(host) is None:
                self.gone.add(host)
                return True
        except ApiCallError as e:
            self.metrics.api_errors.labels(verb=e.verb).inc()
        return False

    def _forget(self, host: str, before: str | None) -> None:
        """A Lease that went away on its own: its Node was deleted and the Lease collected with it
        (the monitor never recreates one). Not a fault: drop its series."""
        if before is not None:
            LOG.info("%s: Lease %s is gone; no longer watched", host, lease_name(host))
        self.states.pop(host, None)
        self.metrics.forget(host)

    def _report(self, host: str, before: str | None, health: leases.Health, now: datetime) -> None:
        self.states[host] = health.state
        name = f"{self.cfg.namespace}/{lease_name(host)}"
        if before is None and health.state == leases.HEALTHY:
            LOG.info("%s: Lease %s healthy (%s)", host, name, health.reason)
            self._reconcile_taint(host, health.state)
            return
        self.metrics.transitions.labels(host=host, to=health.state).inc()
        level = logging.INFO if health.state == leases.HEALTHY else logging.WARNING
        LOG.log(level, "%s: Lease %s %s -> %s (%s)", host, name, before or "unknown", health.state, health.reason)
        reason, warning = EVENTS[health.state]
        message = f"DPU health Lease {name} is {health.state}: {health.reason}"
        try:
            node = self.api.get_node(host)
            if node is not None:
                self.api.node_event(node, reason, message, warning, now)
        except ApiCallError as e:
            self.metrics.api_errors.labels(verb=e.verb).inc()
            LOG.warning("%s: could not record the Event: %s", host, e)
        self._reconcile_taint(host, health.state)

    def _reconcile_taint(self, host: str, state: str) -> None:
        if not self.cfg.taint:
            return
        try:
            node = self.api.get_node(host)
            if node is not None and self.api.set_taint(node, present=state != leases.HEALTHY):
                LOG.info("%s: %s the dpu-not-ready taint", host, "added" if state != leases.HEALTHY else "removed")
            self.taint_pending.discard(host)
        except ApiCallError as e:  # a conflict with another writer of the Node, or the API away
            self.metrics.api_errors.labels(verb=e.verb).inc()
            self.taint_pending.add(host)
            LOG.warning("%s: taint not reconciled yet (tried again next period): %s", host, e)
