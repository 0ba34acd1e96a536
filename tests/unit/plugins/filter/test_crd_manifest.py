from __future__ import annotations

from pathlib import Path

import yaml

from ansible_collections.ovnk.dpu.plugins.filter.crd_manifest import FilterModule, crd_manifest

CRDS = Path(__file__).resolve().parents[4] / "roles/ovnk_base/files/crds"


def _walk(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "x-kubernetes-validations" or (k == "default" and v == ""):
                found.append(k)
            _walk(v, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)
    return found


def test_status_and_null_creation_timestamp_always_go():
    crd = yaml.safe_load((CRDS / "policy.networking.k8s.io_adminnetworkpolicies.yaml").read_text())
    assert "status" in crd and "creationTimestamp" in crd["metadata"]
    out = crd_manifest(crd)
    assert "status" not in out and "creationTimestamp" not in out["metadata"]
    assert out["spec"] == crd["spec"] and out["metadata"]["name"] == crd["metadata"]["name"]


def test_cel_rules_and_empty_defaults_are_kept_as_upstream_ships_them():
    crd = yaml.safe_load((CRDS / "k8s.ovn.org_adminpolicybasedexternalroutes.yaml").read_text())
    assert _walk(crd, []) and _walk(crd_manifest(crd), []) == _walk(crd, [])


def test_every_vendored_crd_is_a_v1_crd():
    files = sorted(CRDS.glob("*.yaml"))
    assert len(files) == 11
    for path in files:
        crd = yaml.safe_load(path.read_text())
        assert (crd["apiVersion"], crd["kind"]) == ("apiextensions.k8s.io/v1", "CustomResourceDefinition"), path


def test_registered_as_filter():
    assert FilterModule().filters()["crd_manifest"] is crd_manifest
