# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Open_vSwitch table's external_ids of one OVS instance, reached by its OVSDB remote
(unix:/path/db.sock, tcp:ip:6640, ssl:...), through ovs-vsctl."""

from __future__ import annotations

import json
import shutil
import subprocess

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import OperationError


class OvsDbError(OperationError):
    pass


class OvsDb:
    def __init__(self, remote: str, timeout: int = 10, env: dict[str, str] | None = None) -> None:
        self.remote = remote
        self.timeout = timeout
        self.env = env

    def vsctl(self, *args: str) -> str:
        """Run one ovs-vsctl transaction against this instance; its stdout."""
        binary = shutil.which("ovs-vsctl", path=(self.env or {}).get("PATH"))
        if binary is None:
            raise OvsDbError("ovs-vsctl is not installed on the machine that runs the module (openvswitch-switch)")
        proc = subprocess.run([binary, f"--db={self.remote}", f"--timeout={self.timeout}", *args],
                              env=self.env, capture_output=True, text=True, timeout=self.timeout + 30, check=False)
        if proc.returncode != 0:
            raise OvsDbError(f"ovs-vsctl --db={self.remote} {' '.join(args)}: {proc.stderr.strip()}")
        return proc.stdout

    def external_ids(self) -> dict[str, str]:
        out = json.loads(self.vsctl("--format=json", "--columns=external_ids", "list", "Open_vSwitch"))
        rows = out.get("data") or []
        if not rows:
            raise OvsDbError(f"{self.remote}: the Open_vSwitch table is empty (is ovs-vswitchd initialised?)")
        kind, pairs = rows[0][0]
        return dict(pairs) if kind == "map" else {}

    def update_external_ids(self, set_ids: dict[str, str], remove: list[str]) -> None:
        """Set and remove keys in one transaction."""
        args: list[str] = []
        if set_ids:
            args += ["set", "Open_vSwitch", "."] + [f"external_ids:{k}={json.dumps(v)}" for k, v in set_ids.items()]
        for key in remove:
            args += (["--"] if args else []) + ["remove", "Open_vSwitch", ".", "external_ids", key]
        if args:
            self.vsctl(*args)
