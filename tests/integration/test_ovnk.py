"""OVN-K on both lab clusters (roles ovnk_base and ovnk_node, modules ovnk_config, ovnk_node and
dpu_credentials), against the real API servers: objects, placement, rollout, the handed-off
token's real rights, rotation, idempotence, check mode and bad input."""

from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime, timezone

import pytest
from kubernetes import client as k8s, config as k8s_config
from kubernetes.client.rest import ApiException

from labtools import DAY2_OFF, LabUnderTest, destroyed_after

pytestmark = pytest.mark.lab

NS = "ovn-kubernetes"
CRDS = {"egressfirewalls.k8s.ovn.org", "egressips.k8s.ovn.org", "egressqoses.k8s.ovn.org",
        "egressservices.k8s.ovn.org", "adminpolicybasedexternalroutes.k8s.ovn.org", "networkqoses.k8s.ovn.org",
        "userdefinednetworks.k8s.ovn.org", "clusteruserdefinednetworks.k8s.ovn.org",
        "routeadvertisements.k8s.ovn.org", "adminnetworkpolicies.policy.networking.k8s.io",
        "baselineadminnetworkpolicies.policy.networking.k8s.io"}
SECRET = "ovnkube-node-sa-for-dpu"


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkov", port_base=28400, state_parent=lab_parent)
    with destroyed_after(under_test):
        # These tests renew ovn-dpu-host-0 themselves, as the DPU side: no lease watchdog beside them
        # (tests/integration/test_lease_watchdog.py has its own lab).
        run = under_test.playbook("site.yml", "-e", "ovnk_dpu_lease_watchdog=false", *DAY2_OFF)
        assert run.rc == 0, run.output[-5000:]
        under_test.first_run = run
        yield under_test


def api_client(lab: LabUnderTest, cluster: str) -> k8s.ApiClient:
    return k8s_config.new_client_from_config(str(lab.state_dir / cluster / "admin.kubeconfig"))


def token_client(lab: LabUnderTest, token: str) -> k8s.ApiClient:
    """A client of the tenant API that authenticates with token only (no client certificate)."""
    admin = api_client(lab, "tenant").configuration
    conf = k8s.Configuration()
    conf.host, conf.ssl_ca_cert = admin.host, admin.ssl_ca_cert
    conf.api_key = {"authorization": f"Bearer {token}"}
    return k8s.ApiClient(conf)


def handed_off(lab: LabUnderTest) -> dict[str, str]:
    secret = k8s.CoreV1Api(api_client(lab, "infra")).read_namespaced_secret(SECRET, NS)
    return {k: base64.b64decode(v).decode() for k, v in secret.data.items()}


def test_both_clusters_get_the_base_objects(lab):
    for cluster in ("tenant", "infra"):
        core = k8s.CoreV1Api(api_client(lab, cluster))
        assert {NS, "ovn-host-network"} <= {n.metadata.name for n in core.list_namespace().items}
        crds = k8s.ApiextensionsV1Api(api_client(lab, cluster)).list_custom_resource_definition().items
        established = {c.metadata.name for c in crds
                       if any(x.type == "Established" and x.status == "True" for x in c.status.conditions or [])}
        assert CRDS <= established, cluster
        conf = core.read_namespaced_config_map("ovnkube-config", NS).data["ovnkube.conf"]
        assert "cluster-subnets = 10.244.0.0/16/24" in conf and "v4-transit-subnet = 100.88.0.0/16" in conf
        assert "dpu-node-lease-renew-interval = 10" in conf and "dpu-node-lease-duration = 40" in conf
        ovn_config = core.read_namespaced_config_map("ovn-config", NS).data
        assert ovn_config["k8s_apiserver"] == api_client(lab, "tenant").configuration.host
        assert core.read_namespaced_service_account("ovnkube-node", NS)


