# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab nodes' network namespaces, through netlink (pyroute2)."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.net.netlink import namespaces as existing
from ansible_collections.ovnk.dpu.plugins.module_utils.net.netlink import netlink_in, pyroute2_netns


def ensure(name: str) -> bool:
    """Create namespace name with its loopback up. True if it was created."""
    if name in existing():
        return False
    pyroute2_netns.create(name)
    with netlink_in(name) as ipr:
        ipr.link("set", index=ipr.link_lookup(ifname="lo")[0], state="up")
    return True


def remove(name: str) -> bool:
    """Delete namespace name; the links inside it (veth ends) go with it."""
    if name not in existing():
        return False
    pyroute2_netns.remove(name)
    return True
