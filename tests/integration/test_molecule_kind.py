"""The molecule kind scenario: seed 004's topology on kind. It needs a Docker engine; where none
answers, the test says so in one line and is reported as skipped, never as passed. Its playbooks are
syntax-checked everywhere (ansible-lint checks them with the rest in tests/quality)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from labtools import BIN, REPO

SCENARIO = REPO / "extensions/molecule/kind"
ENV = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
       "NO_COLOR": "1"}


def docker_problem() -> str:
    """Why the kind scenario cannot run here ('' if it can)."""
    if shutil.which("docker") is None:
        return "no docker command"
    probe = subprocess.run(["docker", "info"], capture_output=True, text=True, check=False, timeout=60)
    if probe.returncode != 0:
        return "docker info failed: " + (probe.stderr.strip().splitlines() or ["?"])[-1]
    return "" if shutil.which("kind") else "no kind command"


@pytest.mark.parametrize("playbook", sorted(p.name for p in SCENARIO.glob("*.yml") if p.name != "molecule.yml"))
def test_kind_scenario_playbooks_pass_syntax_check(playbook: str):
    run = subprocess.run([BIN / "ansible-playbook", "--syntax-check", "-i", str(REPO / "inventories/kind"),
                          str(SCENARIO / playbook)], cwd=SCENARIO, env=ENV, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_kind_scenario_runs_where_docker_answers():
    problem = docker_problem()
    if problem:
        pytest.skip(f"molecule scenario kind NOT RUN: {problem} (it needs a Docker engine and the kind CLI)")
    run = subprocess.run([BIN / "molecule", "test", "-s", "kind"], cwd=REPO, env=ENV, capture_output=True, text=True,
                         check=False, timeout=3600)
    assert run.returncode == 0, (run.stdout + run.stderr)[-5000:]


def test_default_scenario_is_what_the_lab_tests_run():
    """tests/integration/test_lab_site.py runs the default scenario's steps; its files are the ones it runs."""
    default = REPO / "extensions/molecule/default"
    expected = {"molecule.yml", "create.yml", "converge.yml", "verify.yml", "destroy.yml"}
    assert {p.name for p in default.glob("*.yml")} == expected
    assert "../../../site.yml" in (default / "converge.yml").read_text()
    assert "playbooks/teardown.yml" in (default / "destroy.yml").read_text()
    assert Path(REPO / "galaxy.yml").exists()  # molecule finds extensions/molecule through it
