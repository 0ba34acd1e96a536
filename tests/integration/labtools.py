"""Helpers for the lab integration tests: real control planes, kwok nodes, namespaces and OVS.

They run the collection the way a user does (ansible-playbook with the lab
inventory) on a lab of their own (name, ports and state dir apart from the
default lab), and leave nothing behind.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CACHE = Path(os.environ.get("OVNK_DPU_CACHE", Path.home() / ".cache/ovnk-dpu"))
# The stages a test of another stage can do without (test_lab_site and test_pools_sriov_taints run them).
DAY2_OFF = ("-e", "ovnk_dpu_machine_config_pools=false", "-e", "ovnk_dpu_sriov=false", "-e", "ovnk_dpu_node_taints=false")
_RECAP = re.compile(r"^localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


@dataclass
class Run:
    rc: int
    output: str

    @property
    def changed(self) -> int:
        return sum(int(m.group(2)) for m in _RECAP.finditer(self.output))

    @property
    def failed(self) -> int:
        return sum(int(m.group(4)) for m in _RECAP.finditer(self.output))


@dataclass
class LabUnderTest:
    name: str
    port_base: int
    state_parent: Path

    @property
    def state_dir(self) -> Path:
        return self.state_parent / self.name

    def extra_vars(self) -> list[str]:
        return ["-e", f"ovnk_dpu_lab_name={self.name}", "-e", f"ovnk_dpu_lab_port_base={self.port_base}",
                "-e", f"ovnk_dpu_lab_state_dir={self.state_parent}"]

    def playbook(self, playbook: str, *args: str, env: dict[str, str] | None = None) -> Run:
        full_env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}",
                    "ANSIBLE_NOCOLOR": "1", **(env or {})}
        result = subprocess.run(
            [BIN / "ansible-playbook", playbook, *self.extra_vars(), *args],
            cwd=REPO, env=full_env, capture_output=True, text=True, check=False, timeout=900,
        )
        return Run(result.returncode, result.stdout + result.stderr)

    def ovs_vsctl(self, dpu: str, *args: str) -> str:
        """ovs-vsctl against the lab OVS of DPU node dpu."""
        sock = Path("/run/ovnk-dpu", self.name, f"{dpu}.db.sock")  # the lab inventory's ovnk_dpu_ovs_remote_format
        return subprocess.run(["ovs-vsctl", f"--db=unix:{sock}", *args], capture_output=True, text=True,
                              check=True).stdout.strip()

    def processes(self) -> list[str]:
        """Command lines of live processes that belong to this lab."""
        return list(command_lines(str(self.state_dir)).values())


def command_lines(*marks: str) -> dict[int, str]:
    """pid -> command line of every live process whose command line holds every mark."""
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                cmdline = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if all(mark in cmdline for mark in marks):
                found[int(entry.name)] = cmdline
    return found


@contextmanager
def destroyed_after(lab: LabUnderTest) -> Iterator[LabUnderTest]:
    """The lab goes when the block ends, however it ends: a fixture whose setup fails leaves no
    processes holding the ports of the next try."""
    try:
        yield lab
    finally:
        lab.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")


def require_lab_host() -> None:
    if os.geteuid() != 0:
        pytest.fail("lab tests need root (network namespaces, OVS): run scripts/test.sh as root")
    if not (CACHE / "lab/bin/kube-apiserver").exists():
        pytest.fail(f"no lab binaries under {CACHE}/lab/bin: run scripts/build-lab-binaries.sh (scripts/test.sh does)")


def process_tree(root: int) -> list[int]:
    """root and every process descended from it (Ansible's workers lead sessions of their own, so a
    signal to root's process group misses them)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                ppid = int(Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def kill_tree(root: int) -> None:
    """SIGKILL root and all its descendants at once, as a power cut or `kill -9` on the whole run would."""
    for pid in process_tree(root):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def playbook_with_fault(lab: LabUnderTest, playbook: str, faults: dict[str, Callable[[subprocess.Popen], None]],
                        *args: str, env: dict[str, str] | None = None) -> Run:
    """Run a playbook and, the first time a line of its output contains a key of faults, do that fault
    (given the ansible-playbook process, which leads its own process group)."""
    full_env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}",
                "ANSIBLE_NOCOLOR": "1", **(env or {})}
    process = subprocess.Popen([BIN / "ansible-playbook", playbook, *lab.extra_vars(), *args], cwd=REPO, env=full_env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    pending, lines = dict(faults), []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        for mark in [m for m in pending if m in line]:
            pending.pop(mark)(process)
    process.wait(timeout=900)
    assert not pending, f"never reached: {list(pending)}"
    return Run(process.returncode, "".join(lines))
