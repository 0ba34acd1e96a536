# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovnkube-node DaemonSet of one mode, as a plain dict (pure, unit-tested).

Which components run where follows the OVN-K DPU support document (seeds 000/001):

- ``full`` (tenant nodes without a DPU) and ``dpu`` (infra DPU nodes): local-nb-ovsdb,
  local-sb-ovsdb, run-ovn-northd, ovnkube-controller-with-node, ovn-controller, ovs-metrics;
- ``dpu-host`` (tenant hosts with a DPU): ovn-node only; no OVS, no OVN databases.

Containers, environment and volumes follow upstream's v1.3.0 Helm charts
(ovnkube-single-node-zone, ovnkube-node-dpu-host, ovnkube-single-node-zone-dpu) with three
deliberate differences: the DPU side reads the tenant credentials from a mounted Secret
(token file and CA file, so a rotation reaches running pods) instead of plain env values;
the dpu-mode pod names itself with K8S_NODE_DPU and takes the host's name from OVS
``external_ids:host-k8s-nodename`` (set by dpu_pairing); and the config lives in the
ConfigMaps ovnk_base applies to both clusters.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import MANAGED_BY, MODE_LABEL

DEFAULT_NAMES = {"full": "ovnkube-node", "dpu-host": "ovnkube-node-dpu-host", "dpu": "ovnkube-node-dpu"}
DERIVE_FROM_MGMT_PORT = "derive-from-mgmt-port"
CREDENTIALS_MOUNT = "/var/run/secrets/ovnk-dpu-tenant"
# The dpu-mode ovnkube-controller's readiness: upstream's dpu chart probes its metrics endpoint
# (the CNI-config probe of the other modes never passes on a DPU, which writes no CNI config).
DPU_METRICS_PORT = 9476
# Env vars extra_env may not set besides the ones the module sets for the mode.
RESERVED_ENV = ("K8S_NODE", "K8S_NODE_DPU", "K8S_TOKEN", "K8S_TOKEN_FILE", "K8S_CACERT", "K8S_CACERT_DATA")

# (container, ovnkube.sh command) per mode: the seeds' component lists.
_OVN_STACK = (("nb-ovsdb", "local-nb-ovsdb"), ("sb-ovsdb", "local-sb-ovsdb"), ("ovn-northd", "run-ovn-northd"),
              ("ovnkube-controller", "ovnkube-controller-with-node"), ("ovn-controller", "ovn-controller"),
              ("ovs-metrics-exporter", "ovs-metrics"))
COMPONENTS = {"full": _OVN_STACK, "dpu": _OVN_STACK, "dpu-host": (("ovnkube-node", "ovn-node"),)}
# The container running ovnkube itself (the one that gets the cluster and gateway settings).
OVNKUBE_CONTAINER = {"full": "ovnkube-controller", "dpu": "ovnkube-controller", "dpu-host": "ovnkube-node"}

# hostPath volumes by name.
HOST_PATHS = {
    "host-slash": "/", "host-var-run-dbus": "/var/run/dbus", "host-kubelet": "/var/lib/kubelet",
    "host-kubeconfig": "/etc/kubernetes", "host-var-log-ovnkube": "/var/log/ovn-kubernetes",
    "host-var-run-ovn-kubernetes": "/var/run/ovn-kubernetes", "host-opt-cni-bin": "/opt/cni/bin",
    "host-etc-cni-netd": "/etc/cni/net.d", "host-netns": "/var/run/netns", "run-systemd": "/run/systemd",
    "host-var-log-ovs": "/var/log/openvswitch", "host-var-run-ovs": "/var/run/openvswitch",
    "host-ovn-cert": "/etc/ovn", "host-etc-ovs": "/etc/openvswitch", "host-var-lib-ovs": "/var/lib/openvswitch",
}
# (mountPath, volume, readOnly) sets shared by containers.
_OVS_RUN = (("/var/run/openvswitch/", "host-var-run-ovs", False), ("/var/run/ovn/", "host-var-run-ovs", False))
_OVS_LOGS = (("/var/log/openvswitch/", "host-var-log-ovs", False), ("/var/log/ovn/", "host-var-log-ovs", False))
_CONFIG = (("/run/ovnkube-config", "ovnkube-config", True), ("/ovn-cert", "host-ovn-cert", True))
_DBUS = (("/var/run/dbus/", "host-var-run-dbus", True),)
_DB_FILES = (("/etc/openvswitch/", "host-etc-ovs", False), ("/etc/ovn/", "host-var-lib-ovs", False))
_NODE = (("/host", "host-slash", True), ("/var/lib/kubelet", "host-kubelet", True),
         ("/var/log/ovn-kubernetes/", "host-var-log-ovnkube", False),
         ("/var/run/ovn-kubernetes", "host-var-run-ovn-kubernetes", False), ("/opt/cni/bin", "host-opt-cni-bin", False),
         ("/etc/cni/net.d", "host-etc-cni-netd", False), ("/var/run/netns", "host-netns", False),
         ("/run/systemd/private", "run-systemd", True))
