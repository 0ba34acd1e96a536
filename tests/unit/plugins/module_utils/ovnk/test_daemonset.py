"""The ovnkube-node DaemonSet per mode, checked against the seeds' component lists
(000/001: which OVN-K components run on a standard host, a DPU-enabled host and a DPU)."""

from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import MODES
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import daemonset
from ansible_collections.ovnk.dpu.plugins.module_utils.common.taints import tolerates
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.node_spec import all_problems, mode_spec, problems_of

# Seed 000/001, verbatim.
STANDARD_HOST = ["local-nb-ovsdb", "local-sb-ovsdb", "run-ovn-northd", "ovnkube-controller-with-node",
                 "ovn-controller", "ovs-metrics"]
DPU_ENABLED_HOST = ["ovn-node"]
DPU_CLUSTER = STANDARD_HOST
IMAGE = "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0"
OVS_VOLUMES = {"host-var-run-ovs", "host-etc-ovs", "host-var-lib-ovs", "host-var-log-ovs"}


def spec(mode, **changes):
    base = {"mode": mode, "namespace": "ovn-kubernetes", "image": IMAGE,
            "image_pull_policy": "IfNotPresent", "log_level": 4, "service_account": "ovnkube-node",
            "host_label": "k8s.ovn.org/dpu-host", "dpu_label": "k8s.ovn.org/dpu",
            "tolerations": [{"operator": "Exists"}], "gateway_mode": "shared", "gateway_interface": None,
            "gateway_opts": "", "mgmt_port_netdev": "eth0-1" if mode == "dpu-host" else None,
            "mgmt_port_resource_name": None, "mgmt_port_vfs_count": 1, "simulate_dpu": False,
            "dpu_host_gateway_representor_interface": None, "credentials_secret": "ovnkube-node-sa-for-dpu",
            "identity": False, "extra_env": {}, "resources": {"cpu": "100m", "memory": "300Mi"},
            "max_unavailable": 1, "allowed_skew": "patch"}
    return {**base, **changes}


def pod(ds):
    return ds["spec"]["template"]["spec"]


def container(ds, name):
    return next(c for c in pod(ds)["containers"] if c["name"] == name)


def env(c):
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in c["env"]}


@pytest.mark.parametrize("mode, components", [
    ("full", STANDARD_HOST), ("dpu-host", DPU_ENABLED_HOST), ("dpu", DPU_CLUSTER)])
def test_components_per_mode_follow_the_seeds(mode, components):
    ds = daemonset.daemonset(spec(mode))
    assert [c["command"] for c in pod(ds)["containers"]] == [["/root/ovnkube.sh", cmd] for cmd in components]
    assert all(env(c)["OVNKUBE_NODE_MODE"] == mode for c in pod(ds)["containers"])
    assert ds["metadata"]["name"] == daemonset.DEFAULT_NAMES[mode]
    assert ds["spec"]["selector"]["matchLabels"] == {"app": ds["metadata"]["name"]}
    assert ds["spec"]["template"]["metadata"]["labels"]["app"] == ds["metadata"]["name"]


def test_dpu_host_has_no_ovs_and_no_ovn_databases():
    ds = daemonset.daemonset(spec("dpu-host"))
    volumes = {v["name"] for v in pod(ds)["volumes"]}
    assert not volumes & OVS_VOLUMES
    e = env(container(ds, "ovnkube-node"))
    assert "OVN_NORTH" not in e and "OVN_SOUTH" not in e
    assert e["OVNKUBE_NODE_MGMT_PORT_NETDEV"] == "eth0-1"
    assert e["OVN_GATEWAY_OPTS"] == "--gateway-interface=derive-from-mgmt-port"
    assert e["K8S_NODE"] == {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}
    assert e["K8S_APISERVER"] == {"configMapKeyRef": {"name": "ovn-config", "key": "k8s_apiserver"}}
    assert pod(ds)["nodeSelector"] == {"kubernetes.io/os": "linux", "k8s.ovn.org/dpu-host": ""}


def test_dpu_host_management_port_resource_is_requested():
    ds = daemonset.daemonset(spec("dpu-host", mgmt_port_netdev=None, mgmt_port_resource_name="nvidia.com/mgmtvf",
                                  mgmt_port_vfs_count=2))
    c = container(ds, "ovnkube-node")
    assert env(c)["OVNKUBE_NODE_MGMT_PORT_DP_RESOURCE_NAME"] == "nvidia.com/mgmtvf"
    assert "OVNKUBE_NODE_MGMT_PORT_NETDEV" not in env(c)
    assert c["resources"] == {"requests": {"cpu": "100m", "memory": "300Mi", "nvidia.com/mgmtvf": "2"},
                              "limits": {"nvidia.com/mgmtvf": "2"}}


