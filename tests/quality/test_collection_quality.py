"""ansible-test sanity and ansible-lint (production profile) on the collection, offline.

ansible-test needs the collection under ansible_collections/ovnk/dpu and bootstraps
pip into its venvs with a get-pip.py it downloads; both are arranged here: a copy of
the tracked files next to kubernetes.core, and a cached pip wheel with an offline
get-pip stand-in (scripts/ansible-test-get-pip.py) in a private HOME.
"""

from __future__ import annotations

import json
import os
import shutil
import re
import subprocess
import sys
import tarfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

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


def run_sanity(collection_tree: Path, ansible_test_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(ansible_test_home), "PATH": f"{BIN}:{os.environ['PATH']}"}
    return subprocess.run(
        [BIN / "ansible-test", "sanity", "--venv", "--python", f"{sys.version_info.major}.{sys.version_info.minor}",
         "--color", "no"],
        cwd=collection_tree, env=env, capture_output=True, text=True, check=False,
    )


def run_lint() -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "ANSIBLE_CONFIG": str(REPO / "ansible.cfg")}
    return subprocess.run([BIN / "ansible-lint", "--offline", "--nocolor"], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)


GALAXY_IMPORTER = "galaxy-importer==0.4.44"  # the checker Galaxy and Automation Hub run on every upload
IMPORTER_CONFIG = """[galaxy-importer]
RUN_ANSIBLE_TEST = False
RUN_ANSIBLE_LINT = True
CHECK_REQUIRED_TAGS = False
"""
CACHE_DIRS = (".pytest_cache/", "__pycache__/", "tests/output/", ".venv", ".ansible/", ".collections/")