MOUNTS = {
    "nb-ovsdb": _DB_FILES + _OVS_LOGS + _CONFIG + _OVS_RUN,
    "sb-ovsdb": _DB_FILES + _OVS_LOGS + _CONFIG + _OVS_RUN,
    "ovn-northd": _DBUS + _OVS_LOGS + _OVS_RUN + _CONFIG,
    "ovnkube-controller": _NODE + (("/host-kubernetes", "host-kubeconfig", True),) + _DBUS + _OVS_RUN + _CONFIG
    + (("/etc/openvswitch/", "host-etc-ovs", True), ("/etc/ovn/", "host-var-lib-ovs", True)),
    "ovn-controller": _DBUS + _OVS_LOGS + _OVS_RUN + _CONFIG,
    "ovs-metrics-exporter": _DBUS + (("/var/log/openvswitch/", "host-var-log-ovs", False),
                                     ("/var/run/openvswitch/", "host-var-run-ovs", True)),
    "ovnkube-node": _NODE + _DBUS + (("/var/run/ovn", "var-run-ovn", False),
                                     ("/run/ovnkube-config", "ovnkube-config", True)),
}
# Per-volume mount options (upstream's).
MOUNT_OPTIONS = {"host-netns": {"mountPropagation": "Bidirectional"}, "run-systemd": {"subPath": "private"}}
READINESS = {"nb-ovsdb": "ovnnb-db", "sb-ovsdb": "ovnsb-db", "ovn-northd": "ovn-northd",
             "ovnkube-controller": "ovnkube-node", "ovn-controller": "ovn-controller", "ovnkube-node": "ovnkube-node"}
CAPABILITIES = {"nb-ovsdb": "NET_ADMIN", "sb-ovsdb": "NET_ADMIN", "ovn-northd": "SYS_NICE",
                "ovn-controller": "SYS_NICE", "ovs-metrics-exporter": "NET_ADMIN"}


def _field(path: str) -> dict:
    return {"valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": path}}}


def _config_map_key(key: str) -> dict:
    return {"valueFrom": {"configMapKeyRef": {"name": "ovn-config", "key": key}}}


def _env_entry(name: str, value: Any) -> dict:
    if isinstance(value, dict):
        return {"name": name, **value}
    # The API server stores an empty value as no value; so must the applied config, or every apply is a change.
    return {"name": name, "value": str(value)} if str(value) else {"name": name}


def _env(pairs: dict[str, Any]) -> list[dict]:
    """Kubernetes env entries: a str is a value, a dict a valueFrom source."""
    return [_env_entry(k, v) for k, v in pairs.items()]


def _common_env(spec: dict) -> dict[str, Any]:
    env: dict[str, Any] = {"OVNKUBE_NODE_MODE": spec["mode"], "OVN_KUBERNETES_NAMESPACE": _field("metadata.namespace"),
                           "K8S_NODE_IP": _field("status.hostIP")}
    if spec["mode"] == "dpu":
        # The pod is the DPU; ovnkube.sh sets K8S_NODE from OVS host-k8s-nodename (the host).
        env["K8S_NODE_DPU"] = _field("spec.nodeName")
    else:
        env["K8S_NODE"] = _field("spec.nodeName")
    if spec["mode"] != "dpu-host":
        env.update({"OVN_NORTH": "local", "OVN_SOUTH": "local"})
    return env


