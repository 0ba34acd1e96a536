# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One Open vSwitch per lab DPU node: its database and the br-int bridge.

The daemons themselves are ordinary lab processes (see components.py); this
file holds the one-shot database steps, done with OVS's own tools.
"""

from __future__ import annotations

import subprocess

from ansible_collections.ovnk.dpu.plugins.module_utils.lab.components import (
    OVS_SCHEMA,
    ovs_db_socket,
    ovs_env,
    system_binary,
)
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import LabNode, LabSpec
from ansible_collections.ovnk.dpu.plugins.module_utils.net.ovsdb import OvsDb

INTEGRATION_BRIDGE = "br-int"


def _env(spec: LabSpec, node: LabNode) -> dict[str, str]:
    return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", **ovs_env(spec, node)}


def _run(spec: LabSpec, node: LabNode, argv: list[str]) -> str:
    result = subprocess.run(argv, env=_env(spec, node), capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed for {node.name}: {result.stderr.strip()}")
    return result.stdout


def vsctl(spec: LabSpec, node: LabNode, *args: str) -> str:
    return OvsDb(ovs_db_socket(spec, node), timeout=30, env=_env(spec, node)).vsctl(*args)


def create_database(spec: LabSpec, node: LabNode) -> bool:
    """Create the instance's conf.db from the installed schema, once."""
    spec.ovs_run_dir(node).mkdir(parents=True, exist_ok=True, mode=0o700)
    db = spec.ovs_dir(node) / "conf.db"
    if db.exists():
        return False
    spec.ovs_dir(node).mkdir(parents=True, exist_ok=True, mode=0o700)
    _run(spec, node, [system_binary("ovsdb-tool"), "create", str(db), OVS_SCHEMA])
    return True


def initialize(spec: LabSpec, node: LabNode) -> None:
    """Mark the database initialized and name the chassis after the DPU node."""
    vsctl(spec, node, "--no-wait", "init", "--", "set", "Open_vSwitch", ".",
          f"external_ids:hostname={node.name}", f"external_ids:system-id={spec.name}-{node.name}")


def ensure_integration_bridge(spec: LabSpec, node: LabNode) -> None:
    """br-int on the userspace (netdev) datapath: no kernel OVS module needed."""
    vsctl(spec, node, "--may-exist", "add-br", INTEGRATION_BRIDGE,
          "--", "set", "bridge", INTEGRATION_BRIDGE, "datapath_type=netdev")


def bridges(spec: LabSpec, node: LabNode) -> list[str]:
    return vsctl(spec, node, "list-br").split()
