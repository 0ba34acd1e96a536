"""Time the OVN-K base's CRD step two ways in one run, on a running lab.

    .venv/bin/python benchmarks/ovnk_apply.py [--runs 3]

The seed (004, step 9) applies the 11 CRD files one by one. Done that way with Ansible, each
file is its own kubernetes.core.k8s task: one module start-up and one API discovery per file.
ovnk_base applies them as one task with the list. Both ways go through ansible-playbook against
the lab's tenant API server, server-side apply, re-applying what is already there (the no-op
every re-run of site.yml pays) and then after deleting the CRDs (a first install).
Needs the lab up (./scripts/run-site.sh); leaves the CRDs applied.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CRDS = sorted((REPO / "roles/ovnk_base/files/crds").glob("*.yaml"))
KUBECONFIG = "/var/lib/ovnk-dpu/lab/ovnkdpu/tenant/admin.kubeconfig"

TASK = """
    - name: CRDs
      kubernetes.core.k8s:
        kubeconfig: {kubeconfig}
        apply: true
        server_side_apply: {{field_manager: ovnk.dpu}}
        definition: "{{{{ query('ansible.builtin.file', *{files}) | map('from_yaml')
                        | map('ovnk.dpu.crd_manifest') | list }}}}"
"""


def playbook(tasks: list[list[Path]]) -> str:
    body = "".join(TASK.format(kubeconfig=KUBECONFIG, files=[str(f) for f in files]) for files in tasks)
    return f"- hosts: localhost\n  gather_facts: false\n  tasks:{body}"


def run(play: str) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        handle.write(play)
    env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}"}
    start = time.perf_counter()
    done = subprocess.run([BIN / "ansible-playbook", handle.name], cwd=REPO, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    os.unlink(handle.name)
    if done.returncode:
        sys.exit(done.stdout[-3000:] + done.stderr[-2000:])
    return elapsed


def delete_crds() -> None:
    from kubernetes import config, dynamic
    crds = dynamic.DynamicClient(config.new_client_from_config(KUBECONFIG)).resources.get(
        api_version="apiextensions.k8s.io/v1", kind="CustomResourceDefinition")
    for path in CRDS:
        crds.delete(name=yaml.safe_load(path.read_text())["metadata"]["name"])
    time.sleep(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not Path(KUBECONFIG).exists():
        sys.exit("start the lab first: ./scripts/run-site.sh")
    one_each, one_list = playbook([[f] for f in CRDS]), playbook([CRDS])
    run(one_list)  # warm caches, make sure the CRDs exist
    for label in ("re-apply (no-op)", "first install"):
        each, listed = [], []
        for _run in range(args.runs):
            if label == "first install":
                delete_crds()
            each.append(run(one_each))
            if label == "first install":
                delete_crds()
            listed.append(run(one_list))
        e, li = min(each), min(listed)
        print(f"{label:18s} {len(CRDS)} tasks, one per file: {e:6.2f} s | one task, one list: {li:6.2f} s | "
              f"{e / li:4.1f}x (best of {args.runs})")


if __name__ == "__main__":
    main()
