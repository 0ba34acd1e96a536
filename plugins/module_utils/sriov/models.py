# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The DPU cards the collection knows: PCI identity of the host-side PF and how many VFs it can
have. From the SR-IOV network operator's supported-nic-ids (15b3 a2d6 = BlueField-2, 15b3 a2dc =
BlueField-3) and its webhook's Mellanox limit (MlxMaxVFs = 128). The inventory adds others
(ovnk_dpu_dpu_models)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_HEX4 = re.compile(r"^[0-9a-f]{4}$")


@dataclass(frozen=True)
class Model:
    name: str
    vendor: str
    device: str
    max_vfs: int


MODELS = {
    "bluefield-2": Model("bluefield-2", "15b3", "a2d6", 128),
    "bluefield-3": Model("bluefield-3", "15b3", "a2dc", 128),
}


def table(extra: dict[str, Any] | None) -> tuple[dict[str, Model], list[str]]:
    """The shipped models with the inventory's added (or overriding), and what is wrong with those."""
    models, problems = dict(MODELS), []
    for name, fields in (extra or {}).items():
        found = _model_problems(name, fields)
        if found:
            problems += found
        else:
            models[name] = Model(name, str(fields["vendor"]).lower(), str(fields["device"]).lower(), int(fields["max_vfs"]))
    return models, problems


def _model_problems(name: str, fields: Any) -> list[str]:
    problems: list[str] = []
    where = f"ovnk_dpu_dpu_models.{name}"
    if not isinstance(fields, dict):
        return [f"{where}: give a dict with vendor, device (4 hex digits each) and max_vfs"]
    vendor, device = str(fields.get("vendor", "")).lower(), str(fields.get("device", "")).lower()
    bad = [k for k, v in (("vendor", vendor), ("device", device)) if not _HEX4.match(v)]
    if bad:
        problems.append(f"{where}.{'/'.join(bad)}: 4 hex digits, as lspci -n prints them (15b3, a2dc)")
    try:
        max_vfs = int(fields.get("max_vfs", 0))
    except (TypeError, ValueError):
        max_vfs = 0
    if max_vfs < 2:
        problems.append(f"{where}.max_vfs: the VFs one PF can have (sriov_totalvfs), at least 2")
    return problems
