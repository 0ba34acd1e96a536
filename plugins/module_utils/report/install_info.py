# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The install_info module's work: read the install, return it with its text and DOT forms."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import NAMESPACE
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.report.collect import collect
from ansible_collections.ovnk.dpu.plugins.module_utils.report.dot import dot
from ansible_collections.ovnk.dpu.plugins.module_utils.report.text import lines
from ansible_collections.ovnk.dpu.plugins.module_utils.representors.links import format_problems

# The module's wiring (plugins/modules/install_info.py runs run_entry on this file).
KUBE = True
LIBRARIES = ("pyroute2",)

ARGUMENT_SPEC: dict[str, dict] = {
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "pairs": {"type": "dict", "default": {}},
    "pair_indexes": {"type": "dict", "default": {}},
    "netns": {"type": "dict", "default": {}},
    "representor_count": {"type": "int", "default": 16},
    "dpu_ifname_format": {"type": "str", "default": "rep0-{index}"},
    "pools": {"type": "dict", "default": {}},
    "namespace": {"type": "str", "default": NAMESPACE},
    "skew_tolerance": {"type": "float", "default": 10.0},
}


def run(module: Any) -> dict[str, Any]:
    problems = format_problems("dpu_ifname_format", module.params["dpu_ifname_format"])
    if problems:
        raise InputError(problems, "invalid arguments: ")
    report = collect(module)
    return {"changed": False, **report.as_dict(), "healthy": not report.problems,
            "lines": lines(report), "dot": dot(report)}
