"""site.yml on a real two-cluster lab through molecule's default scenario: the install, its
summary, idempotence, verify, check mode, the picture, and a pair coming and going."""

from __future__ import annotations

import datetime
import json
import re
import sys

import pytest
from kubernetes import client as k8s
from pyroute2 import IPRoute

from labtools import DAY2_OFF, REPO
from sitetools import DPUS, HOSTS, api, molecule, namespaces, ready_nodes

pytestmark = pytest.mark.lab


def test_molecule_create_and_converge_bring_up_both_clusters_and_end_with_the_summary(lab):
    run = lab.first_run
    assert run.rc == 0, run.output[-5000:]
    assert "default ➜ converge: Executed: Successful" in run.output or "converge: Executed: Successful" in run.output
    assert run.failed == 0 and run.changed > 0
    # The summary: one row per pair with its links, both modes and the Lease; the plain worker in full mode.
    text = " ".join(run.output.split())  # the callback wraps long lines
    for host, dpu in (("host-0", "dpu-0"), ("host-1", "dpu-1")):
        assert re.search(rf"- {host} {dpu} 16/16 up dpu-host ready dpu ready healthy \(\d+s\)", text), run.output[-3000:]
    assert "- worker-0 - - full ready - -" in text
    assert "- all healthy" in text
    assert (lab.state_dir / "tenant" / "admin.kubeconfig").stat().st_mode & 0o777 == 0o600
    assert (lab.state_dir / "infra" / "admin.kubeconfig").stat().st_mode & 0o777 == 0o600


def test_clusters_have_their_ready_nodes_and_are_separate(lab):
    run = lab.playbook("tests/integration/playbooks/verify_clusters.yml")
    assert run.rc == 0, run.output[-5000:]


def test_both_api_servers_report_the_pinned_version(lab):
    pinned = re.search(r'^KUBE_VERSION="(v[0-9.]+)"', (REPO / "scripts/build-lab-binaries.sh").read_text(), re.M)[1]
    for cluster in ("tenant", "infra"):
        assert k8s.VersionApi(api(lab, cluster)).get_code().git_version == pinned


def test_every_node_keeps_its_lease(lab):
    now = datetime.datetime.now(datetime.timezone.utc)
    for cluster, names in (("tenant", HOSTS), ("infra", DPUS)):
        leases = {lease.metadata.name: lease for lease in
                  k8s.CoordinationV1Api(api(lab, cluster)).list_namespaced_lease("kube-node-lease").items}
        assert set(leases) == set(names)
        for lease in leases.values():
            assert (now - lease.spec.renew_time).total_seconds() < 20, lease  # renewed every 10 s
            assert lease.metadata.owner_references[0].name == lease.metadata.name


def test_every_node_has_its_namespace_and_every_dpu_its_ovs(lab):
    assert namespaces(lab) == {f"{lab.name}-{n}" for n in HOSTS + DPUS} | {f"{lab.name}-fabric"}
    with IPRoute(netns=f"{lab.name}-host-0") as ipr:
        (lo,) = ipr.get_links(ifname="lo")
        assert lo.get("state") == "up"
    for dpu in DPUS:
        assert lab.ovs_vsctl(dpu, "list-br") == "br-int"
        assert lab.ovs_vsctl(dpu, "get", "bridge", "br-int", "datapath_type") == "netdev"
        assert lab.ovs_vsctl(dpu, "get", "Open_vSwitch", ".", "external_ids:hostname").strip('"') == dpu
        # br-int's tap lives in the DPU's namespace, not on the machine.
        with IPRoute(netns=f"{lab.name}-{dpu}") as ipr:
            assert ipr.get_links(ifname="br-int")


def test_molecule_idempotence_changes_nothing_and_prints_no_key(lab):
    config = json.loads((lab.state_dir / "tenant" / "admin.kubeconfig").read_text())
    key = config["users"][0]["user"]["client-key-data"]
    run = molecule(lab, "idempotence", env={"ANSIBLE_VERBOSITY": "1"})
    assert run.rc == 0, run.output[-5000:]
    assert "idempotence: Executed: Successful" in run.output
    assert key[:40] not in run.output


