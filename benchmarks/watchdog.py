"""The lease monitor at fleet scale, and a watch against a poll per Lease, in one run.

    sudo .venv/bin/python benchmarks/watchdog.py [--leases 100 1000] [--renew 5] [--duration 20] [--expire 10]

On a small lab of its own: for each count, --leases ovn-dpu-* Leases are renewed every --renew
seconds by a pool of threads (the DPUs), and the real watchdog runs in monitor mode as a service
(its own process). Measured at steady state for --window seconds: the monitor's API requests per
second (its own counter), CPU share of one core and RSS. Then --expire Leases stop being renewed at
staggered moments; each expiry's detection latency is the monitor's log line minus the Lease's
last renewTime, against duration + one renew interval. The other way: a poller that GETs every
Lease once per monitor period, its requests per second and CPU over the same window. Prints a
table and the ratios; destroys the lab.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".collections"))

from kubernetes import client as k8s, config as k8s_config  # noqa: E402

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab  # noqa: E402
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import build_spec  # noqa: E402

CACHE = Path(os.environ.get("OVNK_DPU_CACHE", Path.home() / ".cache/ovnk-dpu"))
BIN = CACHE / "lab/bin"
TICK = os.sysconf("SC_CLK_TCK")
NS = "ovn-kubernetes"
PROGRAM = "ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.service"
METRICS_PORT = 21790
DETECTED = re.compile(r"^(\S+ \S+) WARNING \S+: (\S+): Lease \S+ healthy -> expired", re.M)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Fleet:
    """count Leases, renewed every `renew` seconds until told to stop (all, or some)."""

    def __init__(self, api: k8s.CoordinationV1Api, count: int, renew: float, duration: int) -> None:
        self.api, self.renew, self.duration = api, renew, duration
        self.names = [f"ovn-dpu-bench-{i}" for i in range(count)]
        self.stopped: dict[str, datetime] = {}
        self.done = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=8)

    def _body(self, name: str) -> k8s.V1Lease:
        return k8s.V1Lease(metadata=k8s.V1ObjectMeta(name=name), spec=k8s.V1LeaseSpec(
            holder_identity="bench", lease_duration_seconds=self.duration, renew_time=datetime.now(timezone.utc)))

    def create(self) -> None:
        list(self.pool.map(lambda n: self.api.create_namespaced_lease(NS, self._body(n)), self.names))

    def _renew_one(self, name: str) -> None:
        if name not in self.stopped:
            self.api.patch_namespaced_lease(name, NS, {"spec": {"renewTime": datetime.now(timezone.utc).isoformat()}})

    def run(self) -> None:
        while not self.done.is_set():
            started = time.monotonic()
            list(self.pool.map(self._renew_one, self.names))
            self.done.wait(max(0.0, self.renew - (time.monotonic() - started)))

    def stop_renewing(self, name: str) -> datetime:
        self.stopped[name] = datetime.now(timezone.utc)
        return self.api.read_namespaced_lease(name, NS).spec.renew_time

    def delete(self) -> None:
        self.done.set()
        list(self.pool.map(lambda n: self.api.delete_namespaced_lease(n, NS), self.names))


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        return answer.read().decode()


def requests_total(text: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("ovnk_dpu_lease_watchdog_api_requests_total{"))


def healthy_count(text: str) -> int:
    return sum(1 for line in text.splitlines()
               if line.startswith('ovnk_dpu_lease_state{') and 'state="healthy"' in line and line.endswith(" 1.0"))


def start_monitor(scratch: Path, kubeconfig: Path, renew: float, duration: int) -> tuple[subprocess.Popen, Path]:
    config, log = scratch / "monitor.yaml", scratch / "monitor.log"
    config.write_text(json.dumps({"mode": "monitor", "kubeconfig": str(kubeconfig), "renew_interval": renew,
                                  "lease_duration": duration, "metrics_port": METRICS_PORT}))
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO / ".collections")}
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", PROGRAM, "--config", str(config)], env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    return proc, log


POLLER = """
import sys, time
from kubernetes import client, config
api = client.CoordinationV1Api(config.new_client_from_config(sys.argv[1]))
names, period, until = sys.argv[3].split(','), float(sys.argv[2]), time.monotonic() + float(sys.argv[4])
requests, cpu = 0, time.process_time()
while time.monotonic() < until:
    started = time.monotonic()
    for name in names:
        api.read_namespaced_lease(name, 'ovn-kubernetes')
        requests += 1
    time.sleep(max(0.0, period - (time.monotonic() - started)))
