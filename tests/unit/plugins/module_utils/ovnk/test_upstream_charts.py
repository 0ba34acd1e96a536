"""The three DaemonSets against upstream's v1.3.0 charts (docs/ovnk-modes.md): what must stay the
same, and each deliberate difference. The UPSTREAM table is read from the charts at tag v1.3.0."""

from __future__ import annotations

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import node_spec

OVN_STACK = [("nb-ovsdb", "local-nb-ovsdb"), ("sb-ovsdb", "local-sb-ovsdb"), ("ovn-northd", "run-ovn-northd"),
             ("ovnkube-controller", "ovnkube-controller-with-node"), ("ovn-controller", "ovn-controller"),
             ("ovs-metrics-exporter", "ovs-metrics")]
CAPS = {"nb-ovsdb": "NET_ADMIN", "sb-ovsdb": "NET_ADMIN", "ovn-northd": "SYS_NICE", "ovn-controller": "SYS_NICE",
        "ovs-metrics-exporter": "NET_ADMIN"}
HOST_PATHS = {"host-var-run-dbus": "/var/run/dbus", "host-kubelet": "/var/lib/kubelet", "host-kubeconfig": "/etc/kubernetes",
              "host-var-log-ovnkube": "/var/log/ovn-kubernetes", "host-var-run-ovn-kubernetes": "/var/run/ovn-kubernetes",
              "host-opt-cni-bin": "/opt/cni/bin", "host-etc-cni-netd": "/etc/cni/net.d", "host-slash": "/",
              "host-netns": "/var/run/netns", "host-var-log-ovs": "/var/log/openvswitch",
              "host-var-run-ovs": "/var/run/openvswitch", "host-ovn-cert": "/etc/ovn", "host-etc-ovs": "/etc/openvswitch",
              "host-var-lib-ovs": "/var/lib/openvswitch", "run-systemd": "/run/systemd"}
# ovnkube container mounts upstream's full chart gives (path -> volume), host-devinfo-dp left out (documented).
OVNKUBE_MOUNTS = {"/host": "host-slash", "/var/lib/kubelet": "host-kubelet", "/host-kubernetes": "host-kubeconfig",
                  "/var/run/dbus/": "host-var-run-dbus", "/var/log/ovn-kubernetes/": "host-var-log-ovnkube",
                  "/var/run/ovn-kubernetes": "host-var-run-ovn-kubernetes", "/opt/cni/bin": "host-opt-cni-bin",
                  "/etc/cni/net.d": "host-etc-cni-netd", "/var/run/netns": "host-netns",
                  "/var/run/openvswitch/": "host-var-run-ovs", "/var/run/ovn/": "host-var-run-ovs",
                  "/ovn-cert": "host-ovn-cert", "/run/ovnkube-config": "ovnkube-config", "/etc/openvswitch/": "host-etc-ovs",
                  "/etc/ovn/": "host-var-lib-ovs", "/run/systemd/private": "run-systemd"}
DPU_HOST_MOUNTS = {"/host": "host-slash", "/var/run/dbus/": "host-var-run-dbus", "/var/lib/kubelet": "host-kubelet",
                   "/var/log/ovn-kubernetes/": "host-var-log-ovnkube",
                   "/var/run/ovn-kubernetes": "host-var-run-ovn-kubernetes", "/opt/cni/bin": "host-opt-cni-bin",
                   "/etc/cni/net.d": "host-etc-cni-netd", "/var/run/netns": "host-netns",
                   "/run/systemd/private": "run-systemd", "/var/run/ovn": "var-run-ovn",
                   "/run/ovnkube-config": "ovnkube-config"}
UPSTREAM = {
    "full": {"name": "ovnkube-node", "containers": OVN_STACK, "selector": {"kubernetes.io/os": "linux"}},
    "dpu-host": {"name": "ovnkube-node-dpu-host", "containers": [("ovnkube-node", "ovn-node")],
                 "selector": {"kubernetes.io/os": "linux", "k8s.ovn.org/dpu-host": ""}},
    "dpu": {"name": "ovnkube-node-dpu", "containers": OVN_STACK,
            "selector": {"kubernetes.io/os": "linux", "k8s.ovn.org/dpu": ""}},
}


@pytest.fixture(scope="module")
def daemonsets() -> dict[str, dict]:
    params = {"image": "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0", "mgmt_port_netdev": "eth0-1",
              "gateway_interface": "eth0-0", "validate_only": True, "identity": True}
    return node_spec.validated(ArgumentSpecValidator(node_spec.ARGUMENT_SPEC).validate(params).validated_parameters)


def pod(ds: dict) -> dict:
    return ds["spec"]["template"]["spec"]


def env(container: dict) -> dict[str, object]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