def test_role_readmes_match_their_argument_specs():
    result = subprocess.run([sys.executable, REPO / "scripts/role_readmes.py", "--check"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all((REPO / "roles" / r.name / "README.md").exists() for r in (REPO / "roles").iterdir() if r.is_dir())


def test_the_settings_doc_is_the_table():
    result = subprocess.run([sys.executable, REPO / "scripts/settings_doc.py", "--check"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_variable_the_collection_reads_is_in_the_settings_table():
    """Each ovnk_dpu_* name the roles, playbooks, inventories, molecule and AWX definitions use has its default and
    type in plugins/module_utils/inventory/settings.py (else preflight would refuse it as misspelt)."""
    from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.settings import KNOWN  # pylint: disable=import-outside-toplevel

    name = re.compile(r"\bovnk_dpu_[a-z0-9_]*[a-z0-9]\b")
    found: dict[str, str] = {}
    for source in ("roles", "playbooks", "site.yml", "inventories", "plugins", "extensions", "awx"):
        path = REPO / source
        for file in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            # The watchdog's own program reads no inventory (its ovnk_dpu_lease_* words are metric names).
            if file.suffix in (".yml", ".j2", ".py") and "module_utils/lease_watchdog/" not in str(file):
                for word in name.findall(file.read_text(encoding="utf-8")):
                    found.setdefault(word, str(file.relative_to(REPO)))
    assert {word: where for word, where in found.items() if word not in KNOWN} == {}


@pytest.fixture(scope="module")
def importer_python() -> Path:
    """galaxy-importer in a virtualenv of its own (its pins must not move the project's)."""
    venv = CACHE / "galaxy-importer"
    marker = venv / f".{GALAXY_IMPORTER}"
    if not marker.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([venv / "bin/pip", "install", "-q", "--disable-pip-version-check", GALAXY_IMPORTER], check=True)
        marker.touch()
    return venv / "bin/python"


def run_importer(collection_tree: Path, importer_python: Path, scratch: Path) -> tuple[list[str], str, int]:
    """Build the tarball as a release would and run Galaxy's importer on it (ansible-test off:
    the sanity test runs it): what leaked into the tarball, the output, the exit status."""
    build = subprocess.run([BIN / "ansible-galaxy", "collection", "build", "--output-path", scratch,
                            collection_tree], capture_output=True, text=True, check=False)
    if build.returncode != 0:
        return [], build.stdout + build.stderr, build.returncode
    (tarball,) = scratch.glob("ovnk-dpu-*.tar.gz")
    with tarfile.open(tarball) as tar:
        leaked = [n for n in tar.getnames() if any(d in n for d in CACHE_DIRS)]
    config = scratch / "importer.cfg"
    config.write_text(IMPORTER_CONFIG)
    env = {**os.environ, "GALAXY_IMPORTER_CONFIG": str(config),
           "PATH": f"{importer_python.parent}:{os.environ['PATH']}"}
    # The importer writes importer_result.json into its working directory.
    result = subprocess.run([importer_python, "-m", "galaxy_importer.main", tarball], env=env, cwd=scratch,
                            capture_output=True, text=True, check=False, timeout=600)
    return leaked, result.stdout + result.stderr, result.returncode


@pytest.fixture(scope="module")
def checks(collection_tree, ansible_test_home, importer_python, tmp_path_factory) -> Iterator[dict[str, Future]]:
    """ansible-test sanity, ansible-lint and Galaxy's importer, started together (each mostly waits on
    its own subprocesses); each test below reads its own result."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        yield {"sanity": pool.submit(run_sanity, collection_tree, ansible_test_home),
               "lint": pool.submit(run_lint),
               "importer": pool.submit(run_importer, collection_tree, importer_python,
                                       tmp_path_factory.mktemp("importer"))}


def test_ansible_test_sanity(checks):
    result = checks["sanity"].result()
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    assert "Running sanity test" in result.stdout


def test_ansible_lint_production_profile(checks):
    result = checks["lint"].result()
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    assert "production" in result.stderr + result.stdout


def test_galaxy_importer_accepts_the_built_collection(checks):
    leaked, output, status = checks["importer"].result()
    assert not leaked, leaked
    assert status == 0 and "Importer processing completed successfully" in output, output[-6000:]


# Settings whose default is a constant of plugins/module_utils/common/constants.py (the modules' defaults too).
SETTINGS_OF_CONSTANTS = {
    "NAMESPACE": "ovnk_dpu_ovnk_namespace",
    "HOST_NETWORK_NAMESPACE": "ovnk_dpu_ovnk_host_network_namespace",
    "DEFAULT_IMAGE": "ovnk_dpu_ovnk_image",
    "DPU_SERVICE_ACCOUNT": "ovnk_dpu_ovnk_dpu_service_account",
    "MIN_KUBE_VERSION": "ovnk_dpu_min_kube_version",
}


def test_the_settings_table_carries_the_collections_constants():
    import yaml  # pylint: disable=import-outside-toplevel

    from ansible_collections.ovnk.dpu.plugins.module_utils.common import constants  # pylint: disable=import-outside-toplevel
    from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.settings import SETTINGS  # pylint: disable=import-outside-toplevel

    inventory = yaml.safe_load((REPO / "inventories/lab/group_vars/all/clusters.yml").read_text())
    assert inventory["ovnk_dpu_min_kube_version"] == constants.MIN_KUBE_VERSION
    assert {name: SETTINGS[setting].default for name, setting in SETTINGS_OF_CONSTANTS.items()} == \
        {name: getattr(constants, name) for name in SETTINGS_OF_CONSTANTS}
    for role, variable in (("ovnk_node", "ovnk_node_credentials_secret"), ("lease_watchdog", "lease_watchdog_dpu_credential")):
        default = yaml.safe_load((REPO / "roles" / role / "defaults/main.yml").read_text())[variable]
        assert default == constants.CREDENTIALS_SECRET, f"roles/{role}/defaults/main.yml: {variable} ({default})"


def test_every_module_renders_with_ansible_doc_and_is_in_docs_modules_md():
    modules = sorted(p.stem for p in (REPO / "plugins/modules").glob("*.py") if not p.stem.startswith("_"))
    env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg")}
    result = subprocess.run([BIN / "ansible-doc", "--json", *(f"ovnk.dpu.{m}" for m in modules)], cwd=REPO, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    rendered = json.loads(result.stdout)
    assert sorted(rendered) == [f"ovnk.dpu.{m}" for m in modules]
    for name, doc in rendered.items():
        assert doc["doc"]["short_description"] and doc["doc"]["options"] is not None, name
        assert doc["examples"] and doc["return"], f"{name} lacks EXAMPLES or RETURN"
    listed = (REPO / "docs/modules.md").read_text()
    assert [m for m in modules if f"`ovnk.dpu.{m}`" not in listed] == []
