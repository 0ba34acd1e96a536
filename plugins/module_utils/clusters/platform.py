# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a cluster must serve before the install touches it: the APIs the later stages write
(MachineConfigPools, SR-IOV, OpenShift's network operator), and on OpenShift its release."""

from __future__ import annotations

from typing import Any, Callable

from ansible_collections.ovnk.dpu.plugins.module_utils.clusters.readiness import release_problem

CLUSTER_VERSION = ("ClusterVersion", "config.openshift.io/v1", "version")


def missing_apis(cluster: str, required: list[dict], served: Callable[[str, str], bool]) -> str | None:
    """One message naming every required API the cluster does not serve, with what needs it."""
    missing = [r for r in required if not served(r["kind"], r["api_version"])]
    if not missing:
        return None
    listed = "; ".join(f"{r['kind']} ({r['api_version']}) for {r.get('purpose') or 'the install'}" for r in missing)
    return (f"the {cluster} cluster does not serve {listed}: install the operator that provides it, or turn that "
            "stage off in the inventory")


def openshift_release(cluster_version: dict[str, Any] | None) -> str:
    """The release a ClusterVersion reports: the last completed update, else the desired one."""
    status = (cluster_version or {}).get("status") or {}
    for entry in status.get("history") or []:
        if entry.get("state") == "Completed" and entry.get("version"):
            return entry["version"]
    return (status.get("desired") or {}).get("version") or ""


def openshift_problem(cluster: str, cluster_version: dict[str, Any] | None, minimum: str) -> str | None:
    if cluster_version is None:
        return (f"the {cluster} cluster has no ClusterVersion 'version': it is not OpenShift; set ovnk_dpu_platform "
                "to the platform it is (lab, kind) or point the kubeconfig at the OpenShift cluster")
    release = openshift_release(cluster_version)
    return release_problem(cluster, "OpenShift", release, minimum, "ovnk_dpu_openshift_min_version", "4.18",
                           f"the {cluster} cluster's ClusterVersion reports no completed release yet ('{release}'); "
                           "wait for the install")
