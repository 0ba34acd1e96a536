# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The install as a Graphviz DOT picture: the tenant cluster's hosts on the left, their DPUs on
the right in the infra cluster, one edge per pair with its links and its Lease in colour."""

from __future__ import annotations

import json

from ansible_collections.ovnk.dpu.plugins.module_utils.report.collect import Report
from ansible_collections.ovnk.dpu.plugins.module_utils.report.text import lease, representors, side

LEASE_COLOURS = {"healthy": "forestgreen", "expired": "firebrick", "skewed": "darkorange", "missing": "gray50"}
NODE_FILL = {"ready": "#e3f4e1", "not ready": "#fbe3e1"}
OTHER_FILL = "#f1f1f1"


def quoted(text: str) -> str:
    """A DOT string: JSON's escaping of quotes and backslashes is DOT's too; newlines become \\n."""
    return json.dumps(text)


def _node(node_id: str, label: str, state: str) -> str:
    return f"    {quoted(node_id)} [label={quoted(label)}, fillcolor={quoted(NODE_FILL.get(state, OTHER_FILL))}];"


def _cluster(report: Report, name: str, members: list[str]) -> list[str]:
    about = next(c for c in report.clusters if c["cluster"] == name)
    title = f"{name} cluster\n{about['api_url']}  {about['version']}"
    return [f"  subgraph cluster_{name} {{", f"    label={quoted(title)};", "    style=rounded;", *members, "  }"]


def dot(report: Report) -> str:
    tenant = [_node(f"tenant/{p['host']}", f"{p['host']}\n{side(p['host_node'])}", p["host_node"]["state"])
              for p in report.pairs]
    tenant += [_node(f"tenant/{o['node']}", f"{o['node']}\n{side(o)}", o["state"]) for o in report.others]
    infra = [_node(f"infra/{p['dpu']}", f"{p['dpu']}\n{side(p['dpu_node'])}", p["dpu_node"]["state"])
             for p in report.pairs if p["dpu"]]
    edges = [f"  {quoted('tenant/' + p['host'])} -> {quoted('infra/' + p['dpu'])} "
             f"[label={quoted(representors(p['representors']) + chr(10) + 'lease ' + lease(p['lease']))}, "
             f"color={quoted(LEASE_COLOURS.get(p['lease']['state'], 'black'))}, penwidth=2, dir=both];"
             for p in report.pairs if p["dpu"]]
    return "\n".join([
        "digraph ovnk_dpu {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        *_cluster(report, "tenant", tenant),
        *_cluster(report, "infra", infra),
        *edges,
        "}",
    ]) + "\n"
