# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The watchdog's Prometheus metrics and its HTTP endpoint (/metrics, /healthz), on loopback
by default. Metric names are listed once here; the shipped dashboard and alert rules use them
(a test checks every query against METRIC_NAMES)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

try:
    from prometheus_client import CollectorRegistry, Counter, Gauge
    from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
except ImportError:  # pragma: no cover - service.main names the missing library
    CollectorRegistry = Counter = Gauge = generate_latest = None
    CONTENT_TYPE_LATEST = "text/plain"

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.lease import STATES

PREFIX = "ovnk_dpu_lease"


class Metrics:
    """One registry per watchdog process (tests run several in one interpreter)."""

    def __init__(self, mode: str) -> None:
        self.registry = CollectorRegistry()
        self.mode = mode
        labels = ["host"]
        self.state = Gauge(f"{PREFIX}_state", "1 for the state the host's DPU Lease is in (healthy, expired, "
                           "skewed, missing), 0 for the others", labels + ["state"], registry=self.registry)
        self.age = Gauge(f"{PREFIX}_seconds_since_renew", "Seconds since the host's DPU Lease was last renewed",
                         labels, registry=self.registry)
        self.transitions = Counter(f"{PREFIX}_transitions", "Changes of a host's DPU Lease state, by the state "
                                   "entered", labels + ["to"], registry=self.registry)
        self.renewals = Counter(f"{PREFIX}_renewals", "Renewals this watchdog wrote", labels, registry=self.registry)
        self.checks_failing = Gauge(f"{PREFIX}_checks_failing", "1 while a local DPU health check fails (renew "
                                    "mode), by check", labels + ["check"], registry=self.registry)
        self.api_errors = Counter(f"{PREFIX}_watchdog_api_errors", "Failed Kubernetes API calls, by verb",
                                  ["verb"], registry=self.registry)
        self.api_requests = Counter(f"{PREFIX}_watchdog_api_requests", "Requests sent to the tenant API server, "
                                    "by verb (a watch counts once, when it starts)", ["verb"], registry=self.registry)
        self.watch_restarts = Counter(f"{PREFIX}_watchdog_watch_restarts", "Times the Lease watch was started "
                                      "again (expired resourceVersion, dropped connection)", registry=self.registry)
        self.api_reachable = Gauge(f"{PREFIX}_watchdog_api_reachable", "1 while the tenant API server answers",
                                   registry=self.registry)
        self.up = Gauge(f"{PREFIX}_watchdog_up", "1 while the watchdog runs, by mode", ["mode"],
                        registry=self.registry)
        self.up.labels(mode=mode).set(1)

    def set_state(self, host: str, state: str, age: float | None) -> None:
        for name in STATES:
            self.state.labels(host=host, state=name).set(1 if name == state else 0)
        if age is not None:
            self.age.labels(host=host).set(age)

    def forget(self, host: str) -> None:
        """A host whose Lease is gone for good (its Node was deleted): no stale series."""
        for name in STATES:
            self._remove(self.state, host, name)
        self._remove(self.age, host)

    @staticmethod
    def _remove(metric, *labels: str) -> None:
        try:
            metric.remove(*labels)
        except KeyError:
            pass


NAMES = ("state", "seconds_since_renew", "transitions_total", "renewals_total", "checks_failing",
         "watchdog_api_errors_total", "watchdog_api_requests_total", "watchdog_watch_restarts_total", "watchdog_api_reachable", "watchdog_up")
METRIC_NAMES = tuple(f"{PREFIX}_{n}" for n in NAMES)


class Endpoint:
    """/metrics and /healthz. Healthy while the watchdog's loop ticked within stale_after seconds."""

    def __init__(self, metrics: Metrics, address: str, port: int, stale_after: float,
                 last_tick: Callable[[], float]) -> None:
        self.metrics, self.stale_after, self.last_tick = metrics, stale_after, last_tick
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                endpoint.answer(self)

            def log_message(self, format, *args) -> None:  # pylint: disable=redefined-builtin
                pass

        # Binding here: a port in use fails the start with OSError, before any work.
        self.server = ThreadingHTTPServer((address, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="metrics", daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        if request.path == "/metrics":
            self._send(request, 200, generate_latest(self.metrics.registry), CONTENT_TYPE_LATEST)
        elif request.path in ("/healthz", "/readyz"):
            since = time.monotonic() - self.last_tick()
            ok = since <= self.stale_after
            body = f"{'ok' if ok else 'stalled'}: last loop {since:.1f}s ago\n".encode()
            self._send(request, 200 if ok else 503, body, "text/plain")
        else:
            self._send(request, 404, b"not found: /metrics, /healthz\n", "text/plain")

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, code: int, body: bytes, content_type: str) -> None:
        request.send_response(code)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)
