"""The shipped Grafana dashboard and Prometheus rules query only metrics the watchdog exports:
every expression parses as PromQL (promql-parser, Prometheus' own grammar ported) and every
metric it names is one of metrics.METRIC_NAMES."""

from __future__ import annotations

import json
import re
from pathlib import Path

import promql_parser
import pytest
import yaml

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.metrics import METRIC_NAMES

FILES = Path(__file__).resolve().parents[3] / "roles" / "lease_watchdog" / "files"
# Grafana's variables, as Grafana substitutes them before the query reaches Prometheus.
GRAFANA = {"$__rate_interval": "1m", "$__interval": "30s", "$__range": "6h", "${datasource}": "prom",
           "$host": ".*"}


def grafana_queries() -> list[tuple[str, str]]:
    dashboard = json.loads((FILES / "grafana-dashboard.json").read_text())
    return [(f"panel {p['title']!r}", t["expr"]) for p in dashboard["panels"] for t in p["targets"]]


def rule_queries() -> list[tuple[str, str]]:
    rules = yaml.safe_load((FILES / "prometheus-rules.yaml").read_text())
    return [(f"alert {r['alert']}", r["expr"]) for g in rules["groups"] for r in g["rules"]]


def metric_names(node) -> set[str]:
    """Every metric a parsed expression selects, walking the AST the parser returns."""
    if isinstance(node, promql_parser.VectorSelector):
        return {node.name}
    if isinstance(node, promql_parser.MatrixSelector):
        return metric_names(node.vector_selector)
    found: set[str] = set()
    for attr in ("lhs", "rhs", "expr", "param"):
        child = getattr(node, attr, None)
        if child is not None and not isinstance(child, (str, int, float)):
            found |= metric_names(child)
    for arg in getattr(node, "args", None) or []:
        found |= metric_names(arg)
    return found


def substitute(expr: str) -> str:
    for variable, value in GRAFANA.items():
        expr = expr.replace(variable, value)
    assert not re.search(r"\$\w", expr), f"an unsubstituted Grafana variable in {expr}"
    return expr


@pytest.mark.parametrize("where, expr", grafana_queries() + rule_queries())
def test_every_query_parses_and_names_only_exported_metrics(where, expr):
    names = metric_names(promql_parser.parse(substitute(expr)))
    assert names, f"{where}: selects no metric"
    assert names <= set(METRIC_NAMES), f"{where}: {sorted(names - set(METRIC_NAMES))} not exported by the watchdog"


def test_the_walker_finds_a_misspelt_metric():
    """The check above would catch a dashboard that drifted from the code."""
    parsed = promql_parser.parse('sum(rate(ovnk_dpu_lease_renewal_total[5m])) / on() ovnk_dpu_lease_state')
    assert metric_names(parsed) == {"ovnk_dpu_lease_renewal_total", "ovnk_dpu_lease_state"}


def test_the_dashboard_shows_age_expiries_and_transitions():
    exprs = " ".join(e for _w, e in grafana_queries())
    for metric in ("ovnk_dpu_lease_seconds_since_renew", "ovnk_dpu_lease_transitions_total", "ovnk_dpu_lease_state"):
        assert metric in exprs
