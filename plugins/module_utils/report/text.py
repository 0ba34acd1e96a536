# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The install report as lines for a terminal: two tables a person reads at a glance."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.report.collect import Report


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    return ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [header, *rows]]


def side(state: dict) -> str:
    return f"{state['mode']} {state['state']}" if state["mode"] else state["state"]


def representors(reps: dict) -> str:
    return f"{reps['up']}/{reps['expected']} up" if reps["up"] is not None else f"{reps['expected']} (on the DPU)"


def lease(row: dict) -> str:
    return f"{row['state']} ({row['age']:.0f}s)" if row["age"] is not None else row["state"]


def pools(cluster: dict) -> str:
    return ", ".join(f"{p['name']} {p['state']}" + (f" {p['updated']}/{p['machines']}" if p["machines"] else "")
                     for p in cluster["pools"]) or "-"


def lines(report: Report) -> list[str]:
    clusters = table(["CLUSTER", "API", "VERSION", "NODES READY", "MACHINECONFIGPOOLS"],
                     [[c["cluster"], c["api_url"], c["version"], f"{c['nodes_ready']}/{c['nodes']}", pools(c)]
                      for c in report.clusters])
    pairs = table(["HOST", "DPU", "REPRESENTORS", "HOST OVNKUBE-NODE", "DPU OVNKUBE-NODE", "LEASE"],
                  [[p["host"], p["dpu"] or "-", representors(p["representors"]), side(p["host_node"]),
                    side(p["dpu_node"]), lease(p["lease"])] for p in report.pairs]
                  + [[o["node"], "-", "-", side(o), "-", "-"] for o in report.others])
    verdict = ["all healthy"] if not report.problems else [f"{len(report.problems)} to look at:"] + [
        f"  - {problem}" for problem in report.problems]
    return clusters + [""] + pairs + [""] + verdict
