# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether one mode's ovnkube-node settings are valid: mode-only options, the management port
and gateway interface, tolerations of the collection's taints, extra_env, the log level.
Pure; every problem names the option and the fix."""

from __future__ import annotations

import re

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import COLLECTION_TAINTS, MODES
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import IFNAME_RULE, is_interface_name
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.daemonset import DERIVE_FROM_MGMT_PORT, managed_env
from ansible_collections.ovnk.dpu.plugins.module_utils.common.taints import tolerates
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.version import version_of

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The last release without simulated-DPU support (OVN_SIMULATE_DPU landed after v1.3).
LAST_WITHOUT_SIMULATION = (1, 3)


def _interface_problem(field: str, value: str) -> list[str]:
    if value and not is_interface_name(value):
        return [f"{field}: '{value}' is not a Linux interface name; use {IFNAME_RULE}"]
    return []


def _mode_problems(spec: dict) -> list[str]:
    mode, problems = spec["mode"], []
    mgmt = spec.get("mgmt_port_netdev") or spec.get("mgmt_port_resource_name")
    if mode == "dpu-host" and not mgmt:
        problems.append("mgmt_port_netdev: dpu-host mode needs the management port; set mgmt_port_netdev "
                        "(e.g. eth0-1 on the lab) or mgmt_port_resource_name (its device-plugin pool)")
    if mode != "dpu-host" and mgmt:
        problems.append(f"mgmt_port_netdev: {mode} mode must not be given a management port "
                        "(upstream refuses it); remove mgmt_port_netdev and mgmt_port_resource_name")
    if mode == "full" and spec.get("simulate_dpu"):
        problems.append("simulate_dpu: only dpu and dpu-host modes simulate a DPU; set it false for full mode")
    if mode != "dpu" and spec.get("dpu_host_gateway_representor_interface"):
        problems.append("dpu_host_gateway_representor_interface: only dpu mode uses it; remove it")
    gateway = spec.get("gateway_interface")
    if mode != "dpu-host" and gateway:
        problems.append("gateway_interface: only dpu-host mode sets it here (dpu mode reads OVS "
                        "external_ids:ovn-gw-interface); remove it or pass flags in gateway_opts")
    if mode == "dpu-host" and spec.get("simulate_dpu") and (gateway or DERIVE_FROM_MGMT_PORT) == DERIVE_FROM_MGMT_PORT:
        problems.append("gateway_interface: derive-from-mgmt-port needs SR-IOV and does not work with "
                        "simulate_dpu; name the host gateway netdev (eth0-0 on the lab)")
    version = version_of(spec["image"])
    if spec.get("simulate_dpu") and version and version[:2] <= LAST_WITHOUT_SIMULATION:
        problems.append(f"simulate_dpu: OVN-K {'.'.join(map(str, version))} has no simulated-DPU support (it landed "
                        "after v1.3); use an image built from master or a later release")
    return problems


def _toleration_problems(tolerations: list[dict]) -> list[str]:
    return [f"tolerations: do not tolerate the collection's taint {t['key']}:{t['effect']}; add "
            f"{{key: {t['key']}, operator: Exists}} (or keep the default, which tolerates every taint)"
            for t in COLLECTION_TAINTS if not tolerates(tolerations, t)]


def validate(spec: dict) -> list[str]:
    problems = [] if spec.get("mode") in MODES else [f"mode: '{spec.get('mode')}' is not one of {', '.join(MODES)}"]
    if problems:
        return problems
    problems += _mode_problems(spec) + _toleration_problems(spec.get("tolerations") or [])
    for field in ("mgmt_port_netdev", "dpu_host_gateway_representor_interface"):
        problems += _interface_problem(field, spec.get(field) or "")
    if spec.get("gateway_interface") != DERIVE_FROM_MGMT_PORT:
        problems += _interface_problem("gateway_interface", spec.get("gateway_interface") or "")
    managed = managed_env(spec)
    for key, value in (spec.get("extra_env") or {}).items():
        if key in managed:
            problems.append(f"extra_env.{key}: set by the module for {spec['mode']} mode; remove it from extra_env "
                            "(or use the module option that sets it)")
        elif not _ENV_NAME.match(key):
            problems.append(f"extra_env.{key}: not an environment variable name; use letters, digits and '_'")
        elif isinstance(value, (dict, list)) or value is None:
            problems.append(f"extra_env.{key}: must be a string, number or boolean")
    if not isinstance(spec.get("log_level"), int) or not 0 <= spec["log_level"] <= 10:
        problems.append(f"log_level: '{spec.get('log_level')}' must be 0 to 10 (upstream default 4)")
    return problems