def test_the_crds_cel_rules_are_enforced_by_the_real_api_server(lab):
    """The CRDs go in as upstream ships them, CEL rules included: a UserDefinedNetwork whose subnet
    breaks the isCIDR() rule is refused, and the same object with a valid CIDR is accepted."""
    custom = k8s.CustomObjectsApi(api_client(lab, "tenant"))
    udn = {"apiVersion": "k8s.ovn.org/v1", "kind": "UserDefinedNetwork", "metadata": {"name": "cel-probe"},
           "spec": {"topology": "Layer2", "layer2": {"role": "Secondary", "subnets": ["10.200.0.0/33"]}}}
    with pytest.raises(ApiException) as refused:
        custom.create_namespaced_custom_object("k8s.ovn.org", "v1", "default", "userdefinednetworks", udn,
                                               dry_run="All")
    assert refused.value.status == 422 and "CIDR is invalid" in refused.value.body
    udn["spec"]["layer2"]["subnets"] = ["10.200.0.0/16"]
    custom.create_namespaced_custom_object("k8s.ovn.org", "v1", "default", "userdefinednetworks", udn, dry_run="All")
    crd = k8s.ApiextensionsV1Api(api_client(lab, "infra")).read_custom_resource_definition(
        "userdefinednetworks.k8s.ovn.org")
    assert "isCIDR(self)" in json.dumps(crd.to_dict(), default=str)  # on the infra cluster too


def test_tenant_has_rbac_control_plane_identity_and_zones(lab):
    rbac = k8s.RbacAuthorizationV1Api(api_client(lab, "tenant"))
    lease_role = rbac.read_namespaced_role("ovnkube-node-dpu-leases", NS)
    assert [(r.api_groups, sorted(r.resources), r.resource_names, sorted(r.verbs)) for r in lease_role.rules] == [
        ([""], ["configmaps"], None, ["get", "list", "watch"]),
        (["coordination.k8s.io"], ["leases"], ["ovn-dpu-host-0", "ovn-dpu-host-1"], ["get", "update"]),
        (["coordination.k8s.io"], ["leases"], None, ["create"])]
    binding = rbac.read_namespaced_role_binding("ovnkube-node-dpu-leases", NS)
    assert {(s.kind, s.name) for s in binding.subjects} == {("ServiceAccount", "ovnkube-node-dpu")}
    assert {c.metadata.name for c in rbac.list_cluster_role().items} >= {
        "ovnkube-node", "ovnkube-node-reader", "ovnkube-cluster-manager"}
    apps = k8s.AppsV1Api(api_client(lab, "tenant"))
    control_plane = apps.read_namespaced_deployment("ovnkube-control-plane", NS)
    assert control_plane.spec.template.spec.containers[0].command == ["/root/ovnkube.sh", "ovn-cluster-manager"]
    for node in k8s.CoreV1Api(api_client(lab, "tenant")).list_node().items:
        assert node.metadata.labels["k8s.ovn.org/zone-name"] == node.metadata.name


def test_identity_is_off_where_dpu_pairs_exist(lab):
    """Upstream's DPU preset: no ovnkube-identity, no certificate, no webhooks, no per-node identity."""
    apps, core = k8s.AppsV1Api(api_client(lab, "tenant")), k8s.CoreV1Api(api_client(lab, "tenant"))
    assert "ovnkube-identity" not in {d.metadata.name for d in apps.list_namespaced_daemon_set(NS).items}
    rbac = k8s.RbacAuthorizationV1Api(api_client(lab, "tenant"))
    assert "ovnkube-identity" not in {c.metadata.name for c in rbac.list_cluster_role().items}
    assert "ovnkube-webhook-cert" not in {s.metadata.name for s in core.list_namespaced_secret(NS).items}
    webhooks = k8s.AdmissionregistrationV1Api(api_client(lab, "tenant")).list_validating_webhook_configuration()
    assert not [w for w in webhooks.items if w.metadata.name.startswith("ovn-kubernetes-admission")]
    full = apps.read_namespaced_daemon_set("ovnkube-node", NS).spec.template.spec.containers
    env = {e.name: e.value for c in full for e in c.env or [] if c.name == "ovnkube-controller"}
    assert env["OVN_ENABLE_OVNKUBE_IDENTITY"] == "false"


