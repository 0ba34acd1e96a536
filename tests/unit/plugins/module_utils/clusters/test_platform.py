"""What a cluster must serve before the install: the later stages' APIs, OpenShift's release."""

from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.clusters import platform

REQUIRED = [{"kind": "MachineConfigPool", "api_version": "machineconfiguration.openshift.io/v1", "purpose": "pools"},
            {"kind": "Network", "api_version": "operator.openshift.io/v1", "purpose": "the network operator"}]


def test_every_missing_api_is_named_with_what_needs_it():
    assert platform.missing_apis("tenant", REQUIRED, lambda kind, version: True) is None
    message = platform.missing_apis("tenant", REQUIRED, lambda kind, version: kind == "Network")
    assert message.startswith("the tenant cluster does not serve MachineConfigPool (machineconfiguration.openshift.io/v1) "
                              "for pools:")


def cluster_version(*history: tuple[str, str]) -> dict:
    return {"status": {"desired": {"version": history[0][0]},
                       "history": [{"version": v, "state": s} for v, s in history]}}


def test_openshift_release_is_the_last_completed_update():
    assert platform.openshift_release(cluster_version(("4.20.1", "Partial"), ("4.19.9", "Completed"))) == "4.19.9"
    assert platform.openshift_problem("infra", cluster_version(("4.20.1", "Completed")), "4.18") is None
    old = platform.openshift_problem("infra", cluster_version(("4.17.3", "Completed")), "4.18")
    assert old == ("the infra cluster runs OpenShift 4.17.3; ovnk.dpu needs 4.18 or newer (ovnk_dpu_openshift_min_version): "
                   "upgrade the cluster")
    assert "it is not OpenShift" in platform.openshift_problem("tenant", None, "4.18")
