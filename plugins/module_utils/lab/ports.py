# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who listens on a TCP port, read from /proc (no external tools)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

_LISTEN = "0A"


def listening_ports() -> dict[int, str]:
    """Map every listening TCP port in this network namespace to its socket inode."""
    ports: dict[int, str] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == _LISTEN:
                ports[int(fields[1].rsplit(":", 1)[1], 16)] = fields[9]
    return ports


def socket_owner(inode: str) -> Optional[tuple[int, str]]:
    """(pid, command name) of the process holding socket inode, if visible."""
    target = f"socket:[{inode}]"
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            for fd in os.scandir(f"/proc/{entry.name}/fd"):
                if os.readlink(fd.path) == target:
                    comm = Path(f"/proc/{entry.name}/comm").read_text().strip()
                    return int(entry.name), comm
        except (FileNotFoundError, PermissionError, ProcessLookupError, NotADirectoryError):
            continue
    return None


def busy_ports(wanted: dict[int, str], ours: set[int]) -> list[str]:
    """One message per wanted port that another process already listens on.

    ours: pids of the lab's own running processes, whose ports are expected.
    """
    listening = listening_ports()
    problems = []
    for port, purpose in sorted(wanted.items()):
        if port not in listening:
            continue
        owner = socket_owner(listening[port])
        if owner and owner[0] in ours:
            continue
        who = f"pid {owner[0]} ({owner[1]})" if owner else "another process"
        problems.append(
            f"port {port} ({purpose}) is already used by {who}; stop it or set ovnk_dpu_lab_port_base to a free range"
        )
    return problems


def ephemeral_range() -> tuple[int, int]:
    """The ports the kernel hands to outgoing connections (net.ipv4.ip_local_port_range)."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (FileNotFoundError, ValueError):
        return 32768, 60999


def ephemeral_problems(ports: dict[int, str]) -> list[str]:
    """A lab port in the kernel's ephemeral range can be taken at any time by an outgoing connection."""
    low, high = ephemeral_range()
    inside = sorted(p for p in ports if low <= p <= high)
    if not inside:
        return []
    return [f"port_base: ports {inside[0]}-{inside[-1]} are in the kernel's range for outgoing connections ({low}-{high}), "
            f"which may take them at any time; set ovnk_dpu_lab_port_base so the lab's ports stay below {low} "
            f"(e.g. 16400)"]
