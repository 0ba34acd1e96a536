# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Taints and tolerations as Kubernetes matches them, and what makes a taint valid."""

from __future__ import annotations

import re

EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
_KEY = re.compile(rf"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?{_NAME}$")
_VALUE = re.compile(rf"^({_NAME})?$")


def tolerates(tolerations: list[dict], taint: dict) -> bool:
    """Whether tolerations let a pod onto a node with taint (Kubernetes' matching rules)."""
    for t in tolerations:
        if t.get("effect") and t["effect"] != taint.get("effect"):
            continue
        if t.get("operator") == "Exists" and (not t.get("key") or t["key"] == taint["key"]):
            return True
        if t.get("operator", "Equal") == "Equal" and t.get("key") == taint["key"] \
                and (t.get("value") or "") == (taint.get("value") or ""):
            return True
    return False


def same(a: dict, b: dict) -> bool:
    """One node holds one taint per key and effect."""
    return a.get("key") == b.get("key") and a.get("effect") == b.get("effect")


def taint_problems(field: str, taint: dict) -> list[str]:
    """What is wrong with one taint, naming field."""
    problems = []
    key, value, effect = taint.get("key") or "", taint.get("value") or "", taint.get("effect")
    if not _KEY.match(key) or len(key.split("/")[0]) > 253:
        problems.append(f"{field}.key: '{key}' is not a taint key (an optional DNS prefix and '/', then 1-63 letters, "
                        "digits, '-', '_', '.')")
    if not _VALUE.match(value):
        problems.append(f"{field}.value: '{value}' is not a taint value (at most 63 letters, digits, '-', '_', '.')")
    if effect not in EFFECTS:
        problems.append(f"{field}.effect: '{effect}' is not one of {', '.join(EFFECTS)}")
    return problems