def test_dpu_mode_uses_the_tenant_credentials_and_names_itself_as_the_dpu():
    ds = daemonset.daemonset(spec("dpu", simulate_dpu=True, dpu_host_gateway_representor_interface="rep0-0"))
    c = container(ds, "ovnkube-controller")
    e = env(c)
    assert e["K8S_APISERVER"] == {"secretKeyRef": {"name": "ovnkube-node-sa-for-dpu", "key": "apiserver"}}
    assert e["K8S_TOKEN_FILE"] == f"{daemonset.CREDENTIALS_MOUNT}/token"
    assert e["K8S_CACERT"] == f"{daemonset.CREDENTIALS_MOUNT}/ca.crt"
    assert "K8S_TOKEN" not in e  # never a plain env value
    assert "K8S_NODE" not in e and e["K8S_NODE_DPU"]["fieldRef"]["fieldPath"] == "spec.nodeName"
    assert e["OVN_SIMULATE_DPU"] == "true" and e["OVN_DPU_HOST_GATEWAY_REPRESENTOR_INTERFACE"] == "rep0-0"
    assert e["OVN_ENABLE_OVNKUBE_IDENTITY"] == "false"
    secret = next(v for v in pod(ds)["volumes"] if v["name"] == "tenant-credentials")
    assert secret == {"name": "tenant-credentials", "secret": {"secretName": "ovnkube-node-sa-for-dpu", "defaultMode": 0o400}}
    # Only the ovnkube container mounts the credentials.
    mounting = [x["name"] for x in pod(ds)["containers"]
                if any(m["name"] == "tenant-credentials" for m in x["volumeMounts"])]
    assert mounting == ["ovnkube-controller"]
    assert pod(ds)["nodeSelector"] == {"kubernetes.io/os": "linux", "k8s.ovn.org/dpu": ""}
    assert all(env(x)["OVN_NORTH"] == "local" for x in pod(ds)["containers"])


def test_full_mode_avoids_both_pairing_labels():
    ds = daemonset.daemonset(spec("full", identity=True))
    terms = pod(ds)["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    assert terms == [{"matchExpressions": [{"key": "k8s.ovn.org/dpu-host", "operator": "DoesNotExist"},
                                           {"key": "k8s.ovn.org/dpu", "operator": "DoesNotExist"}]}]
    assert pod(ds)["nodeSelector"] == {"kubernetes.io/os": "linux"}
    assert env(container(ds, "ovnkube-controller"))["OVN_ENABLE_OVNKUBE_IDENTITY"] == "true"
    assert OVS_VOLUMES <= {v["name"] for v in pod(ds)["volumes"]}


def test_every_mount_has_a_volume_and_every_volume_is_used():
    for mode in MODES:
        ds = daemonset.daemonset(spec(mode))
        mounted = {m["name"] for c in pod(ds)["containers"] for m in c["volumeMounts"]}
        assert mounted == {v["name"] for v in pod(ds)["volumes"]}, mode


def test_tolerates_the_collections_taints():
    ds = daemonset.daemonset(spec("dpu-host"))
    for taint in ({"key": "k8s.ovn.org/dpu-not-ready", "effect": "NoSchedule"},
                  {"key": "ovnk.dpu/dpu-host", "effect": "NoSchedule"}, {"key": "ovnk.dpu/dpu", "effect": "NoExecute"}):
        assert tolerates(pod(ds)["tolerations"], taint)
    narrow = [{"key": "k8s.ovn.org/dpu-not-ready", "operator": "Exists", "effect": "NoSchedule"}]
    assert not tolerates(narrow, {"key": "ovnk.dpu/dpu", "effect": "NoSchedule"})


def test_inventory_knobs_reach_the_manifest():
    ds = daemonset.daemonset(spec("dpu", log_level=7, image_pull_policy="Always", gateway_opts="--gateway-nexthop=10.0.0.1",
                                  extra_env={"OVN_EGRESSIP_ENABLE": True}))
    c = container(ds, "ovnkube-controller")
    assert env(c)["OVNKUBE_LOGLEVEL"] == "7" and env(c)["OVN_EGRESSIP_ENABLE"] == "true"  # ovnkube.sh tests "true"
    assert env(c)["OVN_GATEWAY_OPTS"] == "--gateway-nexthop=10.0.0.1"
    assert all(x["imagePullPolicy"] == "Always" and x["image"] == IMAGE for x in pod(ds)["containers"])
    assert pod(ds)["nodeSelector"] == {"kubernetes.io/os": "linux", "k8s.ovn.org/dpu": ""}