def test_infra_grants_its_ovnkube_node_nothing(lab):
    rbac = k8s.RbacAuthorizationV1Api(api_client(lab, "infra"))
    subjects = [s for b in rbac.list_cluster_role_binding().items + rbac.list_namespaced_role_binding(NS).items
                for s in b.subjects or [] if s.namespace == NS]
    assert subjects == []


def test_each_mode_runs_where_the_pairing_says(lab):
    placed = {}
    for cluster in ("tenant", "infra"):
        for pod in k8s.CoreV1Api(api_client(lab, cluster)).list_namespaced_pod(NS).items:
            mode = (pod.metadata.labels or {}).get("ovnk.dpu/mode")
            if mode:
                placed.setdefault(mode, set()).add(pod.spec.node_name)
    assert placed == {"full": {"worker-0"}, "dpu-host": {"host-0", "host-1"}, "dpu": {"dpu-0", "dpu-1"}}
    dpu_pod = k8s.CoreV1Api(api_client(lab, "infra")).list_namespaced_pod(NS, label_selector="ovnk.dpu/mode=dpu").items[0]
    assert [c.name for c in dpu_pod.spec.containers] == ["nb-ovsdb", "sb-ovsdb", "ovn-northd", "ovnkube-controller",
                                                         "ovn-controller", "ovs-metrics-exporter"]


def test_handed_off_token_authenticates_renews_leases_and_reads_no_secrets(lab):
    creds = handed_off(lab)
    tenant_admin = api_client(lab, "tenant")
    assert creds["apiserver"] == tenant_admin.configuration.host
    assert creds["ca.crt"] == open(tenant_admin.configuration.ssl_ca_cert).read()
    as_dpu = token_client(lab, creds["token"])
    core = k8s.CoreV1Api(as_dpu)
    assert {n.metadata.name for n in core.list_node().items} == {"host-0", "host-1", "worker-0"}

    # The dpu-host side creates the health Lease; the DPU side renews it.
    body = k8s.V1Lease(metadata=k8s.V1ObjectMeta(name="ovn-dpu-host-0"),
                       spec=k8s.V1LeaseSpec(holder_identity="ovnkube-dpu-node", lease_duration_seconds=40))
    k8s.CoordinationV1Api(tenant_admin).create_namespaced_lease(NS, body)
    leases = k8s.CoordinationV1Api(as_dpu)
    lease = leases.read_namespaced_lease("ovn-dpu-host-0", NS)
    lease.spec.lease_duration_seconds = 41
    assert leases.replace_namespaced_lease("ovn-dpu-host-0", NS, lease).spec.lease_duration_seconds == 41

    review = k8s.AuthorizationV1Api(as_dpu).create_self_subject_access_review(k8s.V1SelfSubjectAccessReview(
        spec=k8s.V1SelfSubjectAccessReviewSpec(resource_attributes=k8s.V1ResourceAttributes(
            namespace=NS, verb="get", resource="secrets", name=SECRET))))
    assert review.status.allowed is False
    with pytest.raises(ApiException) as denied:
        core.read_namespaced_secret(SECRET, NS)
    assert denied.value.status == 403
    with pytest.raises(ApiException) as denied:
        core.list_secret_for_all_namespaces()
    assert denied.value.status == 403


def allowed(lab: LabUnderTest, account: str, verb: str, resource: str, name: str | None = None, group: str = "",
            subresource: str | None = None) -> bool:
    """An access review by the tenant API server for a ServiceAccount of the namespace."""
    spec = k8s.V1SubjectAccessReviewSpec(
        user=f"system:serviceaccount:{NS}:{account}",
        groups=["system:serviceaccounts", f"system:serviceaccounts:{NS}", "system:authenticated"],
        resource_attributes=k8s.V1ResourceAttributes(namespace=NS, verb=verb, group=group, resource=resource,
                                                     name=name, subresource=subresource))
    review = k8s.AuthorizationV1Api(api_client(lab, "tenant")).create_subject_access_review(
        k8s.V1SubjectAccessReview(spec=spec))
    return bool(review.status.allowed)


