"""The lab makes what the inventory names, as a platform behind the inventory: each node's network namespace
(ovnk_dpu_netns_format) and each DPU's OVSDB (ovnk_dpu_ovs_remote_format)."""

from __future__ import annotations

import subprocess

import pytest
from pyroute2 import netns

from labtools import LabUnderTest, destroyed_after

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkinv", port_base=25200, state_parent=lab_parent)
    with destroyed_after(under_test):
        yield under_test


def test_the_lab_makes_namespaces_and_ovsdb_where_the_inventory_names_them(lab):
    run = lab.playbook("playbooks/lab.yml", "-e", "ovnk_dpu_netns_format=inv-{node}",
                       "-e", "ovnk_dpu_ovs_remote_format=unix:/run/ovnk-dpu/ovnkinv/ovs-{node}.sock")
    assert run.rc == 0, run.output[-3000:]
    assert {"inv-host-0", "inv-host-1", "inv-worker-0", "inv-dpu-0", "inv-dpu-1"} <= set(netns.listnetns())
    show = subprocess.run(["ovs-vsctl", "--db=unix:/run/ovnk-dpu/ovnkinv/ovs-dpu-0.sock", "br-exists", "br-int"],
                          capture_output=True, text=True, check=False)
    assert show.returncode == 0, show.stderr
