# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A DPU's local health checks (renew mode): its representors present and up in its network
namespace (pyroute2), its OVS answering (ovs-vsctl), an optional command exiting 0. A renewer
renews only while all pass."""

from __future__ import annotations

import subprocess

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.config import Checks
from ansible_collections.ovnk.dpu.plugins.module_utils.net.netlink import netlink_in, namespaces
from ansible_collections.ovnk.dpu.plugins.module_utils.net.ovsdb import OvsDb, OvsDbError

try:
    from pyroute2 import IPRoute
except ImportError:  # pragma: no cover - the service's requirements list pyroute2
    IPRoute = None

IFF_UP = 0x1


def failing(checks: Checks) -> dict[str, str]:
    """Every check that fails now: check name -> why. Empty: the DPU is healthy."""
    found: dict[str, str] = {}
    if checks.netns or checks.representors:
        problem = representor_problem(checks.netns, checks.representors)
        if problem:
            found["representors"] = problem
    if checks.ovs_db:
        problem = ovs_problem(checks.ovs_db)
        if problem:
            found["ovs"] = problem
    if checks.command:
        problem = command_problem(checks.command, checks.command_timeout)
        if problem:
            found["command"] = problem
    return found


def representor_problem(netns: str | None, names: tuple[str, ...]) -> str | None:
    if netns and netns not in namespaces():
        return f"network namespace {netns} is gone"
    try:
        with (netlink_in(netns) if netns else IPRoute()) as ipr:
            links = {link.get_attr("IFLA_IFNAME"): link for link in ipr.get_links()}
    except OSError as e:
        return f"cannot read the links of {netns or 'this namespace'}: {e}"
    missing = [n for n in names if n not in links]
    down = [n for n in names if n in links and not links[n]["flags"] & IFF_UP]
    if missing:
        return f"representors missing: {', '.join(missing)}"
    if down:
        return f"representors down: {', '.join(down)}"
    return None


def ovs_problem(remote: str) -> str | None:
    try:
        OvsDb(remote, timeout=3).vsctl("get", "Open_vSwitch", ".", "_uuid")
    except (OvsDbError, subprocess.TimeoutExpired, OSError) as e:
        return f"OVS does not answer at {remote}: {e}"
    return None


def command_problem(command: tuple[str, ...], timeout: float) -> str | None:
    try:
        proc = subprocess.run(list(command), capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"{command[0]} did not finish within {timeout:.0f}s"
    except OSError as e:
        return f"{command[0]} could not run: {e.strerror}"
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
        return f"{command[0]} exited {proc.returncode}: {tail[0]}"
    return None
