"""The upgrade's version-skew check: the two clusters' releases, and OVN-K during and after."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.upgrade.skew import image_problems, kube_problem, minor_of

IMAGE = "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:{}"


def test_kubernetes_releases_one_minor_apart_are_fine_two_are_not():
    assert minor_of("v1.35.8") == (1, 35)
    assert kube_problem({"tenant": "v1.35.8", "infra": "v1.34.2"}, 1) is None
    problem = kube_problem({"tenant": "v1.35.8", "infra": "v1.33.1"}, 1)
    assert "2 minor versions apart" in problem and "ovnk_dpu_upgrade_allowed_kube_skew (1)" in problem


def test_the_dpus_target_is_checked_against_what_the_hosts_run_now_and_later():
    running = {"dpu-host": IMAGE.format("v1.3.0"), "dpu": IMAGE.format("v1.3.0")}
    assert image_problems(running, {"dpu-host": IMAGE.format("v1.3.1"), "dpu": IMAGE.format("v1.3.1")}, "patch") == []
    problems = image_problems(running, {"dpu-host": IMAGE.format("v1.4.0"), "dpu": IMAGE.format("v1.4.0")}, "patch")
    assert [p.split(":")[0] for p in problems] == ["during the upgrade"]
    assert "the hosts' running image" in problems[0] and "ovnk_dpu_ovnk_allowed_skew" in problems[0]
    assert image_problems(running, {"dpu-host": IMAGE.format("v1.4.0"), "dpu": IMAGE.format("v1.4.0")}, "minor") == []


def test_an_install_without_ovnk_cannot_be_upgraded():
    problems = image_problems({"full": IMAGE.format("v1.3.0")}, {"dpu-host": "x", "dpu": "x"}, "any")
    assert len(problems) == 2 and all("install first" in p for p in problems)
