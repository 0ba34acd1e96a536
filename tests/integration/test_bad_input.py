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


def test_bad_pairing_fails_in_preflight_with_every_problem_before_the_lab_starts(lab):
    # Every dpu_hosts member names dpu-0 and takes pair index 0; 300 links per pair; an ovnkube-node
    # setting no mode accepts. One failure lists them all, and nothing has started.
    run = lab.playbook("site.yml", "-e", "ovnk_dpu_peer=dpu-0", "-e", "ovnk_dpu_pair_index=0",
                       "-e", "ovnk_dpu_representor_count=300", "-e", "ovnk_dpu_ovnk_log_level=11")
    assert run.rc != 0
    assert run.output.count("fatal:") == 1
    assert run.output[run.output.rindex("TASK ["):].startswith("TASK [Check the inventory, the pairing")
    for expected in ("pairs: DPU dpu-0 is paired with host-0, host-1; a DPU serves exactly one host",
                     "dpu-1: no host names this DPU as its ovnk_dpu_peer",
                     "representors: count: 300 is out of range",
                     "log_level: '11' must be 0 to 10"):
        assert expected in run.output, run.output[-3000:]
    assert_nothing_started(lab)


def test_representor_names_and_pair_indexes_fail_in_preflight(lab):
    run = lab.playbook("site.yml", "-e", "ovnk_dpu_pair_index=0", "-e", "ovnk_dpu_representor_count=200")
    assert run.rc != 0
    assert "representors: pairs[1].index: 0 is also used by host-0; give each pair its own index" in run.output
    assert_nothing_started(lab)


def test_identity_with_dpu_pairs_is_refused_in_preflight(lab):
    run = lab.playbook("site.yml", "-e", "ovnk_dpu_ovnk_identity=true")
    assert run.rc != 0
    assert "ovnk_dpu_ovnk_identity is true and the inventory has DPU hosts (host-0, host-1)" in run.output
    assert "set ovnk_dpu_ovnk_identity: false" in run.output
    assert_nothing_started(lab)
