# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Naming rules shared by every part of the collection."""

from __future__ import annotations

import re

# RFC 1123 DNS subdomain, as Kubernetes requires of Node names.
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
NODE_NAME_RULE = "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 63"


def is_node_name(name: str) -> bool:
    return len(name) <= 63 and bool(_DNS_SUBDOMAIN.match(name))


# What a node is in the two-cluster install, and which cluster each kind joins.
NODE_ROLES = ("dpu-host", "dpu", "full")
CLUSTER_OF_ROLE = {"dpu-host": "tenant", "full": "tenant", "dpu": "infra"}


# Taints the collection puts on nodes (the lease watchdog's, and the DPU host and DPU node
# taints that keep ordinary pod-network pods off); its own pods must tolerate them.
COLLECTION_TAINTS = (
    {"key": "k8s.ovn.org/dpu-not-ready", "effect": "NoSchedule"},
    {"key": "ovnk.dpu/dpu-host", "effect": "NoSchedule"},
    {"key": "ovnk.dpu/dpu", "effect": "NoSchedule"},
)
