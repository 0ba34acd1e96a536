"""A lab port another program holds: the lab refuses to start, naming the port, its owner and the
fix, and nothing starts. (Every other bad input is in site/test_2_bad_input.py, on an installed lab.)"""

from __future__ import annotations

import socket

import pytest

from labtools import LabUnderTest

pytestmark = pytest.mark.lab


@pytest.fixture
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkport", port_base=25000, state_parent=lab_parent)
    yield under_test
    under_test.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")


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
    assert lab.processes() == []
    assert not lab.state_dir.exists()
