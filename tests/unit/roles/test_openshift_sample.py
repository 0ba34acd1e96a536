"""The openshift sample inventory is complete: with two kubeconfigs in place the whole preflight
(inventory, pairing, OVN-K, every mode, MachineConfigPools, SR-IOV, taints and what holds between
them) passes, and without them it names exactly those two variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://api.CLUSTER.example.com:6443"}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
users: [{name: u, user: {token: not-a-real-token}}]
"""


def preflight(*extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}",
           "ANSIBLE_NOCOLOR": "1"}
    return subprocess.run([BIN / "ansible-playbook", "playbooks/preflight.yml", "-i", "inventories/openshift-sample",
                           "-e", f"ansible_python_interpreter={sys.executable}", *extra],
                          cwd=REPO, env=env, capture_output=True, text=True, check=False, timeout=300)


def test_the_sample_passes_the_whole_preflight_once_its_kubeconfigs_exist(tmp_path):
    paths = {}
    for cluster in ("tenant", "infra"):
        paths[cluster] = tmp_path / f"{cluster}.kubeconfig"
        paths[cluster].write_text(KUBECONFIG.replace("CLUSTER", cluster))
        paths[cluster].chmod(0o600)
    run = preflight("-e", f"ovnk_dpu_tenant_kubeconfig={paths['tenant']}", "-e", f"ovnk_dpu_infra_kubeconfig={paths['infra']}")
    assert run.returncode == 0, run.stdout[-3000:]
    assert "not-a-real-token" not in run.stdout


def test_without_its_kubeconfigs_it_names_them_and_nothing_else():
    run = preflight()
    assert run.returncode != 0
    text = " ".join(run.stdout.split())
    assert "ovnk_dpu_tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig does not exist" in text
    assert "ovnk_dpu_infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig does not exist" in text
    problems = text.split("problems:")[1].split("PLAY RECAP")[0]
    assert problems.count("- ") == 2, problems
