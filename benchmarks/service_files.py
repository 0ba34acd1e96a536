"""Time installing the lease watchdog's files on a machine two ways in one run.

    .venv/bin/python benchmarks/service_files.py [--runs 3] [--services 3]

What the lease_watchdog role writes per machine: the program (its 11 module_utils files) and,
per service, a configuration, a kubeconfig (0600) and a unit. Way 1 is the usual role: one
ansible.builtin.copy task per kind of file, looping over the files (a module run per file).
Way 2 is the role as it is: one ovnk.dpu.service_files run for all of them. Both through
ansible-playbook on localhost into a temporary directory: the first install, then the no-op
every re-run of site.yml pays. No lab needed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROGRAM = ["lease_watchdog/" + n for n in ("backoff.py", "checks.py", "config.py", "kube.py", "lease.py", "metrics.py",
                                           "monitor.py", "renew.py", "service.py")] + ["net/netlink.py", "net/ovsdb.py"]


def files(root: Path, services: int) -> list[dict]:
    found = [{"path": str(root / "lib" / name), "content": (REPO / "plugins/module_utils" / name).read_text(),
              "mode": "0644", "label": "program"} for name in PROGRAM]
    for i in range(services):
        for suffix, mode in (("yaml", "0600"), ("kubeconfig", "0600"), ("json", "0600")):
            found.append({"path": str(root / f"svc-{i}.{suffix}"), "content": f"service {i} {suffix}\n" * 20,
                          "mode": mode, "label": f"svc-{i}"})
    return found


def playbook(way: str, root: Path, services: int) -> str:
    items = files(root, services)
    dirs = sorted({str(Path(f["path"]).parent) for f in items})
    if way == "copy":
        directory = {"path": "{{ item }}", "state": "directory", "mode": "0700"}
        copy = {"content": "{{ item.content }}", "dest": "{{ item.path }}", "mode": "{{ item.mode }}"}
        tasks = [{"name": "Directories", "ansible.builtin.file": directory, "loop": dirs},
                 {"name": "One copy per file", "ansible.builtin.copy": copy, "loop": items,
                  "loop_control": {"label": "{{ item.path }}"}, "no_log": True}]
    else:
        tasks = [{"name": "One run for all", "ovnk.dpu.service_files": {
            "directories": [{"path": d, "mode": "0700"} for d in dirs], "files": items}}]
    play = [{"hosts": "localhost", "gather_facts": False, "vars": {"ansible_python_interpreter": sys.executable},
             "tasks": tasks}]
    return json.dumps(play)


def timed(play: str) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        handle.write(play)
    env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}"}
    start = time.perf_counter()
    result = subprocess.run([BIN / "ansible-playbook", handle.name], cwd=REPO, env=env, capture_output=True, text=True,
                            check=False)
    elapsed = time.perf_counter() - start
    os.unlink(handle.name)
    if result.returncode:
        sys.exit(result.stdout[-3000:])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--services", type=int, default=3)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    for _run in range(args.runs):
        for way in ("copy", "service_files"):
            with tempfile.TemporaryDirectory() as tmp:
                play = playbook(way, Path(tmp), args.services)
                times.setdefault((way, "first install"), []).append(timed(play))
                times.setdefault((way, "no-op"), []).append(timed(play))
    count = len(files(Path("/x"), args.services))
    print(f"{count} files ({len(PROGRAM)} program + 3 x {args.services} services), median of {args.runs} runs")
    print(f"{'case':<15}{'copy loop':>12}{'service_files':>15}{'ratio':>8}")
    for case in ("first install", "no-op"):
        copy, ours = statistics.median(times[("copy", case)]), statistics.median(times[("service_files", case)])
        print(f"{case:<15}{copy:>11.1f}s{ours:>14.1f}s{copy / ours:>7.1f}x")


if __name__ == "__main__":
    main()
