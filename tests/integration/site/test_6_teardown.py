"""playbooks/teardown.yml, then molecule's destroy: everything site.yml made goes, then the lab."""

from __future__ import annotations

from pathlib import Path

import pytest
from kubernetes import client as k8s
from pyroute2 import IPRoute

from labtools import LabUnderTest
from sitetools import DPUS, HOSTS, api, molecule, namespaces

pytestmark = pytest.mark.lab


def test_teardown_is_refused_without_confirmation(lab):
    run = lab.playbook("playbooks/teardown.yml")
    assert run.rc != 0 and run.changed == 0
    assert "ovnk_dpu_teardown_confirm is not set" in " ".join(run.output.split())


def test_teardown_check_mode_lists_what_goes_and_changes_nothing(lab):
    run = lab.playbook("playbooks/teardown.yml", "--check", "--diff")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed > 0
    for cluster in ("tenant", "infra"):
        assert k8s.CoreV1Api(api(lab, cluster)).read_namespace("ovn-kubernetes")
    assert lab.ovs_vsctl("dpu-0", "get", "Open_vSwitch", ".", "external_ids:host-k8s-nodename").strip('"') == "host-0"


def collection_marks(lab: LabUnderTest) -> list[str]:
    """Everything site.yml leaves on the clusters, the namespaces and the OVS databases."""
    found = []
    for cluster in ("tenant", "infra"):
        core = k8s.CoreV1Api(api(lab, cluster))
        found += [f"{cluster}: namespace {n.metadata.name}" for n in core.list_namespace().items
                  if n.metadata.name in ("ovn-kubernetes", "ovn-host-network")]
        for node in core.list_node().items:
            labels, notes = node.metadata.labels or {}, node.metadata.annotations or {}
            found += [f"{cluster}: {node.metadata.name} label {k}" for k in labels
                      if k.startswith(("k8s.ovn.org/", "node-role.kubernetes.io/dpu"))]
            found += [f"{cluster}: {node.metadata.name} annotation {k}" for k in notes if k.startswith("ovnk.dpu/")]
            found += [f"{cluster}: {node.metadata.name} taint {t.key}" for t in node.spec.taints or []
                      if t.key.startswith("ovnk.dpu/") or t.key == "k8s.ovn.org/dpu-not-ready"]
        custom = k8s.CustomObjectsApi(api(lab, cluster))
        found += [f"{cluster}: MachineConfigPool {p['metadata']['name']}" for p in custom.list_cluster_custom_object(
            "machineconfiguration.openshift.io", "v1", "machineconfigpools")["items"]]
    policies = k8s.CustomObjectsApi(api(lab, "tenant")).list_cluster_custom_object(
        "sriovnetwork.openshift.io", "v1", "sriovnetworknodepolicies")["items"]
    found += [f"SR-IOV policy {p['metadata']['name']}" for p in policies]
    for node in HOSTS + DPUS:
        with IPRoute(netns=f"{lab.name}-{node}") as ipr:
            found += [f"{node}: link {link.get('ifname')}" for link in ipr.get_links()
                      if link.get("ifname", "").startswith(("rep0-", "eth0-"))]
    for dpu in DPUS:
        if "host-k8s-nodename" in lab.ovs_vsctl(dpu, "get", "Open_vSwitch", ".", "external_ids"):
            found.append(f"{dpu}: OVS external_ids:host-k8s-nodename")
    found += [f"process {p[:80]}" for p in lab.processes() if "lease_watchdog" in p]
    found += [f"file {p.name}" for p in (lab.state_dir / "services").glob("ovnk-dpu-lease-*")]
    return found


def test_teardown_removes_what_site_made(lab):
    assert collection_marks(lab)  # what the check below would miss if it were blind
    run = lab.playbook("playbooks/teardown.yml", "-e", "ovnk_dpu_teardown_confirm=true")
    assert run.rc == 0, run.output[-5000:]
    assert collection_marks(lab) == []


def test_molecule_destroy_leaves_nothing_behind(lab, tmp_path):
    # Its own temporary directory: the other test worker's runs come and go in /tmp meanwhile.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    run = molecule(lab, "destroy", env={"TMPDIR": str(scratch)})  # teardown.yml again, the lab included
    assert run.rc == 0, run.output[-3000:]
    assert "destroy: Executed: Successful" in run.output
    # The second teardown finds nothing left to remove: only the lab's destroy changes something.
    assert run.output.count("changed: [localhost]") == 1, run.output[-5000:]
    changed_at = run.output.index("changed: [localhost]")
    assert run.output.startswith("TASK [ovnk.dpu.lab : Destroy the lab]", run.output.rfind("TASK [", 0, changed_at))
    assert lab.processes() == []
    assert namespaces(lab) == set()
    assert not lab.state_dir.exists()
    assert not Path("/run/ovnk-dpu", lab.name).exists()
    # Not the collection's: ansible-lint, imported by molecule, makes a directory at import and never removes
    # it (ansiblelint/rules/args.py: _SAFE_ASYNC_DIR); kubernetes.core keeps its discovery cache (k8srcp-*.json).
    assert [p.name for p in scratch.iterdir() if not p.name.startswith(("ansible-lint-async-", "k8srcp-"))] == []
    again = lab.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")
    assert again.rc == 0 and again.changed == 0
