# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's services: what a machine runs under systemd, the lab runs under its supervisor.

A role writes a service's unit as <state_dir>/services/<name>.json, {"argv": [...], "env": {...}},
where a real machine gets a systemd unit; the lab starts it under supervisor.py (written out next
to the units), which starts it again when it dies. Services start with the lab, after its nodes
are Ready, and stop with it, first.
"""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import processes, supervisor
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.processes import Process
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import LabSpec

SUPERVISOR_FILE = "supervise.py"
# As the systemd units' RestartPreventExitStatus: a bad configuration (2) or a refusal (78) stays down.
NO_RESTART_STATUS = (2, 78)
_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{0,62}$")


def services_dir(spec: LabSpec) -> Path:
    return spec.state_dir / "services"


def unit_path(spec: LabSpec, name: str) -> Path:
    return services_dir(spec) / f"{name}.json"


def read_unit(spec: LabSpec, name: str) -> dict[str, Any]:
    path = unit_path(spec, name)
    try:
        unit = json.loads(path.read_text())
    except FileNotFoundError:
        raise InputError(f"name: the lab has no service '{name}' ({path} is missing); the role that installs it "
                         "writes it first") from None
    except ValueError as e:
        raise InputError(f"name: {path} is not a service unit (JSON): {e}") from None
    argv = unit.get("argv")
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        raise InputError(f"name: {path} has no argv (a list of strings: the service's command line)")
    return unit


def names(spec: LabSpec) -> list[str]:
    """The services the lab runs: one per unit file."""
    folder = services_dir(spec)
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def check_name(name: str) -> None:
    if not _NAME.match(name):
        raise InputError(f"name: '{name}' is not a service name (lowercase letters, digits, '.', '-'; 63 at most)")


def process(spec: LabSpec, name: str) -> Process:
    """The supervisor of service name, with the service's own interpreter (its argv[0])."""
    unit = read_unit(spec, name)
    script = services_dir(spec) / SUPERVISOR_FILE
    argv = [unit["argv"][0], str(script), "--name", name]
    argv += [a for code in NO_RESTART_STATUS for a in ("--no-restart-status", str(code))]
    return Process(
        name=f"service-{name}",
        argv=argv + ["--", *unit["argv"]],
        pidfile=spec.run_dir / f"service-{name}.pid",
        log=spec.log_dir / f"service-{name}.log",
        markers=(str(script), f"--name {name} "),
        env={str(k): str(v) for k, v in (unit.get("env") or {}).items()},
    )


def write_supervisor(spec: LabSpec) -> bool:
    """supervisor.py as a file of the lab."""
    return processes.write_program(services_dir(spec) / SUPERVISOR_FILE, supervisor)


def reload(proc: Process) -> bool:
    """SIGHUP to the supervisor, which passes it on to the service. True if it was running."""
    pid = processes.running_pid(proc)
    if pid is None:
        return False
    os.kill(pid, signal.SIGHUP)
    return True


def child_pid(proc: Process) -> int | None:
    """The service's own pid (the supervisor's child), for status and fault tests."""
    pid = processes.running_pid(proc)
    if pid is None:
        return None
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None