@pytest.mark.parametrize("verb, resource, name, group, subresource, expected", [
    ("update", "leases", "ovn-dpu-host-0", "coordination.k8s.io", None, True),
    ("get", "leases", "ovn-dpu-host-1", "coordination.k8s.io", None, True),
    ("update", "leases", "ovn-dpu-worker-0", "coordination.k8s.io", None, False),  # not a DPU host
    ("update", "leases", "ovn-kubernetes-master", "coordination.k8s.io", None, False),
    ("create", "leases", None, "coordination.k8s.io", None, True),  # a missing Lease, as OVN-K's updater
    ("delete", "leases", "ovn-dpu-host-0", "coordination.k8s.io", None, False),
    ("get", "configmaps", "ovn-config", "", None, True),
    ("update", "configmaps", "ovn-config", "", None, False),
    ("create", "configmaps", None, "", None, False),
    ("get", "secrets", SECRET, "", None, False),
    ("patch", "nodes", "host-0", "", "status", True),  # the host's OVN annotations
    ("patch", "nodes", "host-0", "", None, False),
])
def test_the_dpu_side_may_renew_only_its_hosts_leases_and_write_no_configmap(lab, verb, resource, name, group,
                                                                             subresource, expected):
    assert allowed(lab, "ovnkube-node-dpu", verb, resource, name, group, subresource) is expected


def test_the_host_side_keeps_what_upstream_gives_it(lab):
    assert allowed(lab, "ovnkube-node", "create", "leases", None, "coordination.k8s.io")
    assert allowed(lab, "ovnkube-node", "update", "configmaps", "ovn-config")


def test_the_token_is_never_printed(lab):
    token = handed_off(lab)["token"]
    run = lab.playbook("playbooks/ovnk.yml", "--diff", "-v")
    assert run.rc == 0, run.output[-5000:]
    assert token not in lab.first_run.output and token not in run.output
    assert token.split(".")[1] not in run.output  # nor its claims


class LeaseRenewer(threading.Thread):
    """What a DPU does: renew its host's health Lease with the token its pod has mounted. The kubelet's
    copy of the Secret lags behind the API's: it is reread every `sync` seconds."""

    def __init__(self, lab: LabUnderTest, sync: float) -> None:
        super().__init__(daemon=True)
        self.lab, self.sync = lab, sync
        self.stop = threading.Event()
        self.renewals, self.failures = 0, []

    def run(self) -> None:
        token, read_at = handed_off(self.lab)["token"], time.monotonic()
        while not self.stop.is_set():
            if time.monotonic() - read_at >= self.sync:
                token, read_at = handed_off(self.lab)["token"], time.monotonic()
            leases = k8s.CoordinationV1Api(token_client(self.lab, token))
            try:
                lease = leases.read_namespaced_lease("ovn-dpu-host-0", NS)
                lease.spec.renew_time = datetime.now(timezone.utc)
                leases.replace_namespaced_lease("ovn-dpu-host-0", NS, lease)
                self.renewals += 1
            except ApiException as e:
                self.failures.append(e.status)
            self.stop.wait(1)


def rotate_while_renewing(lab: LabUnderTest, grace: int, sync: float) -> tuple[LeaseRenewer, object]:
    renewer = LeaseRenewer(lab, sync)
    renewer.start()
    try:
        run = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_node", "-e", "ovnk_dpu_rotate_credentials=true",
                           "-e", f"ovnk_dpu_rotation_grace={grace}")
        time.sleep(sync + 2)  # the renewer has reread the Secret since
    finally:
        renewer.stop.set()
        renewer.join()
    return renewer, run


