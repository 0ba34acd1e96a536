"""The lab's simulated nodes two ways, in one run: kubemark (a hollow kubelet process per node)
vs kwok (one process per cluster for every node).

    sudo .venv/bin/python benchmarks/lab_nodes.py [--nodes 16] [--settle 20]

Needs the lab binaries with kubemark: scripts/build-lab-binaries.sh --with-kubemark.
For each way it registers --nodes nodes in the tenant cluster of a small lab of its own, times
until all are Ready, lets them settle, then measures for --settle seconds the memory (RSS) and CPU
of the processes that simulate them and of the tenant API server. Prints a table and the ratios.
Cleans up after itself (the lab is destroyed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".collections"))

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import components, nodes, processes  # noqa: E402
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab  # noqa: E402
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import build_spec  # noqa: E402

CACHE = Path(os.environ.get("OVNK_DPU_CACHE", Path.home() / ".cache/ovnk-dpu"))
BIN = CACHE / "lab/bin"
TICK = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def measure(pids: list[int], seconds: float) -> tuple[float, float]:
    """(RSS MiB summed at the end, CPU share of one core over the window)."""
    before = sum(cpu_seconds(p) for p in pids)
    time.sleep(seconds)
    used = sum(cpu_seconds(p) for p in pids) - before
    return sum(rss_mib(p) for p in pids), (100 * used / seconds if seconds else 0.0)


def wait_ready(api: nodes.NodeApi, names: list[str], timeout: float = 300) -> float:
    start = time.monotonic()
    pending = nodes.wait_ready([api], {api.cluster: names}, timeout)
    if pending:
        raise SystemExit(f"not Ready after {timeout}s: {pending[:5]}")
    return time.monotonic() - start


def run_kwok(lab: Lab, api: nodes.NodeApi, count: int, settle: float) -> dict:
    names = [f"kwok-{i}" for i in range(count)]
    kwok_pid = processes.running_pid(components.kwok(lab.spec, lab.spec.cluster("tenant")))
    apiserver = processes.running_pid(components.kube_apiserver(lab.spec, lab.spec.cluster("tenant")))
    idle_rss = measure([kwok_pid], 0)[0]
    start = time.monotonic()
    api.register(names)
    ready = time.monotonic() - start + wait_ready(api, names)
    time.sleep(settle)
    rss, cpu = measure([kwok_pid], settle)
    api_rss, api_cpu = measure([apiserver], settle)
    api.delete(names)
    return {"way": "kwok (1 process)", "ready_s": ready, "rss": rss, "per_node": (rss - idle_rss) / count,
            "cpu": cpu, "api_rss": api_rss, "api_cpu": api_cpu}


def run_kubemark(lab: Lab, api: nodes.NodeApi, count: int, settle: float, scratch: Path) -> dict:
    names = [f"mark-{i}" for i in range(count)]
    kubeconfig = lab.spec.kubeconfig("tenant")
    apiserver = processes.running_pid(components.kube_apiserver(lab.spec, lab.spec.cluster("tenant")))
    procs = []
    start = time.monotonic()
    for i, name in enumerate(names):
        tmp = scratch / name
        tmp.mkdir(parents=True)
        proc = processes.Process(
            name=name, argv=[str(BIN / "kubemark"), "--morph=kubelet", f"--name={name}", f"--kubeconfig={kubeconfig}",
                             f"--kubelet-port={29700 + i}", "--kubelet-read-only-port=0",
                             "--use-host-image-service=false"],
            pidfile=scratch / f"{name}.pid", log=scratch / f"{name}.log", markers=("kubemark", f"--name={name}"),
            env={"TMPDIR": str(tmp)})
        processes.start(proc)
        procs.append(proc)
    try:
        wait_ready(api, names)
        ready = time.monotonic() - start
        time.sleep(settle)
        pids = [processes.running_pid(p) for p in procs]
        rss, cpu = measure(pids, settle)
        api_rss, api_cpu = measure([apiserver], settle)
    finally:
        for proc in procs:
            processes.stop(proc)
        api.delete(names)
    return {"way": f"kubemark ({count} processes)", "ready_s": ready, "rss": rss, "per_node": rss / count,
            "cpu": cpu, "api_rss": api_rss, "api_cpu": api_cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=16)
    parser.add_argument("--settle", type=float, default=20)
    args = parser.parse_args()
    if not (BIN / "kubemark").exists():
        raise SystemExit(f"{BIN}/kubemark is missing: run scripts/build-lab-binaries.sh --with-kubemark")
    scratch = Path(tempfile.mkdtemp(prefix="lab-nodes-"))
    spec = build_spec(name="bnodes", state_dir=str(scratch / "state"), bin_dir=str(BIN), port_base=29400,
                      nodes=[{"name": "anchor-t", "role": "full"}, {"name": "anchor-i", "role": "dpu"}],
                      service_cidrs={"tenant": "10.96.0.0/16", "infra": "10.112.0.0/16"})
    lab = Lab(spec)
    try:
        lab.start()
        api = nodes.NodeApi(spec.kubeconfig("tenant"), "tenant")
        rows = [run_kwok(lab, api, args.nodes, args.settle),
                run_kubemark(lab, api, args.nodes, args.settle, scratch / "kubemark")]
    finally:
        lab.destroy()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{args.nodes} simulated nodes on one tenant control plane ({os.cpu_count()} cores)")
    print(f"{'way':<26}{'to Ready s':>11}{'RSS MiB':>10}{'MiB/node':>10}{'CPU %':>8}{'API RSS':>9}{'API CPU %':>10}")
    for r in rows:
        print(f"{r['way']:<26}{r['ready_s']:>11.1f}{r['rss']:>10.0f}{r['per_node']:>10.1f}{r['cpu']:>8.1f}"
              f"{r['api_rss']:>9.0f}{r['api_cpu']:>10.1f}")
    kwok, mark = rows
    print(f"kubemark / kwok: memory {mark['rss'] / kwok['rss']:.1f}x, CPU {mark['cpu'] / max(kwok['cpu'], 0.1):.1f}x, "
          f"time to Ready {mark['ready_s'] / kwok['ready_s']:.1f}x")


if __name__ == "__main__":
    main()
