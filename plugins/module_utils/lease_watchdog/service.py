# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lease watchdog as a long-running service: python -m <this module> --config FILE.

Exit codes: 0 after SIGTERM/SIGINT; 2 when the configuration, the kubeconfig or the metrics port
is unusable (one line on stderr says which and how to fix it); 78 when renew mode finds OVN-K's
own updater renewing (systemd units keep 78 from restarting). SIGHUP reads the file again and
starts over with it; a file that no longer checks out is reported and the running one kept.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import signal
import sys
import threading
import time
from typing import Union

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import config as watchdog_config
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.backoff import Backoff
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.config import ConfigError, WatchdogConfig
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.kube import ApiCallError, TenantApi
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.metrics import Endpoint, Metrics
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.monitor import Monitor
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.renew import Renewer, RenewRefused

LOG = logging.getLogger("ovnk_dpu.lease_watchdog")
EXIT_CONFIG, EXIT_REFUSED = 2, 78
# What the service imports besides the standard library: (import name, package to install).
LIBRARIES = (("kubernetes", "kubernetes"), ("prometheus_client", "prometheus-client"), ("yaml", "PyYAML"),
             ("pyroute2", "pyroute2"))


class StartError(RuntimeError):
    """What keeps the watchdog from starting, said in one line."""


class Worker:
    """One configuration at work: its API client, its metrics endpoint, its loop."""

    def __init__(self, cfg: WatchdogConfig) -> None:
        self.cfg = cfg
        self.metrics = Metrics(cfg.mode)
        try:
            self.api = TenantApi(cfg.kubeconfig, cfg.namespace, cfg.api_timeout,
                                 on_request=lambda verb: self.metrics.api_requests.labels(verb=verb).inc())
        except Exception as e:  # the kubernetes client's many ways to refuse a kubeconfig # pylint: disable=broad-except
            raise StartError(f"kubeconfig {cfg.kubeconfig}: not a usable kubeconfig ({type(e).__name__})") from None
        self.job: Union[Monitor, Renewer] = (Monitor(cfg, self.api, self.metrics) if cfg.mode == "monitor"
                                             else Renewer(cfg, self.api, self.metrics))
        self.endpoint = None
        if cfg.metrics_port:
            try:
                self.endpoint = Endpoint(self.metrics, cfg.metrics_address, cfg.metrics_port,
                                         stale_after=3 * max(cfg.period, cfg.renew_interval) + cfg.api_timeout,
                                         last_tick=lambda: self.job.last_tick)
            except OSError as e:
                raise StartError(f"metrics_port: cannot listen on {cfg.metrics_address}:{cfg.metrics_port} "
                                 f"({e.strerror}); pick a free port or 0 to turn the endpoint off") from None
        self.stop = threading.Event()

    def run(self) -> None:
        if self.endpoint:
            self.endpoint.start()
        try:
            if isinstance(self.job, Monitor):
                self._monitor(self.job)
            else:
                self._renew(self.job)
        finally:
            if self.endpoint:
                self.endpoint.stop()

    def _monitor(self, monitor: Monitor) -> None:
        watcher = threading.Thread(target=monitor.watch_forever, args=(self.stop,), name="lease-watch", daemon=True)
        watcher.start()
        while not self.stop.is_set():
            monitor.check()
            self.stop.wait(self.cfg.period)
        watcher.join(timeout=self.cfg.api_timeout + 1)

    def _renew(self, renewer: Renewer) -> None:
        backoff = Backoff(initial=min(1.0, self.cfg.renew_interval), cap=self.cfg.renew_interval)
        started, last = False, None
        while not self.stop.is_set():
            try:
                if not started:
                    renewer.refuse_if_renewed_by_other(self.stop)
                    started = True
                outcome = renewer.tick()
                # Each kind of outcome once when it begins (renewed, a gone Node, failing checks), not every round.
                kind = outcome.split(":", 1)[0]
                LOG.log(logging.INFO if kind != last else logging.DEBUG, "%s: %s", self.cfg.host, outcome)
                last = kind
                self.metrics.api_reachable.set(1)
                backoff.reset()
                wait = self.cfg.renew_interval
            except ApiCallError as e:
                self.metrics.api_errors.labels(verb=e.verb).inc()
                self.metrics.api_reachable.set(0)
                LOG.warning("%s: %s (trying again)", self.cfg.host, e)
                renewer.last_tick = time.monotonic()
                wait = backoff.next()
            self.stop.wait(wait)


def serve(path: str) -> int:
    cfg = watchdog_config.load(path)
    reload_wanted = threading.Event()
    worker = Worker(cfg)

    def on_term(signum, _frame) -> None:
        LOG.info("signal %s: stopping", signal.Signals(signum).name)
        worker.stop.set()

    def on_hup(_signum, _frame) -> None:
        reload_wanted.set()
        worker.stop.set()

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    signal.signal(signal.SIGHUP, on_hup)
    LOG.info("%s mode: %s, Leases in %s (renew %ss, duration %ss)", cfg.mode, ", ".join(cfg.hosts) or "every host",
             cfg.namespace, cfg.renew_interval, cfg.lease_duration)
    while True:
        worker.run()
        if not reload_wanted.is_set():
            return 0
        reload_wanted.clear()
        worker = _reloaded(path, worker)


def _reloaded(path: str, current: Worker) -> Worker:
    """SIGHUP: a worker for the file as it is now, or the current one again if the file is bad."""
    try:
        # The running worker has stopped and closed its endpoint: the new one may bind the same port.
        fresh = Worker(watchdog_config.load(path))
        LOG.info("SIGHUP: configuration %s read again", path)
        return fresh
    except (ConfigError, StartError) as e:
        LOG.error("SIGHUP: %s; keeping the running configuration", e)
        return Worker(current.cfg)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lease_watchdog", description="ovnk.dpu's DPU health Lease watchdog")
    parser.add_argument("--config", required=True, help="the watchdog's YAML configuration file")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    missing = [package for name, package in LIBRARIES if importlib.util.find_spec(name) is None]
    if missing:
        return _fail(EXIT_CONFIG, f"{sys.executable} lacks the Python packages {', '.join(missing)}; install them")
    try:
        return serve(args.config)
    except (ConfigError, StartError) as e:
        return _fail(EXIT_CONFIG, str(e))
    except RenewRefused as e:
        return _fail(EXIT_REFUSED, str(e))


def _fail(code: int, message: str) -> int:
    sys.stderr.write(f"lease watchdog: {message}\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
