"""The controller's own cost of a fleet: preflight and everything derived from the inventory, no lab, no cluster.

    .venv/bin/python benchmarks/controller_scale.py [--pairs 2 100 1000] [--runs 3]

For each size a static inventory of a fleet is written (OpenShift platform, one DPU per host, every DPU with its
tunnel address and OVSDB remote, two kubeconfig files that exist), and timed, each the median of --runs:
  - an empty play over that inventory (what Ansible itself pays to load it);
  - playbooks/preflight.yml: the inventory resolved once (roles/topology, the ovnk.dpu.topology lookup), every
    role's settings, and the whole preflight check - everything derived from the inventory;
  - the two ways of deriving the pairs: the resolver (one lookup) against the Jinja map builders the roles had
    before it (the pairing map, the pair indexes and the DPUs' OVS settings, each a loop over hostvars).
Target (issue 22): preflight at 1,000 pairs under 10 s, growing linearly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{{name: c, cluster: {{server: 'https://192.0.2.{n}:6443'}}}}]
users: [{{name: u, user: {{token: not-a-token}}}}]
contexts: [{{name: x, context: {{cluster: c, user: u}}}}]
current-context: x
"""

# What dpu_pairing's, install_report's and lease_watchdog's defaults computed before the resolver, as a play.
JINJA_BUILDERS = """- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.set_fact:
        jinja_pairs: >-
          {% set pairs = {} %}{% for host in groups['dpu_hosts'] | default([]) %}{%
          set _ = pairs.update({host: hostvars[host].ovnk_dpu_peer | default(none)}) %}{% endfor %}{{ pairs }}
        jinja_indexes: >-
          {% set indexes = {} %}{% for host in groups['dpu_hosts'] | default([])
             if hostvars[host].ovnk_dpu_pair_index is defined %}{%
          set _ = indexes.update({host: hostvars[host].ovnk_dpu_pair_index | int}) %}{% endfor %}{{ indexes }}
        jinja_ovs: >-
          {% set settings = {} %}{% for dpu in groups['dpu_nodes'] | default([]) %}{%
          set given = {'encap_ip': hostvars[dpu].ovnk_dpu_encap_ip | default(none),
                       'remote': hostvars[dpu].ovnk_dpu_ovs_remote | default(none)} %}{%
          if given.values() | select | list %}{% set _ = settings.update({dpu: given}) %}{% endif %}{% endfor %}{{ settings }}
"""
RESOLVER = """- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.set_fact:
        resolved: "{{ lookup('ovnk.dpu.topology') }}"
"""
EMPTY = "- hosts: localhost\n  gather_facts: false\n  tasks: []\n"


def fleet(pairs: int, directory: Path) -> Path:
    """A fleet's inventory: hosts with DPUs, a worker, and the settings a real inventory gives."""
    for n, cluster in ((1, "tenant"), (2, "infra")):
        (directory / f"{cluster}.kubeconfig").write_text(KUBECONFIG.format(n=n))
        (directory / f"{cluster}.kubeconfig").chmod(0o600)
    hosts = {f"host-{i}": {"ovnk_dpu_node_role": "dpu-host", "ovnk_dpu_peer": f"dpu-{i}", "ovnk_dpu_pair_index": i,
                           "ansible_host": f"10.{i // 250}.{i % 250}.1"} for i in range(pairs)}
    dpus = {f"dpu-{i}": {"ovnk_dpu_node_role": "dpu", "ovnk_dpu_peer": f"host-{i}", "ovnk_dpu_pair_index": i,
                         "ovnk_dpu_encap_ip": f"192.168.{i // 250}.{i % 250 + 2}",
                         "ovnk_dpu_ovs_remote": f"tcp:192.168.{i // 250}.{i % 250 + 2}:6640",
                         "ansible_host": f"192.168.{i // 250}.{i % 250 + 2}"} for i in range(pairs)}
    inventory = {"all": {
        "vars": {"ovnk_dpu_platform": "openshift", "ovnk_dpu_tenant_kubeconfig": str(directory / "tenant.kubeconfig"),
                 "ovnk_dpu_infra_kubeconfig": str(directory / "infra.kubeconfig"),
                 "ovnk_dpu_ovnk_node_networks": ["192.168.0.0/16"], "ovnk_dpu_representor_count": 16},
        "children": {"ovnk_nodes": {"children": {
            "tenant_cluster": {"children": {"dpu_hosts": {"hosts": hosts},
                                            "full_nodes": {"hosts": {"worker-0": {"ovnk_dpu_node_role": "full"}}}}},
            "infra_cluster": {"children": {"dpu_nodes": {"hosts": dpus}}}}}}}}
    path = directory / "hosts.yml"
    path.write_text(yaml.safe_dump(inventory))
    return path


def timed(inventory: Path, playbook: Path | str, runs: int) -> float:
    env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "PATH": f"{BIN}:{os.environ['PATH']}"}
    times = []
    for _run in range(runs):
        start = time.monotonic()
        result = subprocess.run([str(BIN / "ansible-playbook"), "-i", str(inventory), str(playbook)], cwd=REPO, env=env,
                                capture_output=True, text=True, check=False)
        times.append(time.monotonic() - start)
        if result.returncode != 0:
            raise SystemExit(f"{playbook} failed:\n{result.stdout[-3000:]}{result.stderr[-2000:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, nargs="+", default=[2, 100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="controller-scale-"))
    rows = []
    try:
        plays = {name: scratch / f"{name}.yml" for name in ("empty", "jinja", "resolver")}
        for name, text in (("empty", EMPTY), ("jinja", JINJA_BUILDERS), ("resolver", RESOLVER)):
            plays[name].write_text(text)
        for pairs in args.pairs:
            directory = scratch / str(pairs)
            directory.mkdir()
            inventory = fleet(pairs, directory)
            row = {"pairs": pairs, **{name: timed(inventory, path, args.runs) for name, path in plays.items()},
                   "preflight": timed(inventory, REPO / "playbooks/preflight.yml", args.runs)}
            rows.append(row)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\ncontroller scale on {os.cpu_count()} cores (median of {args.runs}; seconds, a fleet inventory, no lab)")
    print(f"{'pairs':>5} {'empty play':>10} {'preflight.yml':>13} {'preflight - empty':>17} {'resolver':>8} "
          f"{'Jinja builders':>14} {'Jinja / resolver':>16}")
    for r in rows:
        print(f"{r['pairs']:>5} {r['empty']:>10.2f} {r['preflight']:>13.2f} {r['preflight'] - r['empty']:>17.2f} "
              f"{r['resolver'] - r['empty']:>8.2f} {r['jinja'] - r['empty']:>14.2f} "
              f"{(r['jinja'] - r['empty']) / max(r['resolver'] - r['empty'], 0.01):>16.1f}")
    small, large = rows[0], rows[-1]
    per_pair = (large["preflight"] - small["preflight"]) / max(large["pairs"] - small["pairs"], 1)
    print(f"preflight at {large['pairs']} pairs: {large['preflight']:.2f} s (target < 10 s); "
          f"{per_pair * 1000:.1f} ms per extra pair")


if __name__ == "__main__":
    main()
