# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Version skew between the tenant's and the infra cluster's OVN-K images.

The dpu-host side (tenant) and the dpu side (infra) exchange node and pod annotations, so
they must run compatible OVN-K. Versions come from image tags (v1.3.0, 1.3.0-rc1, ...);
a tag that is not a version (master, a digest) only matches the very same image.
"""

from __future__ import annotations

import re
from typing import Optional

# How far the two images may drift apart, from strictest to loosest.
SKEW_POLICIES = ("none", "patch", "minor", "any")
_DRIFT_RANK = {"none": 0, "patch": 1, "minor": 2, "major": 3}
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$")


def image_tag(image: str) -> str:
    """The tag of image ('' for a digest or no tag); a registry port is not a tag."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last and "@" not in image else ""


def version_of(image: str) -> Optional[tuple[int, int, int]]:
    match = _VERSION.match(image_tag(image))
    if not match:
        return None
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def _drift(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    if a == b:
        return "none"
    if a[:2] == b[:2]:
        return "patch"
    return "minor" if a[0] == b[0] else "major"


INVENTORY_VARIABLES = ("ovnk_dpu_ovnk_image", "ovnk_dpu_ovnk_dpu_image", "ovnk_dpu_ovnk_allowed_skew")


def skew_problem(image: str, peer_image: str, allowed: str,
                 variables: tuple[str, str, str] = INVENTORY_VARIABLES) -> Optional[str]:
    """None when image (tenant) and peer_image (infra) may run together under `allowed`."""
    image_var, peer_var, policy_var = variables
    if allowed == "any" or not peer_image or image == peer_image:
        return None
    fix = f"use matching images, or set {policy_var} to accept the difference"
    mine, theirs = version_of(image), version_of(peer_image)
    if mine is None or theirs is None:
        return (f"{image_var} ({image}) and {peer_var} ({peer_image}) differ and their tags are not both versions, "
                f"so their compatibility is unknown; {fix} ({policy_var}: any)")
    drift = _drift(mine, theirs)
    if _DRIFT_RANK[drift] <= SKEW_POLICIES.index(allowed):
        return None
    needed = "any" if drift == "major" else drift
    return (f"{image_var} ({image}) and {peer_var} ({peer_image}) differ in their {drift} version and "
            f"{policy_var} is '{allowed}'; {fix} ({policy_var}: {needed})")
