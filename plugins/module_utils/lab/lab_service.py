# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.lab_service: lab services started, stopped, restarted or reloaded, as systemd does it on a machine."""

from __future__ import annotations

import time
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import processes, services
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import LIBRARIES, lab_arg_spec, spec_from_params

# The module's wiring (plugins/modules/lab_service.py runs run_entry on this file).
ARGUMENT_SPEC = lab_arg_spec(
    service={"type": "str"},
    services={"type": "list", "elements": "str"},
    state={"type": "str", "default": "started", "choices": ["started", "stopped", "restarted", "reloaded"]},
)
MODULE_OPTIONS = {"mutually_exclusive": [("service", "services")], "required_one_of": [("service", "services")]}
__all__ = ["ARGUMENT_SPEC", "LIBRARIES", "MODULE_OPTIONS", "run"]

# A service that dies within this many seconds of its start failed to start (bad configuration):
# the supervisor does not restart exits 2 and 78, so the supervisor is gone too.
SERVICE_START_GRACE = 1.5


def run(module: Any) -> dict:
    """ovnk.dpu.lab_service: lab services started, stopped, restarted or reloaded, as
    ansible.builtin.systemd_service does it to a unit on a real machine; many at once share one start-up wait."""
    params = module.params
    spec = spec_from_params(params, for_start=False)
    names, state = params["services"] or [params["service"]], params["state"]
    for name in names:
        services.check_name(name)
    procs = [services.process(spec, name) for name in names]
    running = {proc.name: processes.running_pid(proc) is not None for proc in procs}
    changing = [proc for proc in procs if _changes(state, running[proc.name])]
    if state == "reloaded" and not all(running.values()):
        stopped = [name for name, proc in zip(names, procs) if not running[proc.name]]
        raise OperationError(f"service {', '.join(stopped)} does not run; start it before reloading it")
    if changing and not module.check_mode:
        _bring_services_to(spec, changing, state, running)
    now = {proc.name: running[proc.name] if module.check_mode else processes.running_pid(proc) is not None
           for proc in procs}
    result: dict[str, Any] = {"changed": bool(changing), "services": {
        name: {"changed": proc in changing, "running": now[proc.name], "log": str(proc.log)}
        for name, proc in zip(names, procs)}}
    if params["service"]:
        result.update(service=names[0], log=str(procs[0].log), running=now[procs[0].name])
    if module._diff:
        result["diff"] = {"before": {n: {"running": running[p.name]} for n, p in zip(names, procs)},
                          "after": {n: {"running": state != "stopped"} for n in names}}
    return result


def _changes(state: str, running: bool) -> bool:
    return {"started": not running, "stopped": running, "restarted": True, "reloaded": running}[state]


def _bring_services_to(spec: Any, procs: list, state: str, running: dict[str, bool]) -> None:
    """Stop what must stop, start every service to start, then wait once for them to stay up."""
    if state == "reloaded":
        for proc in procs:
            services.reload(proc)
        return
    for proc in procs:
        if running[proc.name] and state in ("stopped", "restarted"):
            processes.stop(proc)
    if state not in ("started", "restarted"):
        return
    services.write_supervisor(spec)
    started = [(proc, processes.settle(proc, processes.spawn(proc))) for proc in procs]
    time.sleep(SERVICE_START_GRACE)
    gone = [proc for proc, pid in started if processes.is_gone(proc, pid)]
    if gone:
        raise OperationError("; ".join(f"service {proc.name} exited right after start; last lines of {proc.log}:\n"
                                       f"{processes.log_tail(proc.log)}" for proc in gone))