def _gateway_opts(spec: dict) -> str:
    opts = []
    if spec["mode"] == "dpu-host":
        opts.append(f"--gateway-interface={spec.get('gateway_interface') or DERIVE_FROM_MGMT_PORT}")
    if spec.get("gateway_opts"):
        opts.append(spec["gateway_opts"])
    return " ".join(opts)


def _cluster_access_env(spec: dict) -> dict[str, Any]:
    """Where ovnkube finds the tenant API: its own cluster, or (dpu) the handed-off Secret."""
    if spec["mode"] != "dpu":
        return {"K8S_APISERVER": _config_map_key("k8s_apiserver")}
    return {
        "K8S_APISERVER": {"valueFrom": {"secretKeyRef": {"name": spec["credentials_secret"], "key": "apiserver"}}},
        "K8S_TOKEN_FILE": f"{CREDENTIALS_MOUNT}/token",
        "K8S_CACERT": f"{CREDENTIALS_MOUNT}/ca.crt",
    }


def _ovnkube_env(spec: dict) -> dict[str, Any]:
    mode = spec["mode"]
    env: dict[str, Any] = {
        "OVNKUBE_LOGLEVEL": spec["log_level"],
        "OVN_NET_CIDR": _config_map_key("net_cidr"), "OVN_SVC_CIDR": _config_map_key("svc_cidr"),
        "OVN_MTU": _config_map_key("mtu"), **_cluster_access_env(spec),
        "OVN_GATEWAY_MODE": spec["gateway_mode"], "OVN_GATEWAY_OPTS": _gateway_opts(spec),
        "OVN_ENABLE_INTERCONNECT": "true",
        # Upstream supports ovnkube-identity on neither side of a DPU pair.
        "OVN_ENABLE_OVNKUBE_IDENTITY": str(bool(spec.get("identity")) and mode == "full").lower(),
    }
    if mode != "dpu":  # upstream's full and dpu-host charts set it; its dpu chart does not
        env["OVN_HOST_NETWORK_NAMESPACE"] = _config_map_key("host_network_namespace")
    if mode == "dpu-host":
        if spec.get("mgmt_port_resource_name"):
            env["OVNKUBE_NODE_MGMT_PORT_DP_RESOURCE_NAME"] = spec["mgmt_port_resource_name"]
        else:
            env["OVNKUBE_NODE_MGMT_PORT_NETDEV"] = spec["mgmt_port_netdev"]
    if mode != "full" and spec.get("simulate_dpu"):
        env["OVN_SIMULATE_DPU"] = "true"
    if mode == "dpu" and spec.get("dpu_host_gateway_representor_interface"):
        env["OVN_DPU_HOST_GATEWAY_REPRESENTOR_INTERFACE"] = spec["dpu_host_gateway_representor_interface"]
    return env


def _env_value(value: Any) -> str:
    """ovnkube.sh compares switches with "true": YAML booleans become lowercase."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def managed_env(spec: dict) -> set[str]:
    """The env vars the module sets for spec's mode (extra_env may not override them)."""
    return set(_common_env(spec)) | set(_ovnkube_env(spec)) | set(RESERVED_ENV)


def _security(name: str, ovnkube: bool) -> dict:
    if ovnkube:
        return {"runAsUser": 0, "privileged": True}
    if name in CAPABILITIES:
        return {"runAsUser": 0, "capabilities": {"add": [CAPABILITIES[name]]}}
    return {"runAsUser": 0}


def _mounts(spec: dict, name: str, ovnkube: bool) -> list[dict]:
    mounts = [{"mountPath": path, "name": volume, **({"readOnly": True} if ro else {}),
               **MOUNT_OPTIONS.get(volume, {})} for path, volume, ro in MOUNTS[name]]
    if ovnkube and spec["mode"] == "dpu":
        mounts.append({"mountPath": CREDENTIALS_MOUNT, "name": "tenant-credentials", "readOnly": True})
    return mounts


