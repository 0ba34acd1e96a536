from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import version

IMG = "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu"


@pytest.mark.parametrize("image, expected", [
    (f"{IMG}:v1.3.0", (1, 3, 0)), (f"{IMG}:1.2", (1, 2, 0)), (f"{IMG}:v1.3.1-rc.1", (1, 3, 1)),
    ("registry:5000/ovn:v1.4.2", (1, 4, 2)), ("registry:5000/ovn", None), (f"{IMG}:master", None),
    (f"{IMG}@sha256:{'a' * 64}", None),
])
def test_version_of(image, expected):
    assert version.version_of(image) == expected


@pytest.mark.parametrize("peer, allowed, ok", [
    ("v1.3.0", "none", True), ("v1.3.1", "none", False), ("v1.3.1", "patch", True),
    ("v1.4.0", "patch", False), ("v1.4.0", "minor", True), ("v2.0.0", "minor", False), ("v2.0.0", "any", True),
])
def test_skew_policy(peer, allowed, ok):
    problem = version.skew_problem(f"{IMG}:v1.3.0", f"{IMG}:{peer}", allowed)
    assert (problem is None) == ok, problem


def test_skew_message_names_variables_and_the_override():
    problem = version.skew_problem(f"{IMG}:v1.3.0", f"{IMG}:v1.4.0", "patch")
    assert problem == (f"ovnk_dpu_ovnk_image ({IMG}:v1.3.0) and ovnk_dpu_ovnk_dpu_image ({IMG}:v1.4.0) differ in "
                       "their minor version and ovnk_dpu_ovnk_allowed_skew is 'patch'; use matching images, or set "
                       "ovnk_dpu_ovnk_allowed_skew to accept the difference (ovnk_dpu_ovnk_allowed_skew: minor)")


def test_unversioned_tags_must_match_unless_any():
    assert version.skew_problem(f"{IMG}:master", f"{IMG}:master", "none") is None
    assert "not both versions" in version.skew_problem(f"{IMG}:master", f"{IMG}:v1.3.0", "minor")
    assert version.skew_problem(f"{IMG}:master", f"{IMG}:dev", "any") is None
