"""SIGKILL of ansible-playbook, and of everything it started, while the representor links of 64
pairs are being made; the same command again converges: every pair's links in place, up, with their
MTU, and no link left over in any namespace or on the machine. A lab of its own (129 nodes)."""

from __future__ import annotations

import signal
import time

import pytest
from pyroute2 import IPRoute, netns

from labtools import DAY2_OFF, LabUnderTest, command_lines, destroyed_after, kill_tree, playbook_with_fault

pytestmark = pytest.mark.lab

PAIRS, LINKS = 64, 16
SCALE = {"OVNK_DPU_LAB_PAIRS": str(PAIRS)}
# The stages up to the links (preflight always runs); the later ones are not what this is about.
STAGES = ("--tags", "clusters,pairing", *DAY2_OFF)
MAKE_LINKS = "TASK [ovnk.dpu.dpu_pairing : Make (veth) or check (SR-IOV) each pair's representor links"


@pytest.fixture(scope="module")
def lab(lab_parent):
    with destroyed_after(LabUnderTest(name="ovnkbig", port_base=30400, state_parent=lab_parent)) as under_test:
        yield under_test


def representors(space: str | None) -> dict[str, tuple[int, str]]:
    """The links of a namespace (None: the machine's) named as representors: name -> (MTU, state)."""
    with IPRoute(**({"netns": space} if space else {})) as ipr:
        return {link.get("ifname"): (link.get("mtu"), link.get("state")) for link in ipr.get_links()
                if link.get("ifname", "").startswith(("eth0-", "rep0-"))}


def lab_runs(lab: LabUnderTest) -> list[str]:
    """ansible-playbook processes (and their workers) running against this lab."""
    return list(command_lines("ansible-playbook", f"ovnk_dpu_lab_name={lab.name}").values())


def kill_once_links_appear(lab: LabUnderTest):
    def fault(process) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not representors(f"{lab.name}-host-0"):
            time.sleep(0.005)
        kill_tree(process.pid)  # ansible-playbook, its workers and the module itself
    return fault


def test_a_run_killed_while_it_makes_the_links_of_64_pairs_converges_when_run_again(lab):
    killed = playbook_with_fault(lab, "site.yml", {MAKE_LINKS: kill_once_links_appear(lab)}, *STAGES, env=SCALE)
    assert killed.rc == -signal.SIGKILL, killed.output[-3000:]
    time.sleep(1)
    assert not lab_runs(lab), "a process of the killed run survived"
    made = {p: len(representors(f"{lab.name}-host-{p}")) for p in range(PAIRS)}
    assert 0 < sum(made.values()) < PAIRS * LINKS, made  # killed in the middle, not before or after

    again = lab.playbook("site.yml", *STAGES, env=SCALE)
    assert again.rc == 0, again.output[-5000:]
    for pair in range(PAIRS):
        assert representors(f"{lab.name}-host-{pair}") == {f"eth0-{i}": (1500, "up") for i in range(LINKS)}, pair
        assert representors(f"{lab.name}-dpu-{pair}") == {f"rep0-{i}": (1500, "up") for i in range(LINKS)}, pair
    assert representors(None) == {}  # nothing left half-made on the machine
    # Every namespace of the lab is a node's or the fabric's: none left by the killed run.
    expected = {f"{lab.name}-{n}-{p}" for n in ("host", "dpu") for p in range(PAIRS)}
    assert {n for n in netns.listnetns() if n.startswith(f"{lab.name}-")} - expected <= {
        f"{lab.name}-fabric", f"{lab.name}-worker-0"}
