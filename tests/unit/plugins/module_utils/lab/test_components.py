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
    assert "--secure-port=16543" in argv
    assert "--bind-address=127.0.0.1" in argv
    assert "--authorization-mode=Node,RBAC" in argv
    assert "--etcd-servers=http://127.0.0.1:16579" in argv
    assert "--service-cluster-ip-range=10.112.0.0/16" in argv
    assert "--client-ca-file=/s/lab/infra/pki/ca.crt" in argv


def test_every_process_has_its_own_pidfile_and_identity():
    procs = components.all_processes(SPEC)
    assert len({p.pidfile for p in procs}) == len(procs)
    assert len({p.markers for p in procs}) == len(procs)
    # etcd, API server, controller-manager, scheduler, kwok and the machine-config stand-in per
    # cluster; OVS per DPU.
    assert len(procs) == 6 * 2 + 2


def test_etcd_and_the_control_plane_come_from_bin_dir_and_listen_on_loopback_only():
    cluster = SPEC.cluster("tenant")
    for proc in components.cluster_processes(SPEC, cluster)[:5]:
        assert proc.argv[0].startswith("/b/"), proc.argv[0]
        listens = [a for a in proc.argv if "address=" in a or "listen-" in a]
        assert all("127.0.0.1" in a for a in listens), listens
    kcm = components.kube_controller_manager(SPEC, cluster).argv
    assert "--secure-port=0" in kcm and "--cluster-signing-key-file=/s/lab/tenant/pki/ca.key" in kcm


def test_one_kwok_per_cluster_manages_the_registered_nodes():
    argv = components.kwok(SPEC, SPEC.cluster("infra")).argv
    assert argv[0] == "/b/kwok"
    assert "--manage-nodes-with-label-selector=kwok.x-k8s.io/node=fake" in argv
    assert "--node-lease-duration-seconds=40" in argv
    assert "--server-address=127.0.0.1:16581" in argv
    assert "--config=/s/lab/infra/kwok.yaml" in argv and "--kubeconfig=/s/lab/infra/kwok.kubeconfig" in argv


def test_ovs_runs_in_the_dpu_namespace_with_private_dirs():
    dpu = SPEC.nodes[1]
    db, vswitchd = components.node_processes(SPEC, dpu)[:2]
    for proc in (db, vswitchd):
        assert proc.netns == "lab-dpu-0"
        assert proc.self_detaching
        assert proc.env["OVS_DBDIR"] == proc.env["OVS_LOGDIR"] == "/s/lab/nodes/dpu-0/ovs"
        assert proc.env["OVS_RUNDIR"] == "/run/ovnk-dpu/lab/1/ovs"
    assert vswitchd.argv[1] == "unix:/run/ovnk-dpu/lab/dpu-0.db.sock"
    assert all(len(a) < 100 for a in db.argv if ".ctl" in a or ".sock" in a)
    assert components.node_processes(SPEC, SPEC.nodes[0]) == []  # no OVS on hosts
