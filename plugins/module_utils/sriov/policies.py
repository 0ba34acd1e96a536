# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SR-IOV network operator's objects for the DPU hosts, rendered from the inventory: per host
PF two SriovNetworkNodePolicies in switchdev mode - VF 0 the OVN-K management port (a resource
of its own, never handed to pods), VFs 1..N-1 the workloads' - and the SriovNetworkPoolConfig that
turns on OVS hardware offload for the DPU hosts' MachineConfigPool. On OpenShift also the
network operator's hardware-offload-config ConfigMap."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import MANAGED_BY
from ansible_collections.ovnk.dpu.plugins.module_utils.sriov.models import Model

API_VERSION = "sriovnetwork.openshift.io/v1"
# The SR-IOV operator's webhook: resource names as it accepts them.
_RESOURCE = re.compile(r"^[a-zA-Z0-9]([a-zA-Z0-9_-]*[a-zA-Z0-9])?$")
_PF = re.compile(r"^[a-zA-Z0-9_.-]{1,15}$")
_PCI = re.compile(r"^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$")
CNO_CONFIGMAP, CNO_NAMESPACE = "hardware-offload-config", "openshift-network-operator"


@dataclass(frozen=True)
class HostCard:
    """One DPU host's card as the inventory gives it."""

    host: str
    model: str
    pf: str
    num_vfs: int
    pci_address: str = ""


def host_problems(cards: list[HostCard], models: dict[str, Model]) -> list[str]:
    """Each problem names the host's variable and the fix."""
    problems = []
    for card in cards:
        where = f"{card.host}"
        model = models.get(card.model)
        if model is None:
            problems.append(f"{where}: ovnk_dpu_model '{card.model}' is not a known DPU model ({', '.join(sorted(models))}); "
                            "set one of them or add it to ovnk_dpu_dpu_models")
        if not _PF.match(card.pf or ""):
            problems.append(f"{where}: ovnk_dpu_sriov_pf '{card.pf}' is not an interface name (1-15 letters, digits, "
                            "'.', '-', '_'): the host's PF facing its DPU, as ip link shows it")
        if card.pci_address and not _PCI.match(card.pci_address):
            problems.append(f"{where}: ovnk_dpu_sriov_pci_address '{card.pci_address}' is not a PCI address "
                            "(0000:3b:00.0)")
        if card.num_vfs < 2:
            problems.append(f"{where}: ovnk_dpu_sriov_num_vfs {card.num_vfs} leaves no workload VF (VF 0 is the "
                            "management port); set 2 or more")
        elif model and card.num_vfs > model.max_vfs:
            problems.append(f"{where}: ovnk_dpu_sriov_num_vfs {card.num_vfs} is more than a {model.name} PF has "
                            f"({model.max_vfs}); set at most {model.max_vfs}")
    return problems + _group_problems(cards)


def _group_problems(cards: list[HostCard]) -> list[str]:
    """Hosts that share a card and PF name share one pair of policies, hence one VF count."""
    counts: dict[tuple[str, str], dict[int, list[str]]] = {}
    for card in cards:
        counts.setdefault((card.model, card.pf), {}).setdefault(card.num_vfs, []).append(card.host)
    return [f"ovnk_dpu_sriov_num_vfs: hosts with a {model} PF {pf} differ ("
            + ", ".join(f"{n} on {', '.join(sorted(h))}" for n, h in sorted(by_count.items()))
            + "); they share one SriovNetworkNodePolicy per PF, so give them the same count"
            for (model, pf), by_count in sorted(counts.items()) if len(by_count) > 1]


def resource_problems(mgmt: str, workload: str) -> list[str]:
    problems = [f"ovnk_dpu_sriov_{field}: '{value}' is not a resource name the SR-IOV operator accepts (letters, digits, "
                "'_' and '-', 63 at most, no prefix: the operator adds its own)"
                for field, value in (("mgmt_resource_name", mgmt), ("workload_resource_name", workload))
                if not _RESOURCE.match(value or "") or len(value) > 63]
    if mgmt == workload and not problems:
        problems.append(f"ovnk_dpu_sriov_mgmt_resource_name and ovnk_dpu_sriov_workload_resource_name are both '{mgmt}': "
                        "the management VF needs a resource of its own, or pods would be handed it; rename one")
    return problems


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")