def _readiness(spec: dict, name: str, ovnkube: bool) -> dict | None:
    if ovnkube and spec["mode"] == "dpu":
        return {"httpGet": {"path": "/metrics", "port": spec.get("metrics_port") or DPU_METRICS_PORT, "scheme": "HTTP"},
                "initialDelaySeconds": 30, "timeoutSeconds": 5, "periodSeconds": 30}
    if name in READINESS:
        return {"exec": {"command": ["/usr/bin/ovn-kube-util", "readiness-probe", "-t", READINESS[name]]},
                "initialDelaySeconds": 30, "timeoutSeconds": 30, "periodSeconds": 60}
    return None


def _container(spec: dict, name: str, command: str) -> dict:
    ovnkube = name == OVNKUBE_CONTAINER[spec["mode"]]
    env = {**_common_env(spec), **(_ovnkube_env(spec) if ovnkube else {})}
    if ovnkube:
        env.update({k: _env_value(v) for k, v in (spec.get("extra_env") or {}).items()})
    container = {
        "name": name, "image": spec["image"], "imagePullPolicy": spec["image_pull_policy"],
        "command": ["/root/ovnkube.sh", command], "securityContext": _security(name, ovnkube),
        "terminationMessagePolicy": "FallbackToLogsOnError", "volumeMounts": _mounts(spec, name, ovnkube),
        "resources": _resources(spec, ovnkube), "env": _env(env),
    }
    readiness = _readiness(spec, name, ovnkube)
    if readiness:
        container["readinessProbe"] = readiness
    return container


def _resources(spec: dict, ovnkube: bool) -> dict:
    requests = dict(spec["resources"])
    resource = spec.get("mgmt_port_resource_name")
    if ovnkube and spec["mode"] == "dpu-host" and resource:
        count = str(spec.get("mgmt_port_vfs_count") or 1)
        return {"requests": {**requests, resource: count}, "limits": {resource: count}}
    return {"requests": requests}


def _volumes(spec: dict, containers: list[dict]) -> list[dict]:
    used = sorted({m["name"] for c in containers for m in c["volumeMounts"]})
    volumes = []
    for name in used:
        if name in HOST_PATHS:
            source: dict = {"hostPath": {"path": HOST_PATHS[name]}}
            if name == "host-ovn-cert":
                source["hostPath"]["type"] = "DirectoryOrCreate"
        elif name == "ovnkube-config":
            source = {"configMap": {"name": "ovnkube-config"}}
        elif name == "tenant-credentials":
            source = {"secret": {"secretName": spec["credentials_secret"], "defaultMode": 0o400}}
        else:
            source = {"emptyDir": {}}
        volumes.append({"name": name, **source})
    return volumes


def _placement(spec: dict) -> dict:
    """nodeSelector by the pairing labels; full-mode nodes are the ones carrying neither."""
    selector = {"kubernetes.io/os": "linux"}
    placement: dict[str, Any] = {"nodeSelector": selector, "tolerations": spec["tolerations"]}
    if spec["mode"] == "dpu-host":
        selector[spec["host_label"]] = ""
    elif spec["mode"] == "dpu":
        selector[spec["dpu_label"]] = ""
    if spec["mode"] == "full":
        placement["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [
                {"key": spec["host_label"], "operator": "DoesNotExist"},
                {"key": spec["dpu_label"], "operator": "DoesNotExist"}]}]}}}
    return placement


def daemonset(spec: dict) -> dict:
    """The DaemonSet for spec['mode'] (spec: the ovnk_node module's parameters)."""
    name = DEFAULT_NAMES[spec["mode"]]
    labels = {"app": name, "name": name, "component": "network", "type": "infra", "kubernetes.io/os": "linux",
              MODE_LABEL: spec["mode"]}
    containers = [_container(spec, c, command) for c, command in COMPONENTS[spec["mode"]]]
    return {
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": name, "namespace": spec["namespace"],
                     "labels": {**MANAGED_BY, MODE_LABEL: spec["mode"]},
                     "annotations": {"kubernetes.io/description": f"ovnkube-node in {spec['mode']} mode (ovnk.dpu)"}},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": spec["max_unavailable"]}},
            "template": {"metadata": {"labels": labels}, "spec": {
                "serviceAccountName": spec["service_account"], "priorityClassName": "system-cluster-critical",
                "hostNetwork": True, "hostPID": True, "dnsPolicy": "Default",
                "containers": containers, "volumes": _volumes(spec, containers), **_placement(spec)}},
        },
    }
