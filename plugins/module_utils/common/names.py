# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Naming rules shared by every part of the collection: Kubernetes node and namespace names,
Linux interface names."""

from __future__ import annotations

import re

# RFC 1123 DNS subdomain, as Kubernetes requires of Node names.
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
NODE_NAME_RULE = "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 63"
# RFC 1123 label, as Kubernetes requires of Namespace names.
_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
NAMESPACE_RULE = "lowercase letters, digits and '-', at most 63"
IFNAMSIZ = 15  # bytes of a Linux interface name, without the trailing NUL
_IFNAME_FORBIDDEN = re.compile(r"[/\s:%]")
IFNAME_RULE = f"at most {IFNAMSIZ} bytes, no '/', ':', '%' or spaces"


def is_node_name(name: str) -> bool:
    return len(name) <= 63 and bool(_DNS_SUBDOMAIN.match(name))


def is_namespace_name(name: str) -> bool:
    return bool(_DNS_LABEL.match(name))


def is_interface_name(name: str) -> bool:
    return 0 < len(name.encode()) <= IFNAMSIZ and not _IFNAME_FORBIDDEN.search(name)