def policies(cards: list[HostCard], models: dict[str, Model], settings: dict[str, Any]) -> list[dict]:
    """Two policies per (model, PF): VF 0 for the management port, VFs 1..N-1 for workloads."""
    groups: dict[tuple[str, str], list[HostCard]] = {}
    for card in cards:
        groups.setdefault((card.model, card.pf), []).append(card)
    rendered = []
    for (model_name, pf), members in sorted(groups.items()):
        model, num_vfs = models[model_name], members[0].num_vfs
        roots = sorted({c.pci_address.lower() for c in members if c.pci_address})
        for purpose, resource, vfs in (("mgmt", settings["mgmt_resource_name"], "0-0"),
                                       ("workload", settings["workload_resource_name"], f"1-{num_vfs - 1}")):
            rendered.append(_policy(f"dpu-{purpose}-{_slug(model_name)}-{_slug(pf)}", resource, model, pf, vfs,
                                    num_vfs, roots, settings))
    return rendered


def _policy(name: str, resource: str, model: Model, pf: str, vfs: str, num_vfs: int, roots: list[str],
            settings: dict[str, Any]) -> dict:
    nic = {"vendor": model.vendor, "deviceID": model.device, "pfNames": [f"{pf}#{vfs}"]}
    if roots:
        nic["rootDevices"] = roots
    spec = {
        "resourceName": resource,
        "nodeSelector": dict(settings["node_selector"]),
        "priority": settings["priority"],
        "numVfs": num_vfs,
        "nicSelector": nic,
        "deviceType": "netdevice",
        "eSwitchMode": "switchdev",
    }
    if settings.get("mtu"):
        spec["mtu"] = settings["mtu"]
    return {"apiVersion": API_VERSION, "kind": "SriovNetworkNodePolicy",
            "metadata": {"name": name, "namespace": settings["namespace"], "labels": dict(MANAGED_BY)},
            "spec": spec}


def pool_config(settings: dict[str, Any]) -> dict:
    """OVS hardware offload on the DPU hosts' MachineConfigPool (the operator renders its MachineConfig)."""
    return {"apiVersion": API_VERSION, "kind": "SriovNetworkPoolConfig",
            "metadata": {"name": f"{settings['pool']}-hw-offload", "namespace": settings["namespace"],
                         "labels": dict(MANAGED_BY)},
            "spec": {"ovsHardwareOffloadConfig": {"name": settings["pool"]},
                     "nodeSelector": {"matchLabels": dict(settings["node_selector"])},
                     "maxUnavailable": settings["max_unavailable"]}}


def hardware_offload_config(settings: dict[str, Any]) -> dict:
    """The OpenShift network operator's ConfigMap: which nodes are DPU hosts and DPUs (labels as
    key= - a bare key is refused), the management VF's resource, the lease timings."""
    data = {
        "dpu-host-mode-label": _label_value(settings["dpu_host_mode_label"]),
        "dpu-mode-label": _label_value(settings["dpu_mode_label"]),
        "mgmt-port-resource-name": f"{settings['resource_prefix']}/{settings['mgmt_resource_name']}",
        "dpu-node-lease-renew-interval": str(settings["lease_renew_interval"]),
        "dpu-node-lease-duration": str(settings["lease_duration"]),
    }
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": CNO_CONFIGMAP, "namespace": CNO_NAMESPACE, "labels": dict(MANAGED_BY)},
            "data": data}


def _label_value(label: str) -> str:
    return label if "=" in label else f"{label}="


def hosts_of_topology(topology: dict, group: str = "dpu_hosts") -> list[dict]:
    """sriov_config's hosts from the resolved inventory (the ovnk_dpu fact): each host of the group with its card,
    as the host sets it or inventory-wide."""
    hosts = []
    for name in topology["groups"].get(group) or []:
        own = topology["nodes"][name]["settings"]
        hosts.append({"name": name, "model": own["ovnk_dpu_model"], "pf": own["ovnk_dpu_sriov_pf"],
                      "num_vfs": own["ovnk_dpu_sriov_num_vfs"], "pci_address": own["ovnk_dpu_sriov_pci_address"]})
    return hosts
