"""ansible-test sanity and ansible-lint (production profile) on the collection, offline.

ansible-test needs the collection under ansible_collections/ovnk/dpu and bootstraps
pip into its venvs with a get-pip.py it downloads; both are arranged here: a copy of
the tracked files next to kubernetes.core, and a cached pip wheel with an offline
get-pip stand-in (scripts/ansible-test-get-pip.py) in a private HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.quality

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("OVNK_DPU_CACHE", Path.home() / ".cache/ovnk-dpu"))
PIP_FOR_ANSIBLE_TEST = "24.2"  # ansible-core 2.19's ansible-test bootstraps this pip
BIN = Path(sys.executable).parent


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    return [f for f in out.decode().split("\0") if f and (REPO / f).is_file()]


@pytest.fixture(scope="module")
def collection_tree() -> Path:
    root = CACHE / "sanity" / "ansible_collections"
    dest = root / "ovnk" / "dpu"
    shutil.rmtree(dest, ignore_errors=True)
    for rel in tracked_files():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, dest / rel)
    k8s = root / "kubernetes" / "core"
    if not k8s.exists():
        shutil.copytree(CACHE / "collections/ansible_collections/kubernetes/core", k8s)
    return dest


@pytest.fixture(scope="module")
def ansible_test_home() -> Path:
    home = CACHE / "ansible-test-home"
    cache = home / ".ansible/test/cache"
    cache.mkdir(parents=True, exist_ok=True)
    if not list(cache.glob(f"pip-{PIP_FOR_ANSIBLE_TEST}-*.whl")):
        subprocess.run([BIN / "pip", "download", "-q", "--no-deps", "-d", cache, f"pip=={PIP_FOR_ANSIBLE_TEST}"],
                       check=True)
    shim = cache / f"get_pip_{PIP_FOR_ANSIBLE_TEST.replace('.', '_')}.py"
    shutil.copy2(REPO / "scripts/ansible-test-get-pip.py", shim)
    return home


def test_ansible_test_sanity(collection_tree, ansible_test_home):
    env = {**os.environ, "HOME": str(ansible_test_home), "PATH": f"{BIN}:{os.environ['PATH']}"}
    result = subprocess.run(
        [BIN / "ansible-test", "sanity", "--venv", "--python", f"{sys.version_info.major}.{sys.version_info.minor}",
         "--color", "no"],
        cwd=collection_tree, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    assert "Running sanity test" in result.stdout


def test_ansible_lint_production_profile():
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "ANSIBLE_CONFIG": str(REPO / "ansible.cfg")}
    result = subprocess.run([BIN / "ansible-lint", "--offline", "--nocolor"], cwd=REPO, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    assert "production" in result.stderr + result.stdout