def test_molecule_verify_reads_the_install_back(lab):
    run = molecule(lab, "verify")
    assert run.rc == 0, run.output[-5000:]
    assert "verify: Executed: Successful" in run.output


def test_check_mode_with_diff_changes_nothing(lab):
    run = lab.playbook("site.yml", "--check", "--diff")
    assert run.rc == 0, run.output[-5000:]
    assert run.changed == 0


def test_topology_draws_every_pair_and_mode(lab, tmp_path):
    run = lab.playbook("playbooks/topology.yml", "-e", f"ovnk_dpu_topology_dir={tmp_path}")
    assert run.rc == 0, run.output[-5000:]
    dot = (tmp_path / "ovnk-dpu.dot").read_text()
    for host, dpu in (("host-0", "dpu-0"), ("host-1", "dpu-1")):
        assert f'"tenant/{host}" [label="{host}\\ndpu-host ready"' in dot
        assert f'"infra/{dpu}" [label="{dpu}\\ndpu ready"' in dot
        assert re.search(rf'"tenant/{host}" -> "infra/{dpu}" \[label="16/16 up\\nlease healthy[^"]*", color="forestgreen"', dot)
    assert '"tenant/worker-0" [label="worker-0\\nfull ready"' in dot
    assert (tmp_path / "ovnk-dpu.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "ovnk-dpu.png").stat().st_size > 5000
    assert "<svg" in (tmp_path / "ovnk-dpu.svg").read_text()


def test_scaling_the_inventory_adds_then_removes_a_pair(lab):
    # Pools, SR-IOV and taints off: test_pools_sriov_taints.py covers them; a pair's coming and going is the point here.
    grown = lab.playbook("site.yml", *DAY2_OFF, env={"OVNK_DPU_LAB_PAIRS": "3"})
    assert grown.rc == 0, grown.output[-5000:]
    assert f"{lab.name}-dpu-2" in namespaces(lab)
    assert ready_nodes(lab) == {"tenant": {"host-0", "host-1", "host-2", "worker-0"}, "infra": {"dpu-0", "dpu-1", "dpu-2"}}

    shrunk = lab.playbook("site.yml", *DAY2_OFF)
    assert shrunk.rc == 0, shrunk.output[-5000:]
    assert shrunk.changed > 0
    assert not {f"{lab.name}-host-2", f"{lab.name}-dpu-2"} & namespaces(lab)
    assert not (lab.state_dir / "nodes" / "dpu-2").exists()
    # The dropped DPU's lease renewer is stopped and its files gone (lease_watchdog prunes them).
    assert not list((lab.state_dir / "services").glob("ovnk-dpu-lease-renew-dpu-2.*"))
    assert not [p for p in lab.processes() if "ovnk-dpu-lease-renew-dpu-2" in p]
    # The Node objects are gone too.
    assert ready_nodes(lab) == {"tenant": set(HOSTS), "infra": set(DPUS)}


def test_modules_give_the_same_result_in_the_worker_and_as_a_module_process(lab, tmp_path):
    """plugins/plugin_utils/local_module.py: on the controller a module runs in the task's worker; with another
    interpreter it runs as a module process (AnsiballZ). Same results, check mode and failures both ways; only
    the second leaves a module file (kept with ANSIBLE_KEEP_REMOTE_FILES); and neither leaves the Kubernetes
    client's temporary certificate and key files behind (a module process removes them when it exits)."""
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    python.chmod(0o755)
    remote_tmp, scratch = tmp_path / "remote", tmp_path / "scratch"
    scratch.mkdir()
    run = lab.playbook("tests/integration/playbooks/local_modules.yml", "-e", f"local_modules_python={python}",
                       env={"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": str(remote_tmp),
                            "TMPDIR": str(scratch)})
    assert run.rc == 0, run.output[-5000:]
    assert [p.name for p in scratch.iterdir() if not p.name.startswith("k8srcp-")] == []  # discovery caches stay
    module_files = sorted(path.name for path in remote_tmp.rglob("AnsiballZ_*.py"))
    assert module_files == sorted(f"AnsiballZ_{name}.py" for name in
                                  ["cluster_check", "lease_watchdog_credentials", "install_info", "dpu_lease_info",
                                   "lease_watchdog_credentials"]), module_files
