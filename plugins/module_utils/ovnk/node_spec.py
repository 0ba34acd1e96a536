# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovnk_node module's arguments and its pure part: validate (settings, version skew) and
render the DaemonSet, with no cluster. The ovnk_node action runs it on the controller for
validate_only; the module's entry (ovnk_node.py) applies what it renders."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import (
    CLUSTER_OF_ROLE,
    CREDENTIALS_SECRET,
    DPU_LABEL,
    FIELD_MANAGER,
    HOST_LABEL,
    MODES,
    NAMESPACE,
    NODE_SERVICE_ACCOUNT,
)
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import daemonset, node_checks, version
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.version import SKEW_POLICIES

# Options that only one mode uses; the others get them unset.
_ONLY = {"gateway_interface": "dpu-host", "mgmt_port_netdev": "dpu-host", "mgmt_port_resource_name": "dpu-host",
         "dpu_host_gateway_representor_interface": "dpu"}

ARGUMENT_SPEC = {
    "modes": {"type": "list", "elements": "str", "choices": list(MODES), "default": list(MODES)},
    "tenant_kubeconfig": {"type": "path"},
    "infra_kubeconfig": {"type": "path"},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "namespace": {"type": "str", "default": NAMESPACE},
    "image": {"type": "str", "required": True},
    "dpu_image": {"type": "str"},
    "image_pull_policy": {"type": "str", "choices": ["Always", "IfNotPresent", "Never"], "default": "IfNotPresent"},
    "log_level": {"type": "int", "default": 4},
    "service_account": {"type": "str", "default": NODE_SERVICE_ACCOUNT},
    "host_label": {"type": "str", "default": HOST_LABEL},
    "dpu_label": {"type": "str", "default": DPU_LABEL},
    "tolerations": {"type": "list", "elements": "dict", "default": [{"operator": "Exists"}]},
    "gateway_mode": {"type": "str", "choices": ["shared", "local"], "default": "shared"},
    "gateway_interface": {"type": "str"},
    "gateway_opts": {"type": "str", "default": ""},
    "dpu_gateway_opts": {"type": "str", "default": ""},
    "mgmt_port_netdev": {"type": "str"},
    "mgmt_port_resource_name": {"type": "str"},
    "mgmt_port_vfs_count": {"type": "int", "default": 1},
    "simulate_dpu": {"type": "bool", "default": False},
    "dpu_host_gateway_representor_interface": {"type": "str"},
    "credentials_secret": {"type": "str", "default": CREDENTIALS_SECRET, "no_log": False},
    "identity": {"type": "bool", "default": False},
    "extra_env": {"type": "dict", "default": {}},
    "resources": {"type": "dict", "default": {"cpu": "100m", "memory": "300Mi"}},
    "max_unavailable": {"type": "raw", "default": 1},
    "allowed_skew": {"type": "str", "choices": list(SKEW_POLICIES), "default": "patch"},
    "metrics_port": {"type": "int", "default": 9476},
    "validate_only": {"type": "bool", "default": False},
    "field_manager": {"type": "str", "default": FIELD_MANAGER},
    "force_conflicts": {"type": "bool", "default": False},
    "wait": {"type": "bool", "default": False},
    "wait_timeout": {"type": "int", "default": 300},
    "wait_sleep": {"type": "int", "default": 5},
}


def mode_spec(params: dict, mode: str) -> dict:
    """What daemonset.py renders for one mode, from the module's parameters: the DPU side gets
    dpu_image and dpu_gateway_opts, mode-only options go to their mode, identity to full mode
    and the simulated DPU to the two DPU modes."""
    spec = {**params, "mode": mode}
    spec.update({key: params.get(key) if only == mode else None for key, only in _ONLY.items()})
    if mode == "dpu":
        spec.update(image=params.get("dpu_image") or params["image"], gateway_opts=params["dpu_gateway_opts"])
    spec["simulate_dpu"] = bool(params["simulate_dpu"]) and mode != "full"
    spec["identity"] = bool(params["identity"]) and mode == "full"
    return spec


def problems_of(spec: dict) -> list[str]:
    """The problems of one mode's spec."""
    if spec.get("state") == "absent":
        return []  # deleting needs only the name
    return node_checks.validate(spec)


def all_problems(params: dict) -> list[str]:
    """Every mode's problems (prefixed with the mode), the two images' skew, missing kubeconfigs."""
    problems = [f"{mode} mode: {p}" for mode in params["modes"] for p in problems_of(mode_spec(params, mode))]
    if params["state"] == "present" and params.get("dpu_image"):
        skew = version.skew_problem(params["image"], params["dpu_image"], params["allowed_skew"],
                                    ("image", "dpu_image", "allowed_skew"))
        problems += [skew] if skew else []
    if not params["validate_only"]:
        for cluster in sorted({CLUSTER_OF_ROLE[m] for m in params["modes"]}):
            if not params.get(f"{cluster}_kubeconfig"):
                modes = ", ".join(m for m in params["modes"] if CLUSTER_OF_ROLE[m] == cluster)
                problems.append(f"{cluster}_kubeconfig: needed for {modes} mode; set it")
    return problems


def summary(definition: dict) -> dict:
    pod = definition["spec"]["template"]["spec"]
    mode = definition["metadata"]["labels"]["ovnk.dpu/mode"]
    return {
        "name": definition["metadata"]["name"], "namespace": definition["metadata"]["namespace"],
        "mode": mode, "cluster": CLUSTER_OF_ROLE[mode],
        "containers": [c["name"] for c in pod["containers"]], "node_selector": pod["nodeSelector"],
    }


def validated(params: dict) -> dict[str, dict]:
    """The DaemonSet of each mode, after validation (InputError with every problem)."""
    problems = all_problems(params)
    if problems:
        raise InputError(problems, "invalid ovnkube-node settings: ")
    return {mode: daemonset.daemonset(mode_spec(params, mode)) for mode in params["modes"]}


def validate_only(params: dict) -> dict:
    return {"changed": False, "daemonsets": [summary(d) for d in validated(params).values()]}
