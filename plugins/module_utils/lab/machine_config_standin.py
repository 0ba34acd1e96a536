# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""LAB STAND-IN for OpenShift's machine-config-operator (and for the one MachineConfig the SR-IOV
network operator renders): what they report, not what they do.

    python3 machine_config_standin.py --kubeconfig FILE [--update-seconds 1] [--period 0.5]

The lab has the MachineConfig and MachineConfigPool CRDs (upstream's schemas) but no operator,
no ignition and no reboots. This program plays the operator's reporting for one cluster, so the
collection's pools roll out and gate the install as on OpenShift: each pool renders its
MachineConfigs (selected by machineConfigSelector) into a configuration name; each Node its
nodeSelector takes is moved to that configuration through the operator's annotations
(desiredConfig, state Working, then after --update-seconds currentConfig and state Done),
maxUnavailable at a time; the pool's status (counts, Updated/Updating/Degraded conditions) says
where the roll-out is, with the operator's own messages.

It also writes each pool's spec.configuration, as the operator's render controller does, and
renders what the SR-IOV network operator renders for a SriovNetworkPoolConfig: the MachineConfig
`00-<pool>-ovs-hw-offload` (OVS hardware offload), removed again with the pool config.

A fault on demand: a Node annotated `lab.ovnk.dpu/machine-config-fault=<reason>` reports
state Degraded with that reason, and its pool NodeDegraded/Degraded, as a machine-config
daemon does when it cannot apply a config. Remove the annotation and the node updates again.

Standard library and the kubernetes client only: the lab writes this file out and runs it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import signal
import sys
import time
from datetime import datetime, timezone
from typing import Any

try:
    from kubernetes import client as k8s_client, config as k8s_config
    from kubernetes.client.exceptions import ApiException
except ImportError:  # pragma: no cover - the lab runs it with an interpreter that has the client
    k8s_client = k8s_config = None
    ApiException = OSError

GROUP, VERSION = "machineconfiguration.openshift.io", "v1"
ANNOTATION = "machineconfiguration.openshift.io/"
CURRENT, DESIRED = ANNOTATION + "currentConfig", ANNOTATION + "desiredConfig"
STATE, REASON = ANNOTATION + "state", ANNOTATION + "reason"
DONE, WORKING, DEGRADED = "Done", "Working", "Degraded"
FAULT_ANNOTATION = "lab.ovnk.dpu/machine-config-fault"
SRIOV_GROUP = "sriovnetwork.openshift.io"
ROLE_LABEL = "machineconfiguration.openshift.io/role"
RENDERED_BY = {"lab.ovnk.dpu/rendered-by": "sriov-network-operator-standin"}
OFFLOAD_DROPIN = "[Service]\nExecStartPre=/bin/ovs-vsctl set Open_vSwitch . other_config:hw-offload=true\n"


# ----------------------------------------------------------------- pure logic (unit-tested)
def selector_matches(selector: dict | None, labels: dict | None) -> bool:
    """A metav1.LabelSelector against labels (an empty selector matches everything)."""
    labels = labels or {}
    selector = selector or {}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values") or []
        present = key in labels
        if (operator == "In" and (not present or labels[key] not in values)) \
                or (operator == "NotIn" and present and labels[key] in values) \
                or (operator == "Exists" and not present) or (operator == "DoesNotExist" and present):
            return False
    return True


def rendered_config(pool: dict, configs: list[dict]) -> tuple[str, list[dict]]:
    """The configuration name the operator would render for pool, and its sources (the
    MachineConfigs its machineConfigSelector takes, by name)."""
    selector = pool["spec"].get("machineConfigSelector")
    chosen = sorted((c for c in configs if selector_matches(selector, c["metadata"].get("labels"))),
                    key=lambda c: c["metadata"]["name"])
    digest = hashlib.sha256(json.dumps([[c["metadata"]["name"], c.get("spec") or {}] for c in chosen],
                                       sort_keys=True).encode()).hexdigest()[:32]
    sources = [{"apiVersion": f"{GROUP}/{VERSION}", "kind": "MachineConfig", "name": c["metadata"]["name"]}
               for c in chosen]
    return f"rendered-{pool['metadata']['name']}-{digest}", sources


def max_unavailable(pool: dict, machines: int) -> int:
    """spec.maxUnavailable (a number or a percentage, rounded down, at least 1; default 1)."""
    value = pool["spec"].get("maxUnavailable", 1)
    if isinstance(value, str) and value.endswith("%"):
        return max(1, math.floor(machines * int(value[:-1]) / 100))
    return max(1, int(value))


def node_state(node: dict) -> tuple[str, str, str, str]:
    """(current, desired, state, reason) from a Node's annotations."""
    annotations = node["metadata"].get("annotations") or {}
    return (annotations.get(CURRENT, ""), annotations.get(DESIRED, ""), annotations.get(STATE, ""),
            annotations.get(REASON, ""))


def node_patches(pool: dict, nodes: list[dict], rendered: str, working_since: dict[str, float], now: float,
                 update_seconds: float) -> dict[str, dict[str, str]]:
    """The annotations to set per node this round: faults reported, finished updates Done, and
    new updates begun while fewer than maxUnavailable nodes are busy. working_since (node name
    -> when its update began) is kept across rounds."""
    patches: dict[str, dict[str, str]] = {}
    busy = 0
    for node in nodes:
        name = node["metadata"]["name"]
        current, desired, state, reason = node_state(node)
        fault = (node["metadata"].get("annotations") or {}).get(FAULT_ANNOTATION)
        if fault:
            if state != DEGRADED or reason != fault:
                patches[name] = {STATE: DEGRADED, REASON: fault, DESIRED: rendered}
            busy += 1
        elif state == DEGRADED:  # the fault was cleared: the node tries again
            patches[name] = {DESIRED: rendered, STATE: WORKING, REASON: ""}
            working_since[name] = now
            busy += 1
        elif state == WORKING and desired != rendered:  # the pool's configuration changed meanwhile
            patches[name] = {DESIRED: rendered}
            working_since[name] = now
            busy += 1
        elif state == WORKING and now - working_since.setdefault(name, now) >= update_seconds:
            patches[name] = {CURRENT: rendered, DESIRED: rendered, STATE: DONE, REASON: ""}
            working_since.pop(name, None)
        elif state == WORKING:
            busy += 1
        elif current == rendered and state != DONE:
            patches[name] = {DESIRED: rendered, STATE: DONE, REASON: ""}
    limit = max_unavailable(pool, len(nodes))
    for node in nodes:
        name = node["metadata"]["name"]
        current, desired, state, _reason = node_state(node)
        if name in patches or state in (WORKING, DEGRADED) or current == rendered or busy >= limit:
            continue
        patches[name] = {DESIRED: rendered, STATE: WORKING, REASON: ""}
        working_since[name] = now
        busy += 1
    return patches


def _condition(kind: str, status: bool, reason: str = "", message: str = "", previous: dict | None = None) -> dict:
    value = "True" if status else "False"
    old = (previous or {}).get(kind) or {}
    since = old.get("lastTransitionTime") if old.get("status") == value else None
    return {"type": kind, "status": value, "reason": reason, "message": message,
            "lastTransitionTime": since or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def pool_status(pool: dict, nodes: list[dict], rendered: str, sources: list[dict]) -> dict:
    """The pool's status as the operator writes it."""
    states = {n["metadata"]["name"]: node_state(n) for n in nodes}
    updated = [n for n, (cur, _d, st, _r) in states.items() if cur == rendered and st == DONE]
    degraded = {n: r for n, (_c, _d, st, r) in states.items() if st == DEGRADED}
    updating = len(updated) < len(nodes) and not degraded
    previous = {c["type"]: c for c in (pool.get("status") or {}).get("conditions") or []}
    degraded_message = ", ".join(f'Node {n} is reporting: "{r}"' for n, r in sorted(degraded.items()))
    all_updated = len(updated) == len(nodes) and not degraded
    conditions = [
        _condition("RenderDegraded", False, previous=previous),
        _condition("NodeDegraded", bool(degraded), f"{len(degraded)} nodes are reporting degraded status on sync"
                   if degraded else "", degraded_message, previous),
        _condition("Degraded", bool(degraded), "", degraded_message, previous),
        _condition("Updated", all_updated, "", f"All nodes are updated with MachineConfig {rendered}"
                   if all_updated else "", previous),
        _condition("Updating", updating, "", f"All nodes are updating to MachineConfig {rendered}"
                   if updating else "", previous),
    ]
    return {
        "observedGeneration": pool["metadata"].get("generation", 1),
        "configuration": {"name": rendered, "source": sources},
        "machineCount": len(nodes),
        "updatedMachineCount": len(updated),
        "readyMachineCount": len(updated),
        "unavailableMachineCount": len(nodes) - len(updated),
        "degradedMachineCount": len(degraded),
        "conditions": conditions,
    }


def offload_config(pool: str) -> dict:
    """The MachineConfig the SR-IOV operator renders for a pool config's ovsHardwareOffloadConfig."""
    return {"apiVersion": f"{GROUP}/{VERSION}", "kind": "MachineConfig",
            "metadata": {"name": f"00-{pool}-ovs-hw-offload", "labels": {ROLE_LABEL: pool, **RENDERED_BY}},
            "spec": {"config": {"ignition": {"version": "3.2.0"}, "systemd": {"units": [
                {"name": "ovs-vswitchd.service", "dropins": [{"name": "10-hw-offload.conf", "contents": OFFLOAD_DROPIN}]}]}}}}


def offload_changes(pool_configs: list[dict], configs: list[dict]) -> tuple[list[dict], list[str]]:
    """The offload MachineConfigs to create and those (rendered here earlier) to delete."""
    wanted = {offload_config(p)["metadata"]["name"]: offload_config(p)
              for p in ((c.get("spec") or {}).get("ovsHardwareOffloadConfig", {}).get("name") for c in pool_configs) if p}
    have = {c["metadata"]["name"]: c for c in configs}
    create = [mc for name, mc in sorted(wanted.items()) if name not in have]
    delete = sorted(name for name, c in have.items()
                    if name not in wanted and (c["metadata"].get("labels") or {}).get("lab.ovnk.dpu/rendered-by"))
    return create, delete


def status_changed(old: dict | None, new: dict) -> bool:
    """Whether the status differs in anything but transition times."""
    def strip(status: dict | None) -> dict:
        status = dict(status or {})
        status["conditions"] = sorted(({k: v for k, v in c.items() if k != "lastTransitionTime"}
                                       for c in status.get("conditions") or []), key=lambda c: c["type"])
        return status
    return strip(old) != strip(new)


# ----------------------------------------------------------------- the loop (one cluster)
class StandIn:
    """Reconciles every pool of one cluster, one round at a time."""

    def __init__(self, api_client: Any, update_seconds: float) -> None:
        self.custom = k8s_client.CustomObjectsApi(api_client)
        self.core = k8s_client.CoreV1Api(api_client)
        self.update_seconds = update_seconds
        self.working_since: dict[str, float] = {}

    def round(self) -> None:
        pools = self.custom.list_cluster_custom_object(GROUP, VERSION, "machineconfigpools")["items"]
        if not pools:
            return
        configs = self.custom.list_cluster_custom_object(GROUP, VERSION, "machineconfigs")["items"]
        configs = self._render_offload(configs)
        nodes = [n.to_dict() for n in self.core.list_node().items]
        for node in nodes:  # the client's snake_case dicts: annotations and labels keep their keys
            node["metadata"].setdefault("annotations", None)
        for pool in pools:
            self._reconcile(pool, configs, nodes)

    def _render_offload(self, configs: list[dict]) -> list[dict]:
        """As the SR-IOV operator: a MachineConfig per pool config's offload pool."""
        try:
            pool_configs = self.custom.list_cluster_custom_object(SRIOV_GROUP, "v1", "sriovnetworkpoolconfigs")["items"]
        except ApiException as e:
            if getattr(e, "status", None) == 404:  # no SR-IOV CRDs on this cluster
                return configs
            raise
        create, delete = offload_changes(pool_configs, configs)
        for config in create:
            self.custom.create_cluster_custom_object(GROUP, VERSION, "machineconfigs", config)
        for name in delete:
            self.custom.delete_cluster_custom_object(GROUP, VERSION, "machineconfigs", name)
        return [c for c in configs if c["metadata"]["name"] not in delete] + create

    def _reconcile(self, pool: dict, configs: list[dict], nodes: list[dict]) -> None:
        members = sorted((n for n in nodes if selector_matches(pool["spec"].get("nodeSelector"),
                                                               n["metadata"].get("labels"))),
                         key=lambda n: n["metadata"]["name"])
        rendered, sources = rendered_config(pool, configs)
        target = {"name": rendered, "source": sources}
        if pool["spec"].get("configuration") != target:  # the render controller's part
            self.custom.patch_cluster_custom_object(GROUP, VERSION, "machineconfigpools", pool["metadata"]["name"],
                                                    {"spec": {"configuration": target}})
            return  # the next round sees the new generation
        if not pool["spec"].get("paused"):
            patches = node_patches(pool, members, rendered, self.working_since, time.monotonic(), self.update_seconds)
            for name, annotations in patches.items():
                self.core.patch_node(name, {"metadata": {"annotations": annotations}})
                node = next(n for n in members if n["metadata"]["name"] == name)
                node["metadata"]["annotations"] = {**(node["metadata"]["annotations"] or {}), **annotations}
        status = pool_status(pool, members, rendered, sources)
        if status_changed(pool.get("status"), status):
            self.custom.patch_cluster_custom_object_status(GROUP, VERSION, "machineconfigpools",
                                                           pool["metadata"]["name"], {"status": status})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lab stand-in for the machine-config-operator's pool reporting")
    parser.add_argument("--kubeconfig", required=True)
    parser.add_argument("--update-seconds", type=float, default=1.0, help="how long a node's update takes")
    parser.add_argument("--period", type=float, default=1.0, help="seconds between two rounds")
    args = parser.parse_args(argv)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    standin = StandIn(k8s_config.new_client_from_config(config_file=args.kubeconfig), args.update_seconds)
    sys.stderr.write(f"machine-config stand-in (lab): watching pools with {args.kubeconfig}\n")
    while not stopping:
        try:
            standin.round()
        except ApiException as e:
            if getattr(e, "status", None) != 404:  # 404: the CRDs are not installed yet
                sys.stderr.write(f"machine-config stand-in (lab): {getattr(e, 'status', '')} {getattr(e, 'reason', e)}\n")
        except Exception as e:  # pylint: disable=broad-exception-caught  # the API server restarting: next round
            sys.stderr.write(f"machine-config stand-in (lab): {e}\n")
        time.sleep(args.period)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
