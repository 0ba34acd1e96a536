"""The lab makes what the inventory names, as a platform behind the inventory: each node's network namespace
(ovnk_dpu_netns_format), each DPU's OVSDB (ovnk_dpu_ovs_remote_format), and the admin kubeconfigs where
ovnk_dpu_tenant_kubeconfig / ovnk_dpu_infra_kubeconfig say - a setting the lab would otherwise drop is used."""

from __future__ import annotations

import stat
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


def test_the_lab_uses_the_inventorys_names_and_kubeconfigs(lab, tmp_path):
    kubeconfigs = tmp_path / "mine"
    run = lab.playbook("playbooks/lab.yml", "-e", "ovnk_dpu_netns_format=inv-{node}",
                       "-e", "ovnk_dpu_ovs_remote_format=unix:/run/ovnk-dpu/ovnkinv/ovs-{node}.sock",
                       "-e", f"ovnk_dpu_tenant_kubeconfig={kubeconfigs}/tenant", "-e", f"ovnk_dpu_infra_kubeconfig={kubeconfigs}/infra")
    assert run.rc == 0, run.output[-3000:]
    assert {"inv-host-0", "inv-host-1", "inv-worker-0", "inv-dpu-0", "inv-dpu-1"} <= set(netns.listnetns())
    show = subprocess.run(["ovs-vsctl", "--db=unix:/run/ovnk-dpu/ovnkinv/ovs-dpu-0.sock", "br-exists", "br-int"],
                          capture_output=True, text=True, check=False)
    assert show.returncode == 0, show.stderr
    for cluster in ("tenant", "infra"):
        copy = kubeconfigs / cluster
        assert copy.read_text() == (lab.state_dir / cluster / "admin.kubeconfig").read_text()
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and stat.S_IMODE(kubeconfigs.stat().st_mode) == 0o700
    assert "client-key-data" not in run.output and "BEGIN" not in run.output  # the copies are never shown
