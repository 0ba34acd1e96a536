"""Helpers of the site tests: the molecule steps on the package's lab, API clients, what the lab's
namespaces and clusters hold."""

from __future__ import annotations

import os
import subprocess
import time

from kubernetes import client as k8s, config as k8s_config
from pyroute2 import netns

from labtools import BIN, REPO, LabUnderTest, Run

HOSTS = ["host-0", "host-1", "worker-0"]
DPUS = ["dpu-0", "dpu-1"]


def molecule(lab: LabUnderTest, step: str, env: dict[str, str] | None = None) -> Run:
    """A step of the molecule default scenario, on this module's lab."""
    full_env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "NO_COLOR": "1", "ANSIBLE_NOCOLOR": "1",
                "OVNK_DPU_LAB_NAME": lab.name, "OVNK_DPU_LAB_PORT_BASE": str(lab.port_base),
                "OVNK_DPU_LAB_STATE_DIR": str(lab.state_parent), **(env or {})}
    result = subprocess.run([BIN / "molecule", step, "-s", "default"], cwd=REPO, env=full_env, capture_output=True,
                            text=True, check=False, timeout=900)
    return Run(result.returncode, result.stdout + result.stderr)


def namespaces(lab: LabUnderTest) -> set[str]:
    return {ns for ns in netns.listnetns() if ns.startswith(f"{lab.name}-")}


def api(lab: LabUnderTest, cluster: str) -> k8s.ApiClient:
    return k8s_config.new_client_from_config(str(lab.state_dir / cluster / "admin.kubeconfig"))


def ready_nodes(lab: LabUnderTest) -> dict[str, set[str]]:
    """Each cluster's Nodes that are Ready (the scheduler's view is checked by verify_clusters.yml once)."""
    return {cluster: {n.metadata.name for n in k8s.CoreV1Api(api(lab, cluster)).list_node().items
                      if any(c.type == "Ready" and c.status == "True" for c in n.status.conditions)}
            for cluster in ("tenant", "infra")}


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()
