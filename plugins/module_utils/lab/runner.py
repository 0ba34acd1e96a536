# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab modules' work: lab (start, stop, destroy), lab_info (status) and lab_node (a node's
kubelet down or up), each from its module's parameters to its result."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import API_ERRORS, describe_api_error
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.nodes import set_readiness


def lab_state(module: Any) -> dict:
    """ovnk.dpu.lab: bring the lab to params.state; the lab's status after, its kubeconfigs."""
    params = module.params
    lab = Lab(spec_from_params(params, for_start=params["state"] == "started"))
    before = lab.status()
    if params["state"] == "started":
        outcome = lab.start(check_mode=module.check_mode, ready_timeout=params["ready_timeout"])
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
    result = {"changed": changed, "cluster": node.cluster,
              "ready": params["ready"] if changed and not module.check_mode else before}
    if module._diff:
        result["diff"] = {"before": {"ready": before}, "after": {"ready": params["ready"]}}
    return result
