# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's record of itself (lab.json): which nodes it runs, their ports and namespaces."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import LabNode, LabSpec

STATE_FILE = "lab.json"


def recorded_state(state_dir: Path) -> dict[str, Any]:
    """What the lab recorded last time it started: nodes, ports, namespaces."""
    try:
        return json.loads((state_dir / STATE_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def record(spec: LabSpec) -> None:
    state = {
        "name": spec.name,
        "nodes": {n.name: _node_record(n) for n in spec.nodes},
    }
    path = spec.state_dir / STATE_FILE
    path.write_text(json.dumps(state, indent=2, sort_keys=True))
    os.chmod(path, 0o600)


def _node_record(node: LabNode) -> dict[str, Any]:
    """A node as stop, status and destroy need it without the inventory: its fabric address too."""
    found: dict[str, Any] = {"role": node.role, "slot": node.slot, "netns": node.netns}
    if node.address:
        found["address"] = node.address
    if node.ovs_socket:
        found["ovs_db"] = f"unix:{node.ovs_socket}"
    return found
