# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sriov_config module's work: validate the hosts' cards, then apply the SR-IOV policies and
the pool config (and on OpenShift the network operator's ConfigMap) to the tenant cluster, and
remove the policies of ours that are no longer rendered."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.apply_set import ApplySet
from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import MANAGED_BY
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import AUTH_ARG_SPEC
from ansible_collections.ovnk.dpu.plugins.module_utils.sriov import models as card_models
from ansible_collections.ovnk.dpu.plugins.module_utils.sriov.policies import (
    API_VERSION, CNO_NAMESPACE, HostCard, hardware_offload_config, host_problems, policies, pool_config,
    resource_problems)

# The module's wiring (plugins/modules/sriov_config.py runs run_entry on this file).
KUBE = True
LIBRARIES = ()

HOST_OPTIONS = {
    "name": {"type": "str", "required": True},
    "model": {"type": "str", "required": True},
    "pf": {"type": "str", "required": True},
    "num_vfs": {"type": "int", "required": True},
    "pci_address": {"type": "str", "default": ""},
}
SETTINGS_SPEC: dict[str, dict] = {
    "hosts": {"type": "list", "elements": "dict", "required": True, "options": HOST_OPTIONS},
    "models": {"type": "dict", "default": {}},
    "namespace": {"type": "str", "default": "openshift-sriov-network-operator"},
    "mgmt_resource_name": {"type": "str", "default": "mgmtvf"},
    "workload_resource_name": {"type": "str", "default": "dpu_workload_vfs"},
    "resource_prefix": {"type": "str", "default": "openshift.io"},
    "node_selector": {"type": "dict", "default": {"node-role.kubernetes.io/dpu-host": ""}},
    "priority": {"type": "int", "default": 99},
    "mtu": {"type": "int"},
    "pool": {"type": "str", "default": "dpu-host"},
    "max_unavailable": {"type": "raw", "default": 1},
    "hardware_offload_config": {"type": "bool", "default": False},
    "dpu_host_mode_label": {"type": "str", "default": "network.operator.openshift.io/dpu-host="},
    "dpu_mode_label": {"type": "str", "default": "network.operator.openshift.io/dpu="},
    "lease_renew_interval": {"type": "int", "default": 10},
    "lease_duration": {"type": "int", "default": 40},
}
ARGUMENT_SPEC: dict[str, dict] = {
    **AUTH_ARG_SPEC,
    **SETTINGS_SPEC,
    "prune": {"type": "bool", "default": True},
    "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
    "field_manager": {"type": "str", "default": "ovnk.dpu"},
}


def cards(params: dict[str, Any]) -> list[HostCard]:
    return [HostCard(h["name"], h["model"], h["pf"], int(h["num_vfs"]), h.get("pci_address") or "")
            for h in params["hosts"]]


def problems(params: dict[str, Any]) -> list[str]:
    """Everything wrong with the settings, each naming the variable and the fix (preflight uses it too)."""
    models, found = card_models.table(params["models"])
    found += host_problems(cards(params), models)
    found += resource_problems(params["mgmt_resource_name"], params["workload_resource_name"])
    if params.get("mtu") and not 576 <= params["mtu"] <= 9216:
        found.append(f"ovnk_dpu_sriov_mtu: {params['mtu']} is outside 576-9216; set the VFs' MTU in that range, or 0 to "
                     "leave it to the card")
    if not 0 <= params["priority"] <= 99:
        found.append(f"ovnk_dpu_sriov_priority: {params['priority']} is outside 0-99 (0 is the highest); set one in that range")
    if params["hardware_offload_config"] and params["lease_renew_interval"] >= params["lease_duration"] > 0:
        found.append(f"ovnk_dpu_ovnk_lease_renew_interval ({params['lease_renew_interval']}) must be below "
                     f"ovnk_dpu_ovnk_lease_duration ({params['lease_duration']}), or the network operator falls back to its "
                     "defaults; lower the first or raise the second")
    return found


def objects(params: dict[str, Any]) -> list[dict]:
    models = card_models.table(params["models"])[0]
    rendered = policies(cards(params), models, params) + [pool_config(params)]
    if params["hardware_offload_config"]:
        rendered.append(hardware_offload_config(params))
    return rendered


def run(module: Any) -> dict:
    p = module.params
    found = problems(p)
    if found:
        raise InputError(found, "invalid SR-IOV settings: ")
    work = ApplySet(module, {"tenant": p["kubeconfig"]}, p["field_manager"])
    tenant = work.clusters["tenant"]
    rendered = objects(p)
    if p["state"] == "absent":
        return _remove(work, p, rendered)
    _operator_present(tenant, p)
    for definition in rendered:
        work.apply("tenant", definition)
    if p["prune"]:
        _prune(work, p["namespace"], {d["metadata"]["name"] for d in rendered if d["kind"] == "SriovNetworkNodePolicy"})
    return work.result(policies=[d["metadata"]["name"] for d in rendered if d["kind"] == "SriovNetworkNodePolicy"])


def _remove(work: ApplySet, p: dict[str, Any], rendered: list[dict]) -> dict:
    """Everything the module made deleted (where the SR-IOV API is served at all), the policies last made first."""
    tenant = work.clusters["tenant"]
    with tenant.calling("look up", "the SriovNetworkNodePolicy API"):
        served = tenant.service.find_resource("SriovNetworkNodePolicy", API_VERSION, fail=False) is not None
    if served:
        for definition in reversed(rendered):
            if tenant.namespace_exists(definition["metadata"].get("namespace") or p["namespace"]):
                work.remove("tenant", definition)
        if tenant.namespace_exists(p["namespace"]):
            _prune(work, p["namespace"], {d["metadata"]["name"] for d in rendered})
    return work.result(policies=[])


def _operator_present(tenant: Any, p: dict[str, Any]) -> None:
    """The SR-IOV operator's API and namespace (and OpenShift's network operator's) must be there."""
    for kind in ("SriovNetworkNodePolicy", "SriovNetworkPoolConfig"):
        with tenant.calling("look up", f"the {kind} API"):
            found = tenant.service.find_resource(kind, API_VERSION, fail=False)
        if found is None:
            raise OperationError(f"the tenant cluster has no {kind} API ({API_VERSION}): install the SR-IOV network "
                                 "operator first, or turn SR-IOV off (ovnk_dpu_sriov: false)")
    namespaces = [(p["namespace"], "the SR-IOV network operator's namespace; set ovnk_dpu_sriov_namespace to where "
                                   "it runs")]
    if p["hardware_offload_config"]:
        namespaces.append((CNO_NAMESPACE, "the OpenShift network operator's; is this OpenShift?"))
    for namespace, what in namespaces:
        if not tenant.namespace_exists(namespace):
            raise OperationError(f"the tenant cluster has no namespace {namespace} ({what})")


def _prune(work: ApplySet, namespace: str, keep: set[str]) -> None:
    """Our policies no longer rendered (a PF renamed, a model gone) are deleted."""
    tenant = work.clusters["tenant"]
    selector = ",".join(f"{k}={v}" for k, v in MANAGED_BY.items())
    for name in sorted(set(tenant.names("SriovNetworkNodePolicy", API_VERSION, namespace, selector)) - keep):
        definition = {"apiVersion": API_VERSION, "kind": "SriovNetworkNodePolicy",
                      "metadata": {"name": name, "namespace": namespace}}
        if not work.module.check_mode:
            tenant.delete(definition)
        work.record("tenant", "SriovNetworkNodePolicy", name, True, namespace, before={"name": name}, after={})
