# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovnk_apply module's work: OVN-K's base objects on both clusters in one pass.

Server-side apply of every object through kubernetes.core's service (check mode = server dry
run, diff), in the order given; the ovnkube-identity serving certificate kept or renewed and its
CA filled into the webhook configurations, which go last; one zone per tenant node."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS, MANAGED_BY
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.apply_set import ApplySet
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.base_objects import WEBHOOK_KINDS, object_problems, of_cluster, with_ca_bundle, zone_patches
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.identity_cert import days_left, issue

# The module's wiring (plugins/modules/ovnk_apply.py runs run_entry on this file).
KUBE = True
LIBRARIES = ("cryptography",)
ARGUMENT_SPEC: dict[str, dict] = {
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "objects": {"type": "dict", "required": True},
    "namespace": {"type": "str", "default": "ovn-kubernetes"},
    "identity_cert": {"type": "bool", "default": False},
    "identity_cert_secret": {"type": "str", "default": "ovnkube-webhook-cert", "no_log": False},
    "identity_cert_validity_days": {"type": "int", "default": 365},
    "identity_cert_renew_before_days": {"type": "int", "default": 30},
    "zone_labels": {"type": "bool", "default": False},
    "field_manager": {"type": "str", "default": "ovnk.dpu"},
    "state": {"type": "str", "default": "present", "choices": ["present", "absent"]},
    "remove_crds": {"type": "bool", "default": False},
}


# Seconds a namespace may take to go (its contents' finalizers, its pods' grace period).
REMOVE_TIMEOUT = 180


class Run(ApplySet):
    """One module run: what was applied, with diffs and warnings, across both clusters."""

    def __init__(self, module: Any) -> None:
        p = module.params
        super().__init__(module, {c: p[f"{c}_kubeconfig"] for c in CLUSTERS}, p["field_manager"])

    def identity_cert(self) -> str:
        p = self.module.params
        cert = ensure_secret(self.clusters["tenant"], p["namespace"], p["identity_cert_secret"],
                             p["identity_cert_validity_days"], p["identity_cert_renew_before_days"],
                             self.module.check_mode)
        self.record("tenant", "Secret", p["identity_cert_secret"], cert["changed"], p["namespace"])
        return cert["ca_bundle"]

    def zone_labels(self, present: bool = True) -> None:
        tenant = self.clusters["tenant"]
        for name, patch in zone_patches({n: node["metadata"] for n, node in tenant.nodes().items()}, present).items():
            if not self.module.check_mode:
                tenant.patch_node(name, patch)
            self.record("tenant", "Node", name, True)


def remove(work: Run, objects: dict, zone_labels: bool, remove_crds: bool) -> dict:
    """Every object deleted, last applied first (what lives in a namespace that goes goes with it);
    then both clusters' namespaces waited out together. CRDs only with remove_crds: deleting one
    deletes every object of its kind in the whole cluster, others' included."""
    doomed = {}
    for cluster in CLUSTERS:
        definitions = of_cluster(objects, cluster)
        foreign = foreign_namespaces(work, cluster, definitions)
        doomed[cluster] = [d for d in definitions if d["kind"] == "Namespace" and d["metadata"]["name"] not in foreign]
        names = {d["metadata"]["name"] for d in doomed[cluster]}
        for definition in reversed(definitions):
            if definition["kind"] == "CustomResourceDefinition" and not remove_crds:
                continue
            if definition["kind"] == "Namespace" and definition["metadata"]["name"] in foreign:
                continue
            if definition["metadata"].get("namespace") not in names:
                work.remove(cluster, definition)
    if not work.module.check_mode:
        for cluster, namespaces in doomed.items():
            for namespace in namespaces:
                work.clusters[cluster].wait(namespace, REMOVE_TIMEOUT, 1, present=False)
    if zone_labels:
        work.zone_labels(present=False)
    return work.result()


def foreign_namespaces(work: Run, cluster: str, definitions: list[dict]) -> set[str]:
    """The namespaces of the objects that exist but were not made by the install (no managed-by label of this
    collection): a teardown leaves them, and everything else in them, in place."""
    foreign = set()
    for definition in definitions:
        if definition["kind"] != "Namespace":
            continue
        name = definition["metadata"]["name"]
        live = work.clusters[cluster].get("Namespace", "v1", name)
        if live and not MANAGED_BY.items() <= (live["metadata"].get("labels") or {}).items():
            foreign.add(name)
            work.warnings.append(f"the {cluster} cluster: Namespace {name} was not made by ovnk.dpu (it has no label "
                                 f"app.kubernetes.io/managed-by=ovnk.dpu); left in place, and what else is in it; the "
                                 f"collection's own objects there were deleted one by one")
    return foreign


def run(module: Any) -> dict:
    p = module.params
    problems = object_problems(p["objects"])
    if p["identity_cert"] and p["identity_cert_validity_days"] <= p["identity_cert_renew_before_days"]:
        problems.append("identity_cert_validity_days: must be longer than identity_cert_renew_before_days, or every "
                        "run renews")
    if problems:
        raise InputError(problems, "invalid ovnk_apply arguments: ")
    work = Run(module)
    if p["state"] == "absent":
        return remove(work, p["objects"], p["zone_labels"], p["remove_crds"])
    webhooks = [o for o in of_cluster(p["objects"], "tenant") if o["kind"] in WEBHOOK_KINDS]
    for cluster in CLUSTERS:
        for definition in of_cluster(p["objects"], cluster):
            if definition["kind"] not in WEBHOOK_KINDS:
                work.apply(cluster, definition)
    ca_bundle = work.identity_cert() if p["identity_cert"] else ""
    for definition in webhooks:
        if ca_bundle:
            work.apply("tenant", with_ca_bundle(definition, ca_bundle))
        else:
            work.warnings.append(f"{definition['kind']} {definition['metadata']['name']}: not applied, the identity "
                                 "certificate's CA is not known yet (check mode before it exists, or identity_cert off)")
    if p["zone_labels"]:
        work.zone_labels()
    return work.result()


def ensure_secret(cluster: Applier, namespace: str, name: str, validity_days: int, renew_before_days: int,
                  check_mode: bool) -> dict:
    """Keep the Secret's certificate while it has more than renew_before_days left, else issue
    and apply a new one. Returns changed, ca_bundle (empty in check mode before it exists), days_left."""
    current = (cluster.get("Secret", "v1", name, namespace) if cluster.namespace_exists(namespace) else None) or {}
    left = days_left(current.get("data") or {})
    if left > renew_before_days:
        return {"changed": False, "ca_bundle": current["data"]["ca.crt"], "days_left": round(left, 1)}
    if check_mode:
        return {"changed": True, "ca_bundle": "", "days_left": round(left, 1)}
    data = issue(validity_days)
    cluster.apply({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls", "data": data,
                   "metadata": {"name": name, "namespace": namespace,
                                "labels": MANAGED_BY}}, force_conflicts=True)
    return {"changed": True, "ca_bundle": data["ca.crt"], "days_left": float(validity_days)}
