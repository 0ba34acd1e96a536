# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Version skew before a coordinated DPU upgrade: the two clusters' Kubernetes releases, and
the OVN-K the hosts run next to the OVN-K the DPUs are about to run (and will run after)."""

from __future__ import annotations

import re
from typing import Optional

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.version import skew_problem

_RELEASE = re.compile(r"^v?(\d+)\.(\d+)")


def minor_of(git_version: str) -> Optional[tuple[int, int]]:
    match = _RELEASE.match(git_version)
    return (int(match[1]), int(match[2])) if match else None


def kube_problem(versions: dict[str, str], allowed_minor: int) -> Optional[str]:
    """The two clusters' Kubernetes releases may be at most allowed_minor minor versions apart."""
    tenant, infra = minor_of(versions["tenant"]), minor_of(versions["infra"])
    if tenant is None or infra is None:
        return None
    apart = abs(tenant[1] - infra[1]) if tenant[0] == infra[0] else None
    if apart is not None and apart <= allowed_minor:
        return None
    distance = f"{apart} minor versions apart" if apart is not None else "different major versions"
    return (f"the tenant cluster runs Kubernetes {versions['tenant']} and the infra cluster {versions['infra']}: "
            f"{distance}, more than ovnk_dpu_upgrade_allowed_kube_skew ({allowed_minor}); upgrade the older cluster first")


def image_problems(running: dict[str, str], target: dict[str, str], allowed: str) -> list[str]:
    """The hosts' OVN-K (running now, and the target) against the DPUs' target, under `allowed`."""
    problems = []
    for mode in ("dpu-host", "dpu"):
        if mode not in running:
            problems.append(f"no {mode} ovnkube-node DaemonSet runs on the {'tenant' if mode == 'dpu-host' else 'infra'} "
                            "cluster; install first (ansible-playbook site.yml), then upgrade")
    if problems:
        return problems
    during = skew_problem(running["dpu-host"], target["dpu"], allowed,
                          ("the hosts' running image", "ovnk_dpu_ovnk_dpu_image", "ovnk_dpu_ovnk_allowed_skew"))
    after = skew_problem(target["dpu-host"], target["dpu"], allowed)
    found = {"during the upgrade": during, "after the upgrade": after}
    return [f"{when}: {problem}" for when, problem in found.items() if problem]
