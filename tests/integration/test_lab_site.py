"""site.yml on a real two-cluster lab, end to end, in the order a user meets it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pyroute2 import IPRoute, netns

from labtools import LabUnderTest

pytestmark = pytest.mark.lab

HOSTS = ["host-0", "host-1", "worker-0"]
DPUS = ["dpu-0", "dpu-1"]


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkci", port_base=26400, state_parent=lab_parent)
    yield under_test
    # Whatever a test left behind, the lab goes.
    under_test.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")


def namespaces(lab: LabUnderTest) -> set[str]:
    return {ns for ns in netns.listnetns() if ns.startswith(f"{lab.name}-")}


def ovs_get(lab: LabUnderTest, dpu: str, *args: str) -> str:
    port = json.loads((lab.state_dir / "lab.json").read_text())["nodes"][dpu]["kubelet_port"]
    sock = Path("/run/ovnk-dpu", lab.name, str(port), "ovs", "db.sock")
    return subprocess.run(["ovs-vsctl", f"--db=unix:{sock}", *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_site_brings_up_both_clusters(lab):
    run = lab.playbook("site.yml")
    assert run.rc == 0, run.output[-5000:]
    assert run.failed == 0 and run.changed > 0
    assert (lab.state_dir / "tenant" / "admin.kubeconfig").stat().st_mode & 0o777 == 0o600
    assert (lab.state_dir / "infra" / "admin.kubeconfig").stat().st_mode & 0o777 == 0o600


def test_kubeconfig_contents_are_never_printed(lab):
    config = json.loads((lab.state_dir / "tenant" / "admin.kubeconfig").read_text())
    key = config["users"][0]["user"]["client-key-data"]
    run = lab.playbook("site.yml", "-v")
    assert key[:40] not in run.output


def test_clusters_have_their_ready_nodes_and_are_separate(lab):
    run = lab.playbook("tests/integration/playbooks/verify_clusters.yml")
    assert run.rc == 0, run.output[-5000:]


def test_every_node_has_its_namespace_and_every_dpu_its_ovs(lab):
    assert namespaces(lab) == {f"{lab.name}-{n}" for n in HOSTS + DPUS}
    with IPRoute(netns=f"{lab.name}-host-0") as ipr:
        (lo,) = ipr.get_links(ifname="lo")
        assert lo.get("state") == "up"
    for dpu in DPUS:
        assert ovs_get(lab, dpu, "list-br") == "br-int"
        assert ovs_get(lab, dpu, "get", "bridge", "br-int", "datapath_type") == "netdev"
        assert ovs_get(lab, dpu, "get", "Open_vSwitch", ".", "external_ids:hostname").strip('"') == dpu
        # br-int's tap lives in the DPU's namespace, not on the machine.
        with IPRoute(netns=f"{lab.name}-{dpu}") as ipr:
            assert ipr.get_links(ifname="br-int")


def test_second_run_changes_nothing(lab):
    run = lab.playbook("site.yml")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed == 0


def test_check_mode_changes_nothing(lab):
    run = lab.playbook("site.yml", "--check")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed == 0


def test_scaling_the_inventory_adds_then_removes_a_pair(lab):
    grown = lab.playbook("site.yml", env={"OVNK_DPU_LAB_PAIRS": "3"})
    assert grown.rc == 0, grown.output[-5000:]
    assert f"{lab.name}-dpu-2" in namespaces(lab)
    verify = lab.playbook("tests/integration/playbooks/verify_clusters.yml", env={"OVNK_DPU_LAB_PAIRS": "3"})
    assert verify.rc == 0, verify.output[-5000:]

    shrunk = lab.playbook("site.yml")
    assert shrunk.rc == 0, shrunk.output[-5000:]
    assert shrunk.changed > 0
    assert not {f"{lab.name}-host-2", f"{lab.name}-dpu-2"} & namespaces(lab)
    assert not (lab.state_dir / "nodes" / "dpu-2").exists()
    # Node objects are gone too: verify compares each cluster's nodes with the inventory.
    verify = lab.playbook("tests/integration/playbooks/verify_clusters.yml")
    assert verify.rc == 0, verify.output[-5000:]


def test_stop_keeps_state_and_start_resumes(lab):
    stop = lab.playbook("playbooks/lab.yml", "-e", "lab_action=stop")
    assert stop.rc == 0 and stop.changed == 1, stop.output[-3000:]
    assert lab.processes() == []
    assert (lab.state_dir / "tenant" / "admin.kubeconfig").exists()
    status = lab.playbook("playbooks/lab.yml", "-e", "lab_action=status")
    assert "lab ovnkci: stopped" in status.output
    again = lab.playbook("playbooks/lab.yml", "-e", "lab_action=stop")
    assert again.rc == 0 and again.changed == 0

    start = lab.playbook("playbooks/lab.yml")
    assert start.rc == 0 and start.changed == 1, start.output[-3000:]
    status = lab.playbook("playbooks/lab.yml", "-e", "lab_action=status")
    assert "lab ovnkci: running" in status.output
    verify = lab.playbook("tests/integration/playbooks/verify_clusters.yml")
    assert verify.rc == 0, verify.output[-5000:]


def test_destroy_leaves_nothing_behind(lab):
    before_tmp = set(Path("/tmp").iterdir())
    run = lab.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")
    assert run.rc == 0 and run.changed == 1, run.output[-3000:]
    assert lab.processes() == []
    assert namespaces(lab) == set()
    assert not lab.state_dir.exists()
    assert not Path("/run/ovnk-dpu", lab.name).exists()
    assert not {p for p in Path("/tmp").iterdir() if p.name.startswith("hollow-kubelet")}
    assert set(Path("/tmp").iterdir()) <= before_tmp
    again = lab.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")
    assert again.rc == 0 and again.changed == 0
