from __future__ import annotations

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import components
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import build_spec

SPEC = build_spec(
    name="lab", state_dir="/s/lab", bin_dir="/b", port_base=16400,
    nodes=[{"name": "host-0", "role": "dpu-host"}, {"name": "dpu-0", "role": "dpu"}],
    service_cidrs={"tenant": "10.96.0.0/16", "infra": "10.112.0.0/16"},
)


def test_apiserver_is_secure_and_authorizes_with_rbac():
    argv = components.kube_apiserver(SPEC, SPEC.cluster("infra")).argv
    assert argv[0] == "/b/kube-apiserver"
    assert "--secure-port=16543" in argv and "--insecure-port=0" in argv
    assert "--bind-address=127.0.0.1" in argv
    assert "--authorization-mode=Node,RBAC" in argv
    assert "--etcd-servers=http://127.0.0.1:16579" in argv
    assert "--service-cluster-ip-range=10.112.0.0/16" in argv
    assert "--client-ca-file=/s/lab/infra/pki/ca.crt" in argv


def test_every_process_has_its_own_pidfile_and_identity():
    procs = components.all_processes(SPEC)
    assert len({p.pidfile for p in procs}) == len(procs)
    assert len({p.markers for p in procs}) == len(procs)
    # 4 per cluster, a hollow node per node, ovsdb-server + ovs-vswitchd per DPU.
    assert len(procs) == 4 * 2 + 2 + 2


def test_hollow_node_gets_its_own_tmpdir_and_kubelet_port():
    proc = components.hollow_node(SPEC, SPEC.nodes[0])
    assert "--morph=kubelet" in proc.argv and "--name=host-0" in proc.argv
    assert "--kubelet-port=16600" in proc.argv
    assert proc.env["TMPDIR"] == "/run/ovnk-dpu/lab/16600"


def test_ovs_runs_in_the_dpu_namespace_with_private_dirs():
    dpu = SPEC.nodes[1]
    db, vswitchd = components.node_processes(SPEC, dpu)[:2]
    for proc in (db, vswitchd):
        assert proc.netns == "lab-dpu-0"
        assert proc.self_detaching
        assert proc.env["OVS_DBDIR"] == proc.env["OVS_LOGDIR"] == "/s/lab/nodes/dpu-0/ovs"
        assert proc.env["OVS_RUNDIR"] == "/run/ovnk-dpu/lab/16601/ovs"
    assert vswitchd.argv[1] == "unix:/run/ovnk-dpu/lab/16601/ovs/db.sock"
    assert all(len(a) < 100 for a in db.argv if ".ctl" in a or ".sock" in a)
    assert components.node_processes(SPEC, SPEC.nodes[0])[0].name == "node-host-0"  # no OVS on hosts