@pytest.mark.parametrize("mode", UPSTREAM)
def test_containers_commands_and_placement_are_upstreams(daemonsets, mode):
    ds, upstream = daemonsets[mode], UPSTREAM[mode]
    spec = pod(ds)
    assert ds["metadata"]["name"] == upstream["name"]
    assert [(c["name"], c["command"][1]) for c in spec["containers"]] == upstream["containers"]
    assert all(c["command"][0] == "/root/ovnkube.sh" for c in spec["containers"])
    assert (spec["hostNetwork"], spec["hostPID"], spec["dnsPolicy"]) == (True, True, "Default")
    assert spec["serviceAccountName"] == "ovnkube-node" and spec["tolerations"] == [{"operator": "Exists"}]
    assert spec["nodeSelector"] == upstream["selector"]
    assert ("affinity" in spec) is (mode == "full")
    for container in spec["containers"]:
        assert container["resources"]["requests"] == {"cpu": "100m", "memory": "300Mi"}


@pytest.mark.parametrize("mode", UPSTREAM)
def test_security_contexts_and_probes_are_upstreams(daemonsets, mode):
    for c in pod(daemonsets[mode])["containers"]:
        ovnkube = c["name"] in ("ovnkube-controller", "ovnkube-node")
        expected = {"runAsUser": 0, "privileged": True} if ovnkube else \
            {"runAsUser": 0, "capabilities": {"add": [CAPS[c["name"]]]}}
        assert c["securityContext"] == expected
        probe = c.get("readinessProbe")
        if c["name"] == "ovs-metrics-exporter":
            assert probe is None
        elif mode == "dpu" and ovnkube:
            assert probe["httpGet"] == {"path": "/metrics", "port": 9476, "scheme": "HTTP"}
            assert (probe["timeoutSeconds"], probe["periodSeconds"]) == (5, 30)
        else:
            assert probe["exec"]["command"][:3] == ["/usr/bin/ovn-kube-util", "readiness-probe", "-t"]
            assert (probe["initialDelaySeconds"], probe["timeoutSeconds"], probe["periodSeconds"]) == (30, 30, 60)


@pytest.mark.parametrize("mode, container, mounts", [
    ("full", "ovnkube-controller", OVNKUBE_MOUNTS),
    ("dpu", "ovnkube-controller", {**OVNKUBE_MOUNTS, "/var/run/secrets/ovnk-dpu-tenant": "tenant-credentials"}),
    ("dpu-host", "ovnkube-node", DPU_HOST_MOUNTS),
])
def test_the_ovnkube_containers_mounts_are_upstreams(daemonsets, mode, container, mounts):
    (found,) = [c for c in pod(daemonsets[mode])["containers"] if c["name"] == container]
    assert {m["mountPath"]: m["name"] for m in found["volumeMounts"]} == mounts
    by_path = {m["mountPath"]: m for m in found["volumeMounts"]}
    assert by_path["/var/run/netns"]["mountPropagation"] == "Bidirectional"
    assert by_path["/run/systemd/private"]["subPath"] == "private"
    assert all(by_path[p].get("readOnly") for p in ("/host", "/var/lib/kubelet", "/run/systemd/private"))


@pytest.mark.parametrize("mode", UPSTREAM)
def test_host_paths_are_upstreams(daemonsets, mode):
    for volume in pod(daemonsets[mode])["volumes"]:
        if "hostPath" in volume:
            assert volume["hostPath"]["path"] == HOST_PATHS[volume["name"]]


def test_the_deliberate_differences(daemonsets):
    """Each row of docs/ovnk-modes.md's table of differences that the rendering carries."""
    dpu = {c["name"]: c for c in pod(daemonsets["dpu"])["containers"]}["ovnkube-controller"]
    dpu_env = env(dpu)
    assert dpu_env["K8S_APISERVER"] == {"secretKeyRef": {"name": "ovnkube-node-sa-for-dpu", "key": "apiserver"}}
    assert (dpu_env["K8S_TOKEN_FILE"], dpu_env["K8S_CACERT"]) == ("/var/run/secrets/ovnk-dpu-tenant/token",
                                                                  "/var/run/secrets/ovnk-dpu-tenant/ca.crt")
    assert "K8S_TOKEN" not in dpu_env and "K8S_CACERT_DATA" not in dpu_env
    assert dpu_env["OVN_NET_CIDR"] == {"configMapKeyRef": {"name": "ovn-config", "key": "net_cidr"}}
    assert dpu_env["K8S_NODE_DPU"] == {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}
    assert "K8S_NODE" not in dpu_env and "OVN_HOST_NETWORK_NAMESPACE" not in dpu_env
    identity = {m: env([c for c in pod(daemonsets[m])["containers"] if c["name"] in ("ovnkube-controller", "ovnkube-node")][0])
                ["OVN_ENABLE_OVNKUBE_IDENTITY"] for m in UPSTREAM}
    assert identity == {"full": "true", "dpu-host": "false", "dpu": "false"}
    for mode, ds in daemonsets.items():
        assert pod(ds)["priorityClassName"] == "system-cluster-critical"
        assert "ovn-db-pod" not in ds["spec"]["template"]["metadata"]["labels"]
        assert ds["spec"]["template"]["metadata"]["labels"]["ovnk.dpu/mode"] == mode
        assert "host-devinfo-dp" not in {v["name"] for v in pod(ds)["volumes"]}
        ovnkube = [c for c in pod(ds)["containers"] if c["name"] in ("ovnkube-controller", "ovnkube-node")][0]
        assert env(ovnkube)["OVN_ENABLE_INTERCONNECT"] == "true"
