"""What roles/lease_watchdog installs on a machine is the whole program: every module the service
imports is in lease_watchdog_program_files, and a copy of just those files runs without Ansible.
Its systemd unit passes systemd-analyze verify."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]
MODULE_UTILS = REPO / "plugins" / "module_utils"
ROLE = REPO / "roles" / "lease_watchdog"
PREFIX = "ansible_collections.ovnk.dpu.plugins.module_utils."


def program_files() -> list[str]:
    return yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())["lease_watchdog_program_files"]


def imported_files(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PREFIX):
            relative = node.module[len(PREFIX):].replace(".", "/")
            if (MODULE_UTILS / f"{relative}.py").exists():
                found.add(f"{relative}.py")
            else:  # from <package> import <module>
                found |= {f"{relative}/{alias.name}.py" for alias in node.names
                          if (MODULE_UTILS / relative / f"{alias.name}.py").exists()}
    return found


def test_every_module_the_service_imports_is_installed():
    listed = set(program_files())
    assert {f"lease_watchdog/{p.name}" for p in (MODULE_UTILS / "lease_watchdog").glob("*.py")} <= listed
    needed = set().union(*(imported_files(MODULE_UTILS / f) for f in listed))
    assert needed <= listed, f"imported but not installed: {sorted(needed - listed)}"


def test_the_installed_copy_runs_without_ansible(tmp_path):
    lib = tmp_path / "lib" / "ansible_collections" / "ovnk" / "dpu" / "plugins" / "module_utils"
    for relative in program_files():
        (lib / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MODULE_UTILS / relative, lib / relative)
    probe = ("import sys, runpy; sys.argv = ['lease_watchdog', '--help']\n"
             "try:\n runpy.run_module('ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.service', run_name='__main__')\n"
             "except SystemExit: pass\n"
             "print('ANSIBLE' if any(m == 'ansible' or m.startswith('ansible.') for m in sys.modules) else 'NO-ANSIBLE')")
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(tmp_path / "lib")}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True).stdout
    assert "--config CONFIG" in out and out.strip().endswith("NO-ANSIBLE")


def test_the_systemd_unit_verifies(tmp_path):
    """systemd-analyze comes with Debian's systemd package (scripts/lib/common.sh installs it)."""
    unit = tmp_path / "ovnk-dpu-lease-renew-dpu-0.service"
    playbook = tmp_path / "render.yml"
    variables = {
        "ansible_python_interpreter": sys.executable,
        "lease_watchdog_service": {"name": "ovnk-dpu-lease-renew-dpu-0", "mode": "renew", "hosts": ["host-0"]},
        "lease_watchdog_prefix": "/opt/ovnk-dpu/lease-watchdog", "lease_watchdog_python": sys.executable,
        "lease_watchdog_config_dir": "/etc/ovnk-dpu/lease-watchdog",
    }
    template = {"src": str(ROLE / "templates" / "lease-watchdog.service.j2"), "dest": str(unit)}
    playbook.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "vars": variables,
                                         "tasks": [{"ansible.builtin.template": template}]}]))
    bindir = Path(sys.executable).parent
    render = subprocess.run([str(bindir / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "PATH": f"{bindir}:{os.environ['PATH']}"})
    assert render.returncode == 0, render.stdout[-2000:]
    verify = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False)
    assert verify.returncode == 0 and verify.stdout + verify.stderr == "", verify.stderr
    text = unit.read_text()
    assert "Restart=on-failure" in text and "RestartPreventExitStatus=2 78" in text
