# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ovnk.dpu.lab: the lab brought to a state (started, stopped, absent), with its status after."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import crds
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import LIBRARIES, lab_arg_spec, spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab

# The module's wiring (plugins/modules/lab.py runs run_entry on this file).
ARGUMENT_SPEC = lab_arg_spec(
    state={"type": "str", "choices": ["started", "stopped", "absent"], "default": "started"},
    ready_timeout={"type": "int", "default": 120},
    crds={"type": "list", "elements": "path", "default": []},
)
MODULE_OPTIONS = {"required_if": [("state", "started", ["nodes"])]}
__all__ = ["ARGUMENT_SPEC", "LIBRARIES", "MODULE_OPTIONS", "run"]


def run(module: Any) -> dict:
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
