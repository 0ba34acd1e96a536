from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.exposition import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.metrics import METRIC_NAMES, Endpoint, Metrics


def exported(metrics: Metrics) -> set[str]:
    text = generate_latest(metrics.registry).decode()
    return {sample.name for family in text_string_to_metric_families(text) for sample in family.samples}


def test_every_listed_metric_is_exported():
    metrics = Metrics("monitor")
    metrics.set_state("host-0", "expired", 5.0)
    metrics.transitions.labels(host="host-0", to="expired").inc()
    metrics.renewals.labels(host="host-0").inc()
    metrics.checks_failing.labels(host="host-0", check="ovs").set(1)
    metrics.api_errors.labels(verb="get").inc()
    metrics.api_requests.labels(verb="get").inc()
    metrics.watch_restarts.inc()
    metrics.api_reachable.set(1)
    assert set(METRIC_NAMES) <= exported(metrics)


def test_a_forgotten_host_leaves_no_series():
    metrics = Metrics("monitor")
    metrics.set_state("host-1", "healthy", 1.0)
    metrics.forget("host-1")
    assert "ovnk_dpu_lease_state" not in exported(metrics) - {"ovnk_dpu_lease_watchdog_up"}


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_metrics_and_health_on_loopback():
    tick = {"at": time.monotonic()}
    endpoint = Endpoint(Metrics("renew"), "127.0.0.1", 0, stale_after=30, last_tick=lambda: tick["at"])
    endpoint.start()
    try:
        base = f"http://127.0.0.1:{endpoint.port}"
        status, body = get(base + "/metrics")
        assert status == 200 and 'ovnk_dpu_lease_watchdog_up{mode="renew"} 1.0' in body
        assert get(base + "/healthz")[0] == 200
        tick["at"] -= 60  # the loop stopped turning
        status, body = get(base + "/healthz")
        assert status == 503 and body.startswith("stalled")
    finally:
        endpoint.stop()


def test_a_port_in_use_fails_at_bind():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            Endpoint(Metrics("monitor"), "127.0.0.1", taken.getsockname()[1], 30, time.monotonic)
