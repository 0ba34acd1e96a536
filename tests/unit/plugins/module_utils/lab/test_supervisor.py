"""The lab's supervisor with real processes: restarts what dies, leaves down what asked to stay
down, stops with its service."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import supervisor

SCRIPT = Path(supervisor.__file__)


def supervise(tmp_path: Path, child: str, *options: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), "--name", "t", *options, "--", sys.executable, "-c", child],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_crashing_service_is_started_again(tmp_path):
    # Each start appends a line; the first two crash (exit 1), the third stays up.
    child = ("import pathlib,time,sys; p=pathlib.Path('starts'); p.write_text(p.read_text()+'x' if p.exists() else 'x');"
             " sys.exit(1) if len(p.read_text()) < 3 else time.sleep(60)")
    proc = supervise(tmp_path, child)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not (tmp_path / "starts").exists() or len((tmp_path / "starts").read_text()) < 3):
        time.sleep(0.1)
    assert (tmp_path / "starts").read_text() == "xxx"
    proc.send_signal(signal.SIGTERM)
    out = proc.communicate(timeout=20)[0]
    assert proc.returncode == 0
    assert out.count("exited 1; restarting") == 2 and "supervisor t: stopped" in out


def test_a_refusal_stays_down(tmp_path):
    proc = supervise(tmp_path, "import sys; sys.exit(78)", "--no-restart-status", "78")
    out = proc.communicate(timeout=20)[0]
    assert proc.returncode == 78 and "exited 78; not restarting" in out