print(requests, time.process_time() - cpu)
"""


def run_poller(kubeconfig: Path, names: list[str], period: float, window: float) -> dict:
    proc = subprocess.Popen([sys.executable, "-c", POLLER, str(kubeconfig), str(period), ",".join(names),
                             str(window)], stdout=subprocess.PIPE, text=True)
    time.sleep(window * 0.5)
    rss = rss_mib(proc.pid)
    requests, cpu = proc.communicate(timeout=window * 4 + 60)[0].split()
    return {"requests_per_s": int(requests) / window, "rss": rss, "cpu": 100 * float(cpu) / window}


def measure(count: int, args, kubeconfig: Path, scratch: Path) -> list[dict]:
    api = k8s.CoordinationV1Api(k8s_config.new_client_from_config(str(kubeconfig)))
    fleet = Fleet(api, count, args.renew, args.duration)
    fleet.create()
    renewing = threading.Thread(target=fleet.run, daemon=True)
    renewing.start()
    monitor, log = start_monitor(scratch, kubeconfig, args.renew, args.duration)
    period = min(args.renew, args.duration / 4)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if healthy_count(scrape(METRICS_PORT)) == count:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit(f"the monitor never saw {count} healthy Leases; see {log}")
        before, cpu_before = requests_total(scrape(METRICS_PORT)), cpu_seconds(monitor.pid)
        time.sleep(args.window)
        after, cpu_after = requests_total(scrape(METRICS_PORT)), cpu_seconds(monitor.pid)
        watch = {"way": "watch (the monitor)", "leases": count, "requests_per_s": (after - before) / args.window,
                 "requests": after - before,
                 "cpu": 100 * (cpu_after - cpu_before) / args.window, "rss": rss_mib(monitor.pid)}
        latencies = expire_some(fleet, args, log)
        watch.update(latency_min=min(latencies), latency_median=statistics.median(latencies),
                     latency_max=max(latencies), detected=len(latencies))
        poll = run_poller(kubeconfig, fleet.names, period, args.window)
        poll_row = {"way": "GET per Lease per period", "leases": count, **poll}
    finally:
        monitor.terminate()
        monitor.wait(timeout=30)
        fleet.delete()
    return [watch, poll_row]


def expire_some(fleet: Fleet, args, log: Path) -> list[float]:
    """Stop renewing --expire Leases one renew interval apart; the latency of each detection."""
    last = {}
    for name in fleet.names[: args.expire]:
        last[name.removeprefix("ovn-dpu-")] = fleet.stop_renewing(name)
        time.sleep(args.renew / max(args.expire, 1) * 3)
    time.sleep(args.duration + args.renew + 5)
    found = {}
    for stamp, host in DETECTED.findall(log.read_text()):
        when = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S,%f").astimezone(timezone.utc)
        found.setdefault(host, when)
    missing = sorted(set(last) - set(found))
    if missing:
        raise SystemExit(f"expiries never detected: {missing[:5]}; see {log}")
    return [(found[h] - last[h]).total_seconds() for h in last]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leases", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--renew", type=float, default=5)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--window", type=float, default=30)
    parser.add_argument("--expire", type=int, default=10)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-watchdog-"))
    spec = build_spec(name="bwatch", state_dir=str(scratch / "state"), bin_dir=str(BIN), port_base=21400,
                      nodes=[{"name": "anchor-t", "role": "full"}, {"name": "anchor-i", "role": "dpu"}],
                      service_cidrs={"tenant": "10.96.0.0/16", "infra": "10.112.0.0/16"})
    lab = Lab(spec)
    rows = []
    try:
        lab.start()
        kubeconfig = spec.kubeconfig("tenant")
        k8s.CoreV1Api(k8s_config.new_client_from_config(str(kubeconfig))).create_namespace(
            k8s.V1Namespace(metadata=k8s.V1ObjectMeta(name=NS)))
        for count in args.leases:
            rows += measure(count, args, kubeconfig, scratch)
    finally:
        lab.destroy()
        shutil.rmtree(scratch, ignore_errors=True)
    report(rows, args)


def report(rows: list[dict], args) -> None:
    bound = args.duration + args.renew
    print(f"\nrenew {args.renew:g} s, duration {args.duration} s: an expiry must be seen within {bound:g} s "
          f"({os.cpu_count()} cores)")
    print(f"{'way':<26}{'leases':>7}{'req/s':>9}{'CPU %':>7}{'RSS MiB':>9}{'detect min/med/max s':>24}")
    for r in rows:
        cpu = f"{r['cpu']:.1f}"
        detect = (f"{r['latency_min']:.1f}/{r['latency_median']:.1f}/{r['latency_max']:.1f}"
                  if "latency_min" in r else "-")
        print(f"{r['way']:<26}{r['leases']:>7}{r['requests_per_s']:>9.2f}{cpu:>7}{r['rss']:>9.0f}{detect:>24}")
    watches = [r for r in rows if r["way"].startswith("watch")]
    polls = [r for r in rows if not r["way"].startswith("watch")]
    for watch, poll in zip(watches, polls):
        sent = poll["requests_per_s"] * args.window
        ratio = f"{sent / watch['requests']:.0f}x" if watch["requests"] else f"{sent:.0f} to 0"
        print(f"{watch['leases']} leases, {args.window:g} s at steady state: the poll sends {sent:.0f} requests, the "
              f"monitor {watch['requests']:.0f} ({ratio}); every expiry within {bound:g} s: "
              f"{'yes' if watch['latency_max'] <= bound else 'NO'} (max {watch['latency_max']:.1f} s); "
              f"CPU < 5 %: {'yes' if watch['cpu'] < 5 else 'NO'}")
    if len(watches) > 1:
        print(f"monitor requests/s at {watches[-1]['leases']} vs {watches[0]['leases']} leases: "
              f"{watches[-1]['requests_per_s']:.2f} vs {watches[0]['requests_per_s']:.2f}")


if __name__ == "__main__":
    main()