@pytest.mark.parametrize("mode, changes, expected", [
    ("dpu-host", {"mgmt_port_netdev": None}, "mgmt_port_netdev: dpu-host mode needs the management port"),
    ("dpu", {"mgmt_port_netdev": "eth0-1"}, "mgmt_port_netdev: dpu mode must not be given a management port"),
    ("full", {"simulate_dpu": True, "image": "x/ovn:master"}, "simulate_dpu: only dpu and dpu-host modes"),
    ("dpu-host", {"dpu_host_gateway_representor_interface": "rep0-0"}, "dpu_host_gateway_representor_interface: only dpu"),
    ("dpu", {"gateway_interface": "eth1"}, "gateway_interface: only dpu-host mode sets it here"),
    ("dpu-host", {"simulate_dpu": True, "image": "x/ovn:master"}, "gateway_interface: derive-from-mgmt-port needs SR-IOV"),
    ("dpu-host", {"mgmt_port_netdev": "a-very-long-netdev0"}, "mgmt_port_netdev: 'a-very-long-netdev0' is not a Linux"),
    ("dpu", {"extra_env": {"K8S_TOKEN": "x"}}, "extra_env.K8S_TOKEN: set by the module"),
    ("dpu", {"extra_env": {"OVN_ENABLE_OVNKUBE_IDENTITY": "true"}}, "extra_env.OVN_ENABLE_OVNKUBE_IDENTITY: set by"),
    ("dpu-host", {"extra_env": {"OVN_GATEWAY_OPTS": "x"}}, "extra_env.OVN_GATEWAY_OPTS: set by the module for dpu-host"),
    ("dpu", {"extra_env": {"OVN_X": ["a"]}}, "extra_env.OVN_X: must be a string, number or boolean"),
    ("dpu", {"simulate_dpu": True}, "simulate_dpu: OVN-K 1.3.0 has no simulated-DPU support"),
    ("dpu", {"tolerations": [{"key": "k8s.ovn.org/dpu-not-ready", "operator": "Exists"},
                             {"key": "ovnk.dpu/dpu-host", "operator": "Exists"}]},
     "tolerations: do not tolerate the collection's taint ovnk.dpu/dpu:NoSchedule"),
    ("dpu", {"extra_env": {"BAD-NAME": "x"}}, "extra_env.BAD-NAME: not an environment variable name"),
    ("dpu", {"log_level": 11}, "log_level: '11' must be 0 to 10"),
])
def test_bad_settings_fail_with_the_field_named(mode, changes, expected):
    found = problems_of(spec(mode, **changes))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_good_settings_have_no_problems():
    master = IMAGE.replace("v1.3.0", "master")
    assert problems_of(spec("dpu-host", simulate_dpu=True, gateway_interface="eth0-0", image=master)) == []
    assert problems_of(spec("dpu", simulate_dpu=True, image=IMAGE.replace("v1.3.0", "v1.4.0"))) == []
    assert problems_of(spec("full")) == []


def test_deleting_needs_no_mode_settings():
    assert problems_of(spec("dpu-host", state="absent", mgmt_port_netdev=None)) == []


def module_params(**changes):
    """The ovnk_node module's parameters for every mode (what the role passes)."""
    params = {key: value for key, value in spec("full").items() if key != "mode"}
    params.update(modes=["full", "dpu-host", "dpu"], state="present", validate_only=True, dpu_image=None,
                  dpu_gateway_opts="", mgmt_port_netdev="eth0-1", tenant_kubeconfig=None, infra_kubeconfig=None)
    return {**params, **changes}


def test_each_mode_gets_its_own_options_and_image():
    params = module_params(dpu_image=IMAGE.replace("v1.3.0", "v1.3.2"), gateway_opts="--t", dpu_gateway_opts="--d",
                           dpu_host_gateway_representor_interface="rep0-0", identity=True, simulate_dpu=True)
    full, host, dpu = (mode_spec(params, m) for m in ("full", "dpu-host", "dpu"))
    assert (full["image"], host["image"], dpu["image"]) == (IMAGE, IMAGE, params["dpu_image"])
    assert (full["gateway_opts"], host["gateway_opts"], dpu["gateway_opts"]) == ("--t", "--t", "--d")
    assert (full["mgmt_port_netdev"], host["mgmt_port_netdev"], dpu["mgmt_port_netdev"]) == (None, "eth0-1", None)
    assert dpu["dpu_host_gateway_representor_interface"] == "rep0-0" and host["dpu_host_gateway_representor_interface"] is None
    assert (full["identity"], host["identity"], dpu["identity"]) == (True, False, False)
    assert (full["simulate_dpu"], host["simulate_dpu"], dpu["simulate_dpu"]) == (False, True, True)


def test_every_mode_is_checked_and_the_images_skew_once():
    found = all_problems(module_params(dpu_image=IMAGE.replace("v1.3.0", "v1.5.0"), log_level=11))
    assert [p for p in found if p.startswith("dpu-host mode: log_level")]
    assert len([p for p in found if "log_level" in p]) == 3  # one per mode, each prefixed with it
    assert len([p for p in found if p.startswith("image (")]) == 1
    applying = all_problems(module_params(validate_only=False, modes=["dpu"]))
    assert applying == ["infra_kubeconfig: needed for dpu mode; set it"]


def test_readiness_follows_upstream_per_mode():
    dpu = container(daemonset.daemonset(spec("dpu")), "ovnkube-controller")["readinessProbe"]
    assert dpu["httpGet"] == {"path": "/metrics", "port": 9476, "scheme": "HTTP"}  # no CNI config on a DPU
    full = container(daemonset.daemonset(spec("full")), "ovnkube-controller")["readinessProbe"]
    assert full["exec"]["command"] == ["/usr/bin/ovn-kube-util", "readiness-probe", "-t", "ovnkube-node"]
    assert "readinessProbe" not in container(daemonset.daemonset(spec("dpu")), "ovs-metrics-exporter")
