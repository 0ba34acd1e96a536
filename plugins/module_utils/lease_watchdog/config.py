# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lease watchdog's configuration file (YAML): read, checked as a whole, one message.

A monitor watches the health Leases of every DPU host; a renewer renews one host's Lease
while its DPU's local checks pass. Both read the same file format; see docs/lease-watchdog.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import yaml
except ImportError:  # pragma: no cover - service.main names the missing library
    yaml = None

MODES = ("monitor", "renew")
# OVN-K's own DPU-side updater renews under this holder (pkg/node/dpulease); the watchdog under its own.
OVNK_HOLDER = "ovnkube-dpu-node"
WATCHDOG_HOLDER = "ovnk-dpu-lease-watchdog"
LEASE_PREFIX = "ovn-dpu-"
DEFAULTS: dict[str, Any] = {
    "namespace": "ovn-kubernetes",
    "lease_duration": 40,
    "renew_interval": 10,
    "metrics_address": "127.0.0.1",
    "metrics_port": 9476,
    "taint": False,
    "holder_identity": WATCHDOG_HOLDER,
    "checks": {},
    "api_timeout": 5,
}
CHECK_KEYS = ("netns", "representors", "ovs_db", "command", "command_timeout")


class ConfigError(ValueError):
    """Every problem of a configuration file, in one message."""


@dataclass(frozen=True)
class Checks:
    """The DPU's local health checks (renew mode): all must pass for a renewal."""

    netns: str | None = None
    representors: tuple[str, ...] = ()
    ovs_db: str | None = None
    command: tuple[str, ...] = ()
    command_timeout: float = 5.0


@dataclass(frozen=True)
class WatchdogConfig:
    mode: str
    kubeconfig: Path
    namespace: str = DEFAULTS["namespace"]
    lease_duration: float = DEFAULTS["lease_duration"]
    renew_interval: float = DEFAULTS["renew_interval"]
    metrics_address: str = DEFAULTS["metrics_address"]
    metrics_port: int = DEFAULTS["metrics_port"]
    # monitor: the hosts whose Leases count (none: every ovn-dpu-* Lease); renew: exactly one.
    hosts: tuple[str, ...] = ()
    taint: bool = DEFAULTS["taint"]
    holder_identity: str = DEFAULTS["holder_identity"]
    checks: Checks = field(default_factory=Checks)
    api_timeout: float = DEFAULTS["api_timeout"]

    @property
    def period(self) -> float:
        """How often the monitor looks at every Lease: OVN-K's own monitor period."""
        return min(self.renew_interval, self.lease_duration / 4)

    @property
    def host(self) -> str:
        return self.hosts[0]


def lease_name(host: str) -> str:
    return f"{LEASE_PREFIX}{host}"


def host_of(lease: str) -> str | None:
    return lease[len(LEASE_PREFIX):] if lease.startswith(LEASE_PREFIX) else None


def load(path: str | Path) -> WatchdogConfig:
    """The file at path as a WatchdogConfig, or ConfigError naming every bad field and its fix."""
    try:
        raw = yaml.safe_load(Path(path).read_text()) or {}
    except OSError as e:
        raise ConfigError(f"config {path}: cannot read it ({e.strerror})") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"config {path}: not YAML ({e})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"config {path}: expected a mapping of settings, got {type(raw).__name__}")
    return parse(raw, source=str(path))


def parse(raw: dict[str, Any], source: str = "config") -> WatchdogConfig:
    settings = {**DEFAULTS, **raw}
    problems = _unknown(settings) + _mode_problems(settings) + _number_problems(settings)
    problems += _kubeconfig_problems(settings.get("kubeconfig"))
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))
    checks = settings["checks"] or {}
    return WatchdogConfig(
        mode=settings["mode"],
        kubeconfig=Path(settings["kubeconfig"]),
        namespace=settings["namespace"],
        lease_duration=float(settings["lease_duration"]),
        renew_interval=float(settings["renew_interval"]),
        metrics_address=settings["metrics_address"],
        metrics_port=int(settings["metrics_port"]),
        hosts=tuple(settings.get("hosts") or ()),
        taint=bool(settings["taint"]),
        holder_identity=settings["holder_identity"],
        checks=Checks(
            netns=checks.get("netns"),
            representors=tuple(checks.get("representors") or ()),
            ovs_db=checks.get("ovs_db"),
            command=tuple(checks.get("command") or ()),
            command_timeout=float(checks.get("command_timeout", 5.0)),
        ),
        api_timeout=float(settings["api_timeout"]),
    )


def _unknown(settings: dict[str, Any]) -> list[str]:
    known = set(DEFAULTS) | {"mode", "kubeconfig", "hosts"}
    problems = [f"{key}: not a setting (known: {', '.join(sorted(known))})" for key in settings if key not in known]
    checks = settings.get("checks") or {}
    if not isinstance(checks, dict):
        return problems + ["checks: expected a mapping (netns, representors, ovs_db, command)"]
    return problems + [f"checks.{key}: not a check (known: {', '.join(CHECK_KEYS)})" for key in checks
                       if key not in CHECK_KEYS]


def _mode_problems(settings: dict[str, Any]) -> list[str]:
    mode, hosts = settings.get("mode"), settings.get("hosts") or []
    if mode not in MODES:
        return [f"mode: '{mode}' is not one of {', '.join(MODES)}"]
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        return ["hosts: expected a list of host Node names"]
    if mode == "renew" and len(hosts) != 1:
        return [f"hosts: renew mode renews one host's Lease, got {len(hosts)} hosts; name the DPU's host"]
    if mode == "monitor" and settings.get("checks"):
        return ["checks: only renew mode runs local checks; remove them from the monitor's config"]
    return []


def _number_problems(settings: dict[str, Any]) -> list[str]:
    problems = []
    for key in ("lease_duration", "renew_interval", "api_timeout"):
        value = settings.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            problems.append(f"{key}: {value!r} must be a number of seconds above 0")
    if not problems and settings["renew_interval"] >= settings["lease_duration"]:
        problems.append(f"renew_interval {settings['renew_interval']} must be below lease_duration "
                        f"{settings['lease_duration']} (OVN-K's defaults: 10 and 40), or the Lease expires between renewals")
    port = settings.get("metrics_port")
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        problems.append(f"metrics_port: {port!r} must be a port number (0 turns the metrics endpoint off)")
    return problems


def _kubeconfig_problems(kubeconfig: Any) -> list[str]:
    if not kubeconfig:
        return ["kubeconfig: not set; give the path of the tenant cluster's kubeconfig for this watchdog"]
    path = Path(str(kubeconfig))
    if not path.is_file():
        return [f"kubeconfig: {path} does not exist"]
    if not os.access(path, os.R_OK):
        return [f"kubeconfig: {path} is not readable by this user"]
    return []
