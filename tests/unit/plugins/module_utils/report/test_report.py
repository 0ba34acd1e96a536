"""The install report's text and DOT forms, and what it calls a problem (no cluster needed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.report.collect import Report
from ansible_collections.ovnk.dpu.plugins.module_utils.report.dot import dot
from ansible_collections.ovnk.dpu.plugins.module_utils.report.text import lines


def side(node: str, mode: str | None, state: str = "ready") -> dict:
    return {"node": node, "node_ready": True, "mode": mode, "pod": f"ovnkube-{node}" if mode else None, "state": state}


def report(lease_state: str = "healthy", up: int = 16, dpu_state: str = "ready", pool_state: str = "Updated") -> Report:
    return Report(
        clusters=[{"cluster": "tenant", "api_url": "https://127.0.0.1:16443", "version": "v1.35.8", "nodes": 3,
                   "nodes_ready": 3, "pools": [{"name": "dpu-host", "state": pool_state, "machines": 2, "updated": 2}]},
                  {"cluster": "infra", "api_url": "https://127.0.0.1:16543", "version": "v1.35.8", "nodes": 2,
                   "nodes_ready": 2, "pools": []}],
        pairs=[{"host": "host-0", "dpu": "dpu-0", "index": 0, "representors": {"up": up, "expected": 16},
                "host_node": side("host-0", "dpu-host"), "dpu_node": side("dpu-0", "dpu", dpu_state),
                "lease": {"name": "ovn-dpu-host-0", "state": lease_state, "age": 3.2, "reason": "renewed 3.2s ago"}}],
        others=[side("worker-0", "full")])


def test_a_healthy_install_reads_as_two_tables_and_all_healthy():
    text = lines(report())
    assert text[0].split() == ["CLUSTER", "API", "VERSION", "NODES", "READY", "MACHINECONFIGPOOLS"]
    assert text[1].split() == ["tenant", "https://127.0.0.1:16443", "v1.35.8", "3/3", "dpu-host", "Updated", "2/2"]
    assert text[2].split()[-1] == "-"  # no pools on infra
    pair = next(line for line in text if line.startswith("host-0"))
    assert pair.split() == ["host-0", "dpu-0", "16/16", "up", "dpu-host", "ready", "dpu", "ready", "healthy", "(3s)"]
    assert next(line for line in text if line.startswith("worker-0")).split() == ["worker-0", "-", "-", "full", "ready",
                                                                                  "-", "-"]
    assert text[-1] == "all healthy"


@pytest.mark.parametrize("broken, expected", [
    ({"lease_state": "expired"}, "pair host-0/dpu-0: Lease ovn-dpu-host-0 is expired"),
    ({"up": 12}, "pair host-0/dpu-0: 12/16 representors up"),
    ({"dpu_state": "not ready"}, "pair host-0/dpu-0: ovnkube-node on dpu-0 is not ready"),
    ({"pool_state": "Degraded"}, "tenant cluster: MachineConfigPool dpu-host is Degraded"),
])
def test_each_kind_of_problem_is_named(broken, expected):
    found = report(**broken)
    assert [p for p in found.problems if p.startswith(expected)], found.problems
    assert lines(found)[-2:] == ["1 to look at:", f"  - {found.problems[0]}"]


def test_the_dot_puts_hosts_and_dpus_in_their_clusters_and_colours_the_lease():
    healthy, expired = dot(report()), dot(report(lease_state="expired"))
    tenant = healthy[healthy.index("subgraph cluster_tenant"):healthy.index("subgraph cluster_infra")]
    assert '"tenant/host-0" [label="host-0\\ndpu-host ready"' in tenant and '"tenant/worker-0"' in tenant
    assert '"infra/dpu-0" [label="dpu-0\\ndpu ready"' in healthy[healthy.index("subgraph cluster_infra"):]
    assert 'color="forestgreen"' in healthy and 'color="firebrick"' in expired


def test_names_with_quotes_cannot_break_the_dot():
    odd = report()
    odd.pairs[0]["host"] = 'host"0'
    assert '"tenant/host\\"0"' in dot(odd)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is installed by scripts/lib/common.sh")
def test_graphviz_renders_the_dot():
    png = subprocess.run(["dot", "-Tpng"], input=dot(report()).encode(), capture_output=True, check=True).stdout
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
