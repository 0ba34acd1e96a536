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
    """ovnk.dpu.lab_service: a lab service started, stopped, restarted or reloaded, as
    ansible.builtin.systemd_service does it to a unit on a real machine."""
    params = module.params
    spec = spec_from_params(params, for_start=False)
    name, state = params["service"], params["state"]
    services.check_name(name)
    proc = services.process(spec, name)
    running = processes.running_pid(proc) is not None
    changed = {"started": not running, "stopped": running, "restarted": True, "reloaded": running}[state]
    if state == "reloaded" and not running:
        raise OperationError(f"service {name} does not run; start it before reloading it")
    if changed and not module.check_mode:
        _bring_service_to(spec, proc, state, running)
    result = {"changed": changed, "service": name, "log": str(proc.log),
              "running": running if module.check_mode else processes.running_pid(proc) is not None}
    if module._diff:
        result["diff"] = {"before": {"running": running}, "after": {"running": state != "stopped"}}
    return result


def _bring_service_to(spec: Any, proc: Any, state: str, running: bool) -> None:
    if state == "reloaded":
        services.reload(proc)
        return
    if running and state in ("stopped", "restarted"):
        processes.stop(proc)
    if state in ("started", "restarted"):
        services.write_supervisor(spec)
        pid = processes.settle(proc, processes.spawn(proc))
        time.sleep(SERVICE_START_GRACE)
        if processes.is_gone(proc, pid):
            raise OperationError(f"service {proc.name} exited right after start; last lines of {proc.log}:\n"
                                 f"{processes.log_tail(proc.log)}")
