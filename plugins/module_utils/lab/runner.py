# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab modules' work: lab (start, stop, destroy), lab_info (status), lab_node (a node's
kubelet down or up) and lab_service (a service's state), each from its module's parameters to its
result."""

from __future__ import annotations

import time
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import API_ERRORS, describe_api_error
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import components, crds, netns, processes, services
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.nodes import set_readiness


# A service that dies within this many seconds of its start failed to start (bad configuration):
# the supervisor does not restart exits 2 and 78, so the supervisor is gone too.
SERVICE_START_GRACE = 1.5


def lab_state(module: Any) -> dict:
    """ovnk.dpu.lab: bring the lab to params.state; the lab's status after, its kubeconfigs."""
    params = module.params
    lab = Lab(spec_from_params(params, for_start=params["state"] == "started"))
    before = lab.status()
    if params["state"] == "started":
        outcome = lab.start(check_mode=module.check_mode, ready_timeout=params["ready_timeout"],
                            definitions=crds.read(params["crds"] or []))
    else:
        outcome = {"stopped": lab.stop, "absent": lab.destroy}[params["state"]](check_mode=module.check_mode)
    after = before if module.check_mode else lab.status()
    result = {
        "changed": outcome.changed,
        "actions": outcome.actions,
        "removed_nodes": outcome.removed_nodes,
        "lab": after,
        "kubeconfigs": {c.name: str(lab.spec.kubeconfig(c.name)) for c in lab.spec.clusters},
    }
    if module._diff:
        absent = params["state"] == "absent"
        result["diff"] = {"before": _summary(before), "after": _summary(after) if not absent else {}}
    return result


def _summary(status: dict) -> dict:
    return {"state": status["state"], "processes": sorted(n for n, p in status["processes"].items() if p["running"])}


def lab_info(module: Any) -> dict:
    """ovnk.dpu.lab_info: the lab's status."""
    return {"changed": False, "lab": Lab(spec_from_params(module.params, for_start=False)).status()}


def node_readiness(module: Any) -> dict:
    """ovnk.dpu.lab_node: the node's kubelet stopped (ready=false) or back (ready=true), waited for."""
    params = module.params
    if params["wait_timeout"] < 0:
        raise InputError(f"wait_timeout: {params['wait_timeout']} is negative; set the seconds to wait, or 0 not to wait")
    spec = spec_from_params(params, for_start=False)
    node = next((n for n in spec.nodes if n.name == params["node"]), None)
    if node is None:
        known = ", ".join(n.name for n in spec.nodes) or "none (is the lab started?)"
        raise InputError(f"node: '{params['node']}' is not a node of lab {spec.name}; its nodes: {known}")
    try:
        changed, before = set_readiness(
            spec.kubeconfig(node.cluster), node.name, params["ready"], params["wait_timeout"], module.check_mode,
        )
    except (LookupError, TimeoutError) as exc:
        raise OperationError(f"{node.cluster} cluster: {exc}") from None
    except API_ERRORS as exc:  # pylint: disable=catching-non-exception  # a tuple of exception classes
        raise OperationError(f"{node.cluster} cluster: Node {node.name}: {describe_api_error(exc)} "
                             "(is the lab started?)") from None
    if params["power_off"] and not params["ready"]:
        changed = power_off(spec, node, module.check_mode) or changed
    result = {"changed": changed, "cluster": node.cluster,
              "ready": params["ready"] if changed and not module.check_mode else before}
    if module._diff:
        result["diff"] = {"before": {"ready": before}, "after": {"ready": params["ready"]}}
    return result


def power_off(spec: Any, node: Any, check_mode: bool) -> bool:
    """What a machine's power-off takes: its own processes (a DPU's OVS) and its namespace. True if any was there."""
    running = [p for p in components.node_processes(spec, node) if processes.running_pid(p) is not None]
    present = node.netns in netns.existing()
    if not check_mode:
        for proc in running:
            processes.stop(proc)
        netns.remove(node.netns)
    return bool(running) or present


def service_state(module: Any) -> dict:
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