def test_two_phase_rotation_keeps_the_dpus_lease_fresh_and_then_revokes_the_old_token(lab):
    old = handed_off(lab)["token"]
    renewer, run = rotate_while_renewing(lab, grace=15, sync=8)
    assert run.rc == 0 and run.changed > 0, run.output[-5000:]
    assert renewer.failures == [] and renewer.renewals >= 15
    new = handed_off(lab)["token"]
    assert new and new != old
    assert _refused_within(token_client(lab, old), seconds=10) == 401
    assert k8s.CoreV1Api(token_client(lab, new)).list_node().items
    again = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_node")
    assert again.rc == 0 and again.changed == 0, again.output[-3000:]


def test_revoking_at_once_fails_a_dpu_that_has_not_reread_its_secret(lab):
    """Why the grace period: with none, a DPU still holding the old token is refused."""
    renewer, run = rotate_while_renewing(lab, grace=0, sync=25)
    assert run.rc == 0 and run.changed > 0, run.output[-5000:]
    assert 401 in renewer.failures


def _refused_within(api_client: k8s.ApiClient, seconds: float) -> int | None:
    """The status a token gets once it is refused: the API server's authenticator reads the
    account from its informer cache, so a deletion takes effect within moments, not at once."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            k8s.CoreV1Api(api_client).list_node()
        except ApiException as e:
            return e.status
        time.sleep(0.2)
    return None


def test_rerun_changes_nothing_and_check_mode_writes_nothing(lab):
    again = lab.playbook("playbooks/ovnk.yml")
    assert again.rc == 0 and again.changed == 0, again.output[-5000:]
    apps = k8s.AppsV1Api(api_client(lab, "infra"))
    before = apps.read_namespaced_daemon_set("ovnkube-node-dpu", NS).metadata.resource_version
    check = lab.playbook("playbooks/ovnk.yml", "--check", "--diff", "-e", "ovnk_dpu_ovnk_log_level=7")
    assert check.rc == 0 and check.changed >= 1, check.output[-5000:]
    for header in ("tenant: DaemonSet ovnkube-node", "tenant: DaemonSet ovnkube-node-dpu-host",
                   "infra: DaemonSet ovnkube-node-dpu"):  # all three would change
        assert header in check.output, check.output[-5000:]
    assert "OVNKUBE_LOGLEVEL" in check.output
    assert apps.read_namespaced_daemon_set("ovnkube-node-dpu", NS).metadata.resource_version == before


def test_wait_follows_readiness(lab):
    """wait returns once every pod is Ready, and times out, naming the DaemonSet, when one is not:
    a DPU node whose kubelet stopped (kwok lets it go; the real kube-controller-manager marks it
    Unknown and its pods not Ready)."""
    ready = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_node", "-e", "ovnk_dpu_ovnk_wait=true")
    assert ready.rc == 0, ready.output[-3000:]
    down = lab.playbook("playbooks/lab.yml", "-e", "lab_action=node_ready", "-e", "lab_node=dpu-1",
                        "-e", "lab_node_ready=false")
    assert down.rc == 0 and down.changed == 1, down.output[-3000:]
    try:
        run = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_node", "-e", "ovnk_dpu_ovnk_wait=true",
                           "-e", "ovnk_dpu_ovnk_wait_timeout=8")
        assert run.rc != 0 and 'the infra cluster: "DaemonSet" "ovnkube-node-dpu": Timed out waiting on resource ' \
            "after 8 s: DaemonSet ovn-kubernetes/ovnkube-node-dpu not ready (its status: " in run.output, \
            run.output[-3000:]
        apps = k8s.AppsV1Api(api_client(lab, "tenant"))
        for name in ("ovnkube-node", "ovnkube-node-dpu-host"):
            status = apps.read_namespaced_daemon_set(name, NS).status
            assert status.number_ready == status.desired_number_scheduled == status.updated_number_scheduled > 0
        dpu = k8s.AppsV1Api(api_client(lab, "infra")).read_namespaced_daemon_set("ovnkube-node-dpu", NS).status
        assert dpu.desired_number_scheduled == 2 and dpu.number_ready == 1, dpu
        node = k8s.CoreV1Api(api_client(lab, "infra")).read_node("dpu-1")
        assert ("node.kubernetes.io/unreachable", "NoExecute") in {(t.key, t.effect) for t in node.spec.taints or []}
    finally:
        up = lab.playbook("playbooks/lab.yml", "-e", "lab_action=node_ready", "-e", "lab_node=dpu-1")
        assert up.rc == 0, up.output[-3000:]
    again = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_node", "-e", "ovnk_dpu_ovnk_wait=true")
    assert again.rc == 0, again.output[-3000:]  # back: its pod is Ready again


def test_check_mode_before_the_namespace_exists(lab):
    """A first check-mode run: nothing can be dry-run into a namespace that does not exist yet;
    the run still succeeds, says what it would create, and writes nothing."""
    run = lab.playbook("playbooks/ovnk.yml", "--check", "-e", "ovnk_dpu_ovnk_namespace=ovnk-fresh")
    assert run.rc == 0 and run.changed > 0, run.output[-5000:]
    assert "namespace ovnk-fresh does not exist yet" in run.output
    for cluster in ("tenant", "infra"):
        names = {n.metadata.name for n in k8s.CoreV1Api(api_client(lab, cluster)).list_namespace().items}
        assert "ovnk-fresh" not in names


def test_removal_leaves_a_namespace_the_install_did_not_make(lab, tmp_path):
    """A namespace that exists without the collection's managed-by label is not the collection's (a setting named
    one of someone else's): removing OVN-K deletes the collection's own objects in it one by one and leaves the
    namespace, and what else is in it, in place - while one of its own goes whole."""
    core = k8s.CoreV1Api(api_client(lab, "tenant"))
    core.create_namespace({"metadata": {"name": "team-net"}})
    core.create_namespaced_config_map("team-net", {"metadata": {"name": "theirs"}, "data": {"a": "b"}})
    core.create_namespaced_config_map("team-net", {"metadata": {"name": "ovnk-ours"}, "data": {"a": "b"}})
    core.create_namespace({"metadata": {"name": "ovnk-own", "labels": {"app.kubernetes.io/managed-by": "ovnk.dpu"}}})
    namespace = {"apiVersion": "v1", "kind": "Namespace"}
    objects = {"tenant": [{**namespace, "metadata": {"name": "team-net"}},
                          {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ovnk-ours", "namespace": "team-net"}},
                          {**namespace, "metadata": {"name": "ovnk-own"}}]}
    result_file = tmp_path / "result.json"
    run = lab.playbook("tests/integration/playbooks/ovnk_remove.yml", "-e", json.dumps(
        {"ovnk_remove_objects": objects, "ovnk_remove_result_file": str(result_file)}))
    try:
        assert run.rc == 0, run.output[-3000:]
        warnings = " ".join(json.loads(result_file.read_text())["warnings"])
        assert "the tenant cluster: Namespace team-net was not made by ovnk.dpu" in warnings
        assert core.read_namespace("team-net").status.phase == "Active"
        assert [cm.metadata.name for cm in core.list_namespaced_config_map("team-net").items
                if cm.metadata.name in ("theirs", "ovnk-ours")] == ["theirs"]
        assert "ovnk-own" not in {n.metadata.name for n in core.list_namespace().items}
    finally:
        core.delete_namespace("team-net")


def _versions(lab: LabUnderTest) -> dict[str, str]:
    found = {}
    for cluster in ("tenant", "infra"):
        core, apps = k8s.CoreV1Api(api_client(lab, cluster)), k8s.AppsV1Api(api_client(lab, cluster))
        for cm in core.list_namespaced_config_map(NS).items:
            found[f"{cluster}/cm/{cm.metadata.name}"] = cm.metadata.resource_version
        for ds in apps.list_namespaced_daemon_set(NS).items:
            found[f"{cluster}/ds/{ds.metadata.name}"] = ds.metadata.resource_version
    return found


@pytest.mark.parametrize("playbook", ["site.yml", "playbooks/ovnk.yml"])
@pytest.mark.parametrize("bad, expected", [
    ({"ovnk_dpu_ovnk_service_cidr": "10.244.128.0/20"},
     "ovnk_dpu_ovnk_cluster_cidr (10.244.0.0/16) overlaps ovnk_dpu_ovnk_service_cidr (10.244.128.0/20)"),
    ({"ovnk_dpu_ovnk_join_subnet": "100.64.0.1/16"},
     "ovnk_dpu_ovnk_join_subnet: 100.64.0.1/16 has host bits set; use the network address 100.64.0.0/16"),
    ({"ovnk_dpu_ovnk_node_networks": ["100.88.1.0/24"]},
     "ovnk_dpu_ovnk_transit_subnet (100.88.0.0/16) overlaps ovnk_dpu_ovnk_node_networks[0] (100.88.1.0/24)"),
    ({"ovnk_dpu_ovnk_image": "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.5.0",
      "ovnk_dpu_ovnk_dpu_image": "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.6.1"},
     "differ in their minor version and ovnk_dpu_ovnk_allowed_skew is 'patch'"),
    ({"ovnk_dpu_ovnk_api_url": "http://10.0.0.1:6443"}, "ovnk_dpu_ovnk_api_url: 'http://10.0.0.1:6443' is not an https URL"),
])
def test_bad_settings_fail_before_anything_is_written(lab, playbook, bad, expected):
    before = _versions(lab)
    # A valid change rides along: were anything applied before the check, it would show.
    run = lab.playbook(playbook, "-e", json.dumps({**bad, "ovnk_dpu_ovnk_mtu": 1300, "ovnk_dpu_ovnk_log_level": 6}))
    assert run.rc != 0 and expected in run.output, run.output[-3000:]
    assert _versions(lab) == before


def test_a_failed_api_call_names_the_cluster_the_verb_and_the_object(lab):
    run = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_node", "-e", "ovnk_dpu_ovnk_namespace=ovnk-missing")
    assert run.rc != 0
    assert ('the tenant cluster: apply ServiceAccount ovnk-missing/ovnkube-node-dpu: 404 namespaces "ovnk-missing" '
            "not found") in run.output, run.output[-3000:]
    assert "Traceback" not in run.output


def test_identity_turned_on_deploys_it_and_keeps_its_certificate(lab):
    """Last in this file: it leaves ovnkube-identity behind. The preflight refuses identity with DPU
    pairs (test_bad_input); playbooks/ovnk.yml alone still deploys what was asked."""
    first = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_base", "-e", "ovnk_dpu_ovnk_identity=true")
    assert first.rc == 0 and first.changed >= 1, first.output[-3000:]
    apps, core = k8s.AppsV1Api(api_client(lab, "tenant")), k8s.CoreV1Api(api_client(lab, "tenant"))
    assert apps.read_namespaced_daemon_set("ovnkube-identity", NS).spec.template.spec.containers[0].command == [
        "/root/ovnkube.sh", "ovnkube-identity"]
    cert = core.read_namespaced_secret("ovnkube-webhook-cert", NS)
    assert cert.type == "kubernetes.io/tls" and {"tls.crt", "tls.key", "ca.crt"} <= set(cert.data)
    again = lab.playbook("playbooks/ovnk.yml", "--tags", "ovnk_base", "-e", "ovnk_dpu_ovnk_identity=true")
    assert again.rc == 0 and again.changed == 0, again.output[-3000:]
    assert core.read_namespaced_secret("ovnkube-webhook-cert", NS).data == cert.data  # kept, not issued again
    rbac = k8s.RbacAuthorizationV1Api(api_client(lab, "tenant"))
    assert "ovnkube-identity" in {c.metadata.name for c in rbac.list_cluster_role().items}
