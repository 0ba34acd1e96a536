# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start, find and stop the lab's long-running processes.

A lab process is detached from Ansible (own session, output to a log file), and
recorded in a pidfile. A pid only counts as ours while its command line still
names the lab's state directory, so a recycled pid is never signalled.
"""

from __future__ import annotations

import inspect
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

try:
    from pyroute2 import netns as pyroute2_netns
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    pyroute2_netns = None


@dataclass
class Process:
    """One supervised program of the lab."""

    name: str
    argv: list[str]
    pidfile: Path
    log: Path
    # Strings that together appear in this process's command line only.
    markers: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    netns: Optional[str] = None
    # Daemons that fork and write their own pidfile (OVS) set this.
    self_detaching: bool = False


def _cmdline(pid: int) -> Optional[str]:
    """The command line of pid; None if it is gone or a zombie.

    While a large binary is being exec'd the kernel briefly reports an empty
    command line: that is "" (alive, not yet identifiable), not None.
    """
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    if state == "Z":
        return None
    return raw.replace(b"\0", b" ").decode("utf-8", "replace")


def read_pid(pidfile: Path) -> Optional[int]:
    try:
        return int(pidfile.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def running_pid(proc: Process) -> Optional[int]:
    """The pid of proc if it runs now, else None."""
    pid = read_pid(proc.pidfile)
    if pid and is_alive(proc, pid):
        return pid
    return None


def is_alive(proc: Process, pid: int) -> bool:
    cmdline = _cmdline(pid)
    return bool(cmdline) and all(m in cmdline for m in proc.markers)


def is_gone(proc: Process, pid: int) -> bool:
    cmdline = _cmdline(pid)
    return cmdline is None or (cmdline != "" and not all(m in cmdline for m in proc.markers))


def _enter_netns(name: str) -> Callable[[], None]:
    def enter() -> None:
        pyroute2_netns.setns(name, flags=0, fork=False)

    return enter


def start(proc: Process) -> int:
    """Start proc detached and return its pid."""
    return settle(proc, spawn(proc))


def spawn(proc: Process) -> subprocess.Popen:
    """Launch proc detached (own session, output to its log); settle() finishes the start.
    Several can be spawned before any is settled, so their start-ups overlap."""
    proc.pidfile.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    proc.log.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {"PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), **proc.env}
    with open(proc.log, "ab") as log:
        return subprocess.Popen(
            proc.argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            close_fds=True,
            start_new_session=True,
            preexec_fn=_enter_netns(proc.netns) if proc.netns else None,
        )


def settle(proc: Process, child: subprocess.Popen) -> int:
    """The pid of a spawned proc: a self-detaching daemon's once it has detached, else the child's."""
    if proc.self_detaching:
        rc = child.wait(timeout=60)
        if rc != 0:
            raise RuntimeError(f"{proc.name} failed to start (exit {rc}); see {proc.log}")
        pid = read_pid(proc.pidfile)
        if pid is None:
            raise RuntimeError(f"{proc.name} started but wrote no pidfile {proc.pidfile}")
        return pid
    proc.pidfile.write_text(f"{child.pid}\n")
    _wait_for_exec(child.pid)
    return child.pid


def _wait_for_exec(pid: int, timeout: float = 5.0) -> None:
    """Wait out the moment where an exec'ing process shows an empty command line."""
    deadline = time.monotonic() + timeout
    while _cmdline(pid) == "" and time.monotonic() < deadline:
        time.sleep(0.01)


def stop(proc: Process, timeout: float = 15.0) -> bool:
    """Stop proc if it runs (TERM, then KILL after timeout). True if it was running."""
    pid = running_pid(proc)
    if pid is None:
        proc.pidfile.unlink(missing_ok=True)
        return False
    _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_alive(proc, pid):
            break
        time.sleep(0.1)
    else:
        _signal(pid, signal.SIGKILL)
        _wait_gone(proc, pid, 5.0)
    proc.pidfile.unlink(missing_ok=True)
    return True


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _wait_gone(proc: Process, pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and is_alive(proc, pid):
        time.sleep(0.1)


def pids_mentioning(text: str) -> list[int]:
    """Pids of live processes whose command line contains text (leftover sweep)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid() and text in (_cmdline(int(entry.name)) or ""):
            found.append(int(entry.name))
    return found


def kill_all(pids: list[int], timeout: float = 10.0) -> None:
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_cmdline(p) is not None for p in pids):
        time.sleep(0.1)
    for pid in pids:
        if _cmdline(pid) is not None:
            _signal(pid, signal.SIGKILL)


_FATAL = re.compile(r"^(F\d{4} |panic: |fatal error: |.*\bERROR\b)")


def log_tail(path: Path, lines: int = 15) -> str:
    """The end of a log, or the last fatal message in it: a Go crash ends with a
    goroutine dump that says nothing, while its cause sits above it."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return ""
    fatal = [i for i, line in enumerate(text) if _FATAL.match(line)]
    if fatal:
        return "\n".join(text[fatal[-1]:fatal[-1] + 3])
    return "\n".join(text[-lines:])


def write_program(path: Path, module: Any) -> bool:
    """A module of the collection written out as a file the lab runs (the lab's own code runs from
    a temporary zip). True if the file was written (new, or the code changed)."""
    source = inspect.getsource(module)
    if path.exists() and path.read_text() == source:
        return False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text(source)
    os.chmod(path, 0o600)
    return True
