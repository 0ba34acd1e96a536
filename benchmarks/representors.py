"""Time the same representor set-up three ways in one run, and pairing at scale.

    sudo .venv/bin/python benchmarks/representors.py [--pairs 64] [--count 16] [--hosts 10000]

1. the seed's way (seed 004): one `ip` process per operation - add the veth pair in the
   root namespace, move each end, rename each end, bring each end up;
2. a bare pyroute2 batch: one netlink request per veth pair straight across the two
   namespaces, plus one to bring the DPU end up - the floor for netlink;
3. the module's way: ovnk.dpu.dpu_representors' own code (validate, read each namespace,
   create, bring up, isolate the host), in process and then through `ansible`;
then the module's no-op re-run, and validating + planning a pairing of --hosts hosts.
Targets (issue 4): module >= 20x faster than the seed way, within 1.5x of the bare
batch, no-op < 1 s, pairing 10,000 hosts < 1 s. Needs root; cleans up after itself.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".collections"))

from pyroute2 import IPRoute, netns  # noqa: E402

from ansible_collections.ovnk.dpu.plugins.module_utils.pairing import dpu_pairing as pairing_runner  # noqa: E402
from ansible_collections.ovnk.dpu.plugins.module_utils.representors import dpu_representors as representors_runner  # noqa: E402

PREFIX = "bench"


def namespaces(pairs: int) -> list[tuple[str, str]]:
    return [(f"{PREFIX}-h{p}", f"{PREFIX}-d{p}") for p in range(pairs)]


@contextmanager
def fresh_namespaces(pairs: int):
    names = namespaces(pairs)
    for host_ns, dpu_ns in names:
        for ns in (host_ns, dpu_ns):
            if ns in netns.listnetns():
                netns.remove(ns)
            netns.create(ns)
    try:
        yield names
    finally:
        for host_ns, dpu_ns in names:
            netns.remove(host_ns)
            netns.remove(dpu_ns)


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True)


def seed_way(names: list[tuple[str, str]], count: int) -> None:
    for p, (host_ns, dpu_ns) in enumerate(names):
        for i in range(count):
            host_tmp, dpu_tmp = f"host{p}-eth0-{i}", f"dpu{p}-rep{p}-{i}"
            ip("link", "add", host_tmp, "type", "veth", "peer", "name", dpu_tmp)
            ip("link", "set", host_tmp, "netns", host_ns)
            ip("link", "set", dpu_tmp, "netns", dpu_ns)
            ip("-n", host_ns, "link", "set", host_tmp, "name", f"eth0-{i}")
            ip("-n", dpu_ns, "link", "set", dpu_tmp, "name", f"rep{p}-{i}")
            ip("-n", host_ns, "link", "set", f"eth0-{i}", "up")
            ip("-n", dpu_ns, "link", "set", f"rep{p}-{i}", "up")


def bare_batch(names: list[tuple[str, str]], count: int) -> None:
    with IPRoute() as root:
        for p, (host_ns, dpu_ns) in enumerate(names):
            for i in range(count):
                root.link("add", ifname=f"eth0-{i}", kind="veth", net_ns_fd=host_ns, state="up",
                          peer={"ifname": f"rep{p}-{i}", "net_ns_fd": dpu_ns})
            with IPRoute(netns=dpu_ns) as dpu:
                for link in dpu.get_links():
                    if link.get("ifname") != "lo":
                        dpu.link("set", index=link["index"], state="up")


def module_params(names: list[tuple[str, str]], count: int) -> dict:
    return {"pairs": [{"host": f"host-{p}", "dpu": f"dpu-{p}", "index": p, "host_netns": h, "dpu_netns": d}
                      for p, (h, d) in enumerate(names)],
            "count": count, "mtu": 1500, "host_ifname_format": None, "dpu_ifname_format": None,
            "platform": "lab", "state": "present"}


def module_way(names: list[tuple[str, str]], count: int) -> dict:
    return representors_runner.make_or_verify(module_params(names, count), check_mode=False, want_diff=False)


def through_ansible(names: list[tuple[str, str]], count: int) -> dict:
    args = {k: v for k, v in module_params(names, count).items() if v is not None}
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    out = subprocess.run([str(Path(sys.executable).parent / "ansible"), "localhost", "-o", "-m",
                          "ovnk.dpu.dpu_representors", "-a", json.dumps(args)],
                         cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"ansible failed: {out.stdout[-2000:]}{out.stderr[-2000:]}")
    return json.loads(out.stdout.split("=>", 1)[1])


def timed(label: str, work, *args):
    start = time.perf_counter()
    result = work(*args)
    elapsed = time.perf_counter() - start
    print(f"  {label:<44} {elapsed:8.3f} s")
    return elapsed, result


def pairing_at_scale(hosts: int) -> float:
    explicit = {f"host-{i}": f"dpu-{i}" for i in range(hosts)}
    discovery = [{"node": f"{name}-{i}", "role": role, "serial": f"MT{i:08d}"}
                 for i in range(hosts) for name, role in (("host", "dpu-host"), ("dpu", "dpu"))]
    tenant = {h: {"labels": {"kubernetes.io/hostname": h}, "annotations": {}} for h in explicit}
    infra = {d: {"labels": {"kubernetes.io/hostname": d}, "annotations": {}} for d in explicit.values()}
    params = {"pairs": explicit, "discovery": discovery, "accept_proposal": False, "state": "present",
              "manage_ovs": False, "ovs_remotes": {}, "platform": "lab", "prune": True}
    elapsed, planned = timed(f"validate + plan pairing of {hosts} hosts", pairing_runner.planned_changes, params, tenant, infra)
    assert len(planned["changes"]) == 2 * hosts and not planned["merged"].disagreements
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=64)
    parser.add_argument("--count", type=int, default=16)
    parser.add_argument("--hosts", type=int, default=10000)
    a = parser.parse_args()
    total = a.pairs * a.count
    print(f"{a.pairs} pairs x {a.count} links = {total} veth pairs across {2 * a.pairs} namespaces")

    with fresh_namespaces(a.pairs) as names:
        seed = timed("seed way (one ip process per operation)", seed_way, names, a.count)[0]
    with fresh_namespaces(a.pairs) as names:
        bare = timed("bare pyroute2 batch", bare_batch, names, a.count)[0]
    with fresh_namespaces(a.pairs) as names:
        module, result = timed("module's way (in process)", module_way, names, a.count)
        assert sum(x.startswith("create ") for x in result["actions"]) == total
        noop, again = timed("module's no-op re-run (in process)", module_way, names, a.count)
        assert not again["changed"]
        noop_ansible, via = timed("module's no-op re-run (through ansible)", through_ansible, names, a.count)
        assert via["changed"] is False
    with fresh_namespaces(a.pairs) as names:
        ansible_run, via = timed("module's way (through ansible)", through_ansible, names, a.count)
        assert via["changed"] is True
    pairing_time = pairing_at_scale(a.hosts)

    print("ratios")
    print(f"  seed way / module's way       {seed / module:8.1f}x   (target >= 20x)")
    print(f"  module's way / bare batch     {module / bare:8.2f}x   (target <= 1.5x)")
    print(f"  seed way / module via ansible {seed / ansible_run:8.1f}x")
    print(f"  no-op re-run                  {noop:8.3f} s  (target < 1 s; {noop_ansible:.3f} s through ansible)")
    print(f"  pairing {a.hosts} hosts          {pairing_time:8.3f} s  (target < 1 s)")


if __name__ == "__main__":
    main()
