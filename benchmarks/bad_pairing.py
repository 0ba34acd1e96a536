"""Time from start to the error for a bad pairing map, caught two ways in one run: by the
preflight (site.yml as it is) and by the dpu_pairing module against the clusters (the same
site.yml with the preflight play skipped, which is how far a bad map got before issue 10).

    sudo .venv/bin/python benchmarks/bad_pairing.py [--runs 3]

The bad map: every dpu_hosts member names dpu-0 (ovnk_dpu_peer=dpu-0). Each run uses a lab of
its own, destroyed after. Target (issue 10): the preflight fails before the lab or any cluster is
touched, so its time is that of a short play, and the ratio is the lab start it saves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BAD_MAP = ["-e", "ovnk_dpu_peer=dpu-0"]
EXPECTED = "DPU dpu-0 is paired with host-0, host-1"


def site(lab_vars: list[str], *extra: str) -> tuple[float, str]:
    env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}",
           "ANSIBLE_NOCOLOR": "1"}
    start = time.monotonic()
    result = subprocess.run([str(BIN / "ansible-playbook"), "site.yml", *lab_vars, *extra], cwd=REPO, env=env,
                            capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - start
    output = result.stdout + result.stderr
    if result.returncode == 0 or EXPECTED not in output:
        raise SystemExit(f"site.yml {' '.join(extra)} did not fail on the bad map:\n{output[-3000:]}")
    failed_task = output[output.rindex("TASK ["):].splitlines()[0]
    return elapsed, failed_task


def one_run(index: int, scratch: Path) -> dict:
    lab_vars = ["-e", f"ovnk_dpu_lab_name=badpair{index}", "-e", f"ovnk_dpu_lab_port_base={20400 + 1000 * index}",
                "-e", f"ovnk_dpu_lab_state_dir={scratch}"]
    try:
        preflight, preflight_task = site(lab_vars, *BAD_MAP)
        clusters, clusters_task = site(lab_vars, *BAD_MAP, "--skip-tags", "always,preflight")
    finally:
        subprocess.run([str(BIN / "ansible-playbook"), "playbooks/lab.yml", *lab_vars, "-e", "lab_action=destroy"],
                       cwd=REPO, capture_output=True, check=False)
    return {"preflight": preflight, "clusters": clusters, "tasks": (preflight_task, clusters_task)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ovnk-bad-pairing-") as scratch:
        runs = [one_run(i, Path(scratch)) for i in range(args.runs)]
    preflight = statistics.median(r["preflight"] for r in runs)
    clusters = statistics.median(r["clusters"] for r in runs)
    print(f"\nbad pairing map, time to the error (median of {args.runs}, {os.cpu_count()} cores)")
    print(f"  caught by the preflight:            {preflight:6.1f} s  ({runs[0]['tasks'][0]})")
    print(f"  caught by dpu_pairing (no preflight): {clusters:6.1f} s  ({runs[0]['tasks'][1]})")
    print(f"  ratio: {clusters / preflight:.1f}x sooner")


if __name__ == "__main__":
    main()
