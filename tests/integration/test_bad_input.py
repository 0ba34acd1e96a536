"""Bad input: one clear message naming the field and the fix, and nothing started."""

from __future__ import annotations

import socket

import pytest

from labtools import LabUnderTest

pytestmark = pytest.mark.lab


@pytest.fixture
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkbad", port_base=27400, state_parent=lab_parent)
    yield under_test
    under_test.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")


def assert_nothing_started(lab: LabUnderTest) -> None:
    assert lab.processes() == []
    assert not lab.state_dir.exists()


def test_unknown_platform(lab):
    run = lab.playbook("site.yml", "-e", "ovnk_dpu_platform=vsphere")
    assert run.rc != 0
    assert "ovnk_dpu_platform: 'vsphere' is not a known platform; set it to one of lab, kind, openshift" in run.output
    assert_nothing_started(lab)


def test_missing_kubeconfig(lab, tmp_path):
    run = lab.playbook("site.yml", "-e", "ovnk_dpu_platform=openshift",
                       "-e", f"ovnk_dpu_tenant_kubeconfig={tmp_path}/missing.kubeconfig",
                       "-e", f"ovnk_dpu_infra_kubeconfig={tmp_path}/missing.kubeconfig")
    assert run.rc != 0
    assert f"ovnk_dpu_tenant_kubeconfig: {tmp_path}/missing.kubeconfig does not exist" in run.output
    assert "ovnk_dpu_infra_kubeconfig" in run.output
    assert_nothing_started(lab)


def test_unreadable_kubeconfig(lab, tmp_path):
    garbage = tmp_path / "garbage.kubeconfig"
    garbage.write_bytes(b"\x00\xff not: a: kubeconfig [")
    run = lab.playbook("site.yml", "-e", "ovnk_dpu_platform=openshift",
                       "-e", f"ovnk_dpu_tenant_kubeconfig={garbage}", "-e", f"ovnk_dpu_infra_kubeconfig={tmp_path}")
    assert run.rc != 0
    assert f"ovnk_dpu_tenant_kubeconfig: {garbage} is not valid YAML" in run.output
    assert f"ovnk_dpu_infra_kubeconfig: {tmp_path} is not a readable file" in run.output
    assert_nothing_started(lab)


def test_lab_port_taken_by_another_process(lab):
    tenant_api_port = lab.port_base + 43
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", tenant_api_port))
        squatter.listen()
        run = lab.playbook("site.yml")
    assert run.rc != 0
    assert f"port {tenant_api_port} (tenant kube-apiserver) is already used by pid" in run.output
    assert "set ovnk_dpu_lab_port_base to a free range" in run.output
    assert_nothing_started(lab)
