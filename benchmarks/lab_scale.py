"""How the lab and site.yml scale: lab start, first site.yml and the no-op re-run at several sizes,
with peak memory, printed as a table; and an empty play, timed in the same run, as the unit the
no-op re-run is measured in.

    sudo .venv/bin/python benchmarks/lab_scale.py [--pairs 2 16 64] [--empty-runs 3] [--profile]

With --profile, the first run and the no-op re-run of the largest size also print where their time goes: per
play (stage) and the slowest tasks (benchmarks/callback_plugins/task_times.py).

Each size runs on a lab of its own (own name, ports and state dir), which is destroyed after.
Peak memory is the largest sum, sampled every 0.5 s, of the proportional set size (PSS) of every
process of the lab (API servers, etcds, controllers, kwoks, OVS) and of ansible-playbook and its
workers. Targets (issue 22): the no-op re-run at 2 pairs <= 20 empty plays; the no-op re-run at 64 pairs <= 2x the
one at 2 pairs; the first site.yml at 64 pairs <= 3 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EMPTY_PLAY = "- hosts: localhost\n  gather_facts: false\n  tasks: []\n"


def pss_kib(pid: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


class PeakMemory:
    """Samples the PSS of the lab's processes and of Ansible's until stopped."""

    def __init__(self, state_dir: Path) -> None:
        self.markers = (str(state_dir), "ansible-playbook", "AnsiballZ")
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
        return sum(pss_kib(p) for p in pids if any(m in cmdline(p) for m in self.markers))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, self._sample())
            self._stop.wait(0.5)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def playbook(args: list[str], env: dict[str, str]) -> float:
    start = time.monotonic()
    result = subprocess.run([str(BIN / "ansible-playbook"), *args], cwd=REPO, env=env, capture_output=True,
                            text=True, check=False)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"ansible-playbook {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    return elapsed


def base_env() -> dict[str, str]:
    return {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}",
            "ANSIBLE_NOCOLOR": "1"}


def empty_play(runs: int, scratch: Path) -> float:
    path = scratch / "empty.yml"
    path.write_text(EMPTY_PLAY)
    return statistics.median([playbook([str(path)], base_env()) for _run in range(runs)])


def profiled(env: dict[str, str], path: Path) -> dict[str, str]:
    return {**env, "ANSIBLE_CALLBACK_PLUGINS": str(REPO / "benchmarks/callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "task_times", "OVNK_DPU_TASK_TIMES": str(path)}


def print_profile(title: str, path: Path, top: int = 12) -> None:
    times = json.loads(path.read_text())
    print(f"\n{title}: per play (stage)")
    for play in times["plays"]:
        print(f"  {play.get('seconds', 0):7.1f} s  {play['play']}")
    print(f"{title}: the {top} slowest tasks")
    for task in sorted(times["tasks"], key=lambda t: -t.get("seconds", 0))[:top]:
        print(f"  {task.get('seconds', 0):7.1f} s  {task['task']}  ({task['play'].split('|')[0].strip()})")


def one_size(pairs: int, index: int, scratch: Path, profile: bool = False) -> dict:
    name, state_parent = f"scale{pairs}", scratch / f"state{pairs}"
    lab_vars = ["-e", f"ovnk_dpu_lab_name={name}", "-e", f"ovnk_dpu_lab_port_base={30400 + 1000 * index}",
                "-e", f"ovnk_dpu_lab_state_dir={state_parent}"]
    env = {**base_env(), "OVNK_DPU_LAB_PAIRS": str(pairs)}
    row = {"pairs": pairs}
    first_times, noop_times = scratch / f"first{pairs}.json", scratch / f"noop{pairs}.json"
    with PeakMemory(state_parent / name) as memory:
        try:
            row["start"] = playbook(["playbooks/lab.yml", *lab_vars], env)
            row["first"] = playbook(["site.yml", *lab_vars], profiled(env, first_times) if profile else env)
            row["noop"] = playbook(["site.yml", *lab_vars], profiled(env, noop_times) if profile else env)
            if profile:
                print_profile(f"{pairs} pairs, first site.yml", first_times)
                print_profile(f"{pairs} pairs, no-op re-run", noop_times)
        finally:
            subprocess.run([str(BIN / "ansible-playbook"), "playbooks/lab.yml", *lab_vars, "-e", "lab_action=destroy"],
                           cwd=REPO, env=env, capture_output=True, check=False)
    row["peak_gib"] = memory.peak_kib / 1024 / 1024
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, nargs="+", default=[2, 16, 64])
    parser.add_argument("--empty-runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print where the largest size's runs spend their time")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="lab-scale-"))
    try:
        empty = empty_play(args.empty_runs, scratch)
        rows = [one_size(pairs, i, scratch, args.profile and pairs == max(args.pairs)) for i, pairs in enumerate(args.pairs)]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nlab scale on {os.cpu_count()} cores; an empty play takes {empty:.2f} s (median of {args.empty_runs})")
    print(f"{'pairs':>5} {'nodes':>5} {'lab start s':>11} {'first site.yml s':>16} {'no-op re-run s':>14} "
          f"{'no-op / empty play':>18} {'peak GiB':>8}")
    for r in rows:
        print(f"{r['pairs']:>5} {2 * r['pairs'] + 1:>5} {r['start']:>11.1f} {r['first']:>16.1f} {r['noop']:>14.1f} "
              f"{r['noop'] / empty:>18.1f} {r['peak_gib']:>8.2f}")
    smallest, largest = rows[0], rows[-1]
    print(f"no-op re-run, {largest['pairs']} pairs / {smallest['pairs']} pairs: {largest['noop'] / smallest['noop']:.2f}x "
          f"(target <= 2x); {smallest['pairs']} pairs / empty play: {smallest['noop'] / empty:.1f} (target <= 20); "
          f"first site.yml at {largest['pairs']} pairs: {largest['first']:.0f} s (target <= 180 s)")


if __name__ == "__main__":
    main()
