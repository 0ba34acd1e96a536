# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec shared by the lab modules (mirrors doc_fragments/lab.py), and the lab spec they describe."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.state import recorded_state
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import LabSpec, build_spec
from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import NODE_ROLES

LAB_ARG_SPEC: dict[str, Any] = {
    "name": {"type": "str", "default": "ovnkdpu"},
    "state_dir": {"type": "path", "default": "/var/lib/ovnk-dpu/lab"},
    "bin_dir": {"type": "path", "required": True},
    "port_base": {"type": "int", "default": 16400},
    "nodes": {
        "type": "list",
        "elements": "dict",
        "options": {
            "name": {"type": "str", "required": True},
            "role": {"type": "str", "required": True, "choices": list(NODE_ROLES)},
            # A DPU's address on the lab's fabric (the inventory's ovnk_dpu_encap_ip); by slot if not given.
            "address": {"type": "str"},
            # Where the inventory puts the node's links (ovnk_dpu_netns) and a DPU's OVSDB (ovnk_dpu_ovs_remote,
            # unix:<path>): the lab makes them there. Default <name>-<node>, and a socket under /run/ovnk-dpu/<name>.
            "netns": {"type": "str"},
            "ovs_db": {"type": "str"},
        },
    },
    "service_cidrs": {
        "type": "dict",
        "default": {"tenant": "10.96.0.0/16", "infra": "10.112.0.0/16"},
    },
}

# What every lab module imports besides Ansible (run_module reports a missing one).
LIBRARIES = ("pyroute2", "cryptography", "kubernetes")


def lab_arg_spec(**extra: Any) -> dict[str, Any]:
    spec = copy.deepcopy(LAB_ARG_SPEC)
    spec.update(extra)
    return spec


def lab_state_dir(params: dict[str, Any]) -> Path:
    return Path(params["state_dir"]) / params["name"]


def spec_from_params(params: dict[str, Any], for_start: bool) -> LabSpec:
    """The lab's spec; its state lives in <state_dir>/<name>.

    Only starting needs the node list; inspecting, stopping and destroying fall
    back to the nodes the lab recorded when it last started.
    """
    recorded = recorded_state(lab_state_dir(params)).get("nodes", {})
    nodes = params["nodes"] or []
    if not for_start and not nodes:
        nodes = [{"name": n, **{k: v[k] for k in ("role", "address", "netns", "ovs_db") if v.get(k)}}
                 for n, v in recorded.items()]
    return build_spec(
        name=params["name"],
        state_dir=str(lab_state_dir(params)),
        bin_dir=params["bin_dir"],
        port_base=params["port_base"],
        nodes=nodes,
        service_cidrs=params["service_cidrs"],
        allocated={n: v["slot"] for n, v in recorded.items() if "slot" in v},
        require_nodes=for_start,
    )
