"""execution-environment.yml builds: `ansible-builder create` (offline: it only writes the build context)
turns it into a Containerfile whose steps install the repository's Galaxy, Python and system
requirements, and the collection itself, which installs from the context with no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUILDER = BIN / "ansible-builder"
# Any attempt to reach the network fails at once instead of leaving the machine.
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
           "PIP_NO_INDEX": "1"}


def requirements(text: str) -> dict[str, Requirement]:
    lines = (line.split("#")[0].strip() for line in text.splitlines())
    return {(req := Requirement(line)).name.lower(): req for line in lines if line and not line.startswith("-")}


@pytest.fixture(scope="module")
def definition() -> dict:
    return yaml.safe_load((REPO / "execution-environment.yml").read_text())


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> Path:
    if not BUILDER.exists():
        pytest.fail(f"{BUILDER} is missing: install the dev requirements ({BIN / 'pip'} install -r requirements-dev.txt, "
                    "which has ansible-builder>=3.2)")
    ctx = tmp_path_factory.mktemp("ee") / "context"
    run = subprocess.run([BUILDER, "create", "--file", "execution-environment.yml", "--context", ctx,
                          "--output-filename", "Containerfile"], cwd=REPO, env={**os.environ, **OFFLINE},
                         capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return ctx


def test_the_definition_is_ansible_builder_v3_with_the_repositorys_files(definition):
    assert definition["version"] == 3
    assert definition["dependencies"]["galaxy"] == "requirements.yml"
    assert definition["dependencies"]["python"] == "requirements.txt"
    assert definition["dependencies"]["system"] == "bindep.txt"


def test_the_ansible_core_range_is_the_projects(definition):
    ee = Requirement(definition["dependencies"]["ansible_core"]["package_pip"])
    dev = requirements((REPO / "requirements-dev.txt").read_text())["ansible-core"]
    assert ee.name == "ansible-core"
    for version in ("2.15.9", "2.16.0", "2.19.14", "2.20.0"):
        assert ee.specifier.contains(version) == dev.specifier.contains(version), version


def test_the_containerfile_starts_from_the_base_image_and_installs_everything(context, definition):
    containerfile = (context / "Containerfile").read_text()
    base = definition["images"]["base_image"]["name"]
    assert f'ARG EE_BASE_IMAGE="{base}"' in containerfile and "FROM $EE_BASE_IMAGE AS base" in containerfile
    assert definition["dependencies"]["ansible_core"]["package_pip"] in containerfile
    for step in ("RUN $PYCMD -m pip install --no-cache-dir $ANSIBLE_INSTALL_REFS",
                 "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml",
                 "introspect.py introspect --user-pip=requirements.txt --user-bindep=bindep.txt",
                 "RUN /output/scripts/assemble",
                 "RUN /output/scripts/install-from-bindep",
                 "ansible-galaxy collection install --offline --no-deps /build/ovnk.dpu"):
        assert step in containerfile, step


def test_the_context_has_the_repositorys_requirements(context):
    build = context / "_build"
    assert (build / "requirements.yml").read_bytes() == (REPO / "requirements.yml").read_bytes()
    assert (build / "bindep.txt").read_bytes() == (REPO / "bindep.txt").read_bytes()
    wanted = requirements((REPO / "requirements.txt").read_text())
    copied = requirements((build / "requirements.txt").read_text())
    assert {name: str(req) for name, req in copied.items() if name in wanted} == {n: str(r) for n, r in wanted.items()}


def test_bindep_gives_ovs_vsctl_and_graphviz_on_both_families():
    try:
        from bindep.depends import Depends  # pylint: disable=import-outside-toplevel
    except ImportError:
        pytest.fail("bindep is missing: it comes with ansible-builder (requirements-dev.txt)")
    depends = Depends((REPO / "bindep.txt").read_text())
    for family, packages in (("rpm", {"openvswitch", "graphviz"}), ("dpkg", {"openvswitch-switch", "graphviz"})):
        rules = depends.active_rules([f"platform:{family}", "default"])
        assert {rule[0] for rule in rules} == packages, family
    assert "iproute" not in (REPO / "bindep.txt").read_text().split("#")[0]  # netlink is pyroute2's


def test_the_collection_in_the_context_installs_offline(context, tmp_path):
    source = context / "_build" / "ovnk.dpu"
    for part in ("meta", "plugins", "roles", "playbooks"):
        wanted = {p.relative_to(REPO) for p in (REPO / part).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
        assert wanted <= {p.relative_to(source) for p in (source / part).rglob("*")}, part
    # Away from the repository's ansible.cfg, whose collections path already has ovnk.dpu (a link to it).
    env = {**{k: v for k, v in os.environ.items() if k != "ANSIBLE_CONFIG"}, **OFFLINE,
           "ANSIBLE_COLLECTIONS_PATH": str(tmp_path)}
    run = subprocess.run([BIN / "ansible-galaxy", "collection", "install", "--offline", "--no-deps", source,
                          "--collections-path", tmp_path], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    installed = tmp_path / "ansible_collections" / "ovnk" / "dpu"
    assert (installed / "plugins/inventory/lab_topology.py").is_file()
    assert sorted(p.name for p in (installed / "roles").iterdir()) == sorted(
        p.name for p in (REPO / "roles").iterdir() if p.is_dir())
