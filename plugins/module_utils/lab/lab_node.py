# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.lab_node: a node's kubelet down or up (and a power-off's OVS and namespace), waited for."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import API_ERRORS, describe_api_error
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import components, netns, processes
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import LIBRARIES, lab_arg_spec, spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.nodes import set_readiness

# The module's wiring (plugins/modules/lab_node.py runs run_entry on this file).
ARGUMENT_SPEC = lab_arg_spec(
    node={"type": "str", "required": True},
    ready={"type": "bool", "required": True},
    wait_timeout={"type": "int", "default": 90},
    power_off={"type": "bool", "default": False},
)
__all__ = ["ARGUMENT_SPEC", "LIBRARIES", "run"]


def run(module: Any) -> dict:
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
