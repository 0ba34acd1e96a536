# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovnk_apply module's work: OVN-K's base objects on both clusters in one pass.

Server-side apply of every object through kubernetes.core's service (check mode = server dry
run, diff), in the order given; the ovnkube-identity serving certificate kept or renewed and its
CA filled into the webhook configurations, which go last; one zone per tenant node."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.base_objects import WEBHOOK_KINDS, object_problems, of_cluster, with_ca_bundle, zone_patches
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.identity_cert_runner import ensure_secret

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
}


class Run:
    """One module run: what was applied, with diffs and warnings, across both clusters."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.clusters = {c: Applier(module, module.params[f"{c}_kubeconfig"], cluster=c) for c in CLUSTERS}
        self.applied: list[dict] = []
        self.diffs: list[dict] = []
        self.warnings: list[str] = []
        # Check mode: (cluster, namespace) -> objects a real run would create in a namespace it creates first.
        self.in_new_namespace: dict[tuple[str, str], list[str]] = {}

    def apply(self, cluster: str, definition: dict) -> None:
        meta = definition["metadata"]
        namespace = meta.get("namespace")
        entry = {"cluster": cluster, "kind": definition["kind"], "name": meta["name"], "namespace": namespace}
        if self.module.check_mode and namespace and not self.clusters[cluster].namespace_exists(namespace):
            # The API server cannot dry-run into a namespace that does not exist yet.
            self.in_new_namespace.setdefault((cluster, namespace), []).append(f"{definition['kind']} {meta['name']}")
            self.applied.append({**entry, "changed": True})
            return
        result = self.clusters[cluster].apply(definition, self.module.params["field_manager"])
        self.applied.append({**entry, "changed": bool(result.get("changed"))})
        self.warnings += result.get("warnings") or []
        if result.get("changed") and "diff" in result:
            self.diffs.append({**result["diff"], "before_header": f"{cluster}: {definition['kind']} {meta['name']}",
                               "after_header": f"{cluster}: {definition['kind']} {meta['name']}"})

    def identity_cert(self) -> str:
        p = self.module.params
        cert = ensure_secret(self.clusters["tenant"], p["namespace"], p["identity_cert_secret"],
                             p["identity_cert_validity_days"], p["identity_cert_renew_before_days"],
                             self.module.check_mode)
        self.applied.append({"cluster": "tenant", "kind": "Secret", "name": p["identity_cert_secret"],
                             "namespace": p["namespace"], "changed": cert["changed"]})
        return cert["ca_bundle"]

    def zone_labels(self) -> None:
        tenant = self.clusters["tenant"]
        for name, patch in zone_patches({n: node["metadata"] for n, node in tenant.nodes().items()}).items():
            if not self.module.check_mode:
                tenant.patch_node(name, patch)
            self.applied.append({"cluster": "tenant", "kind": "Node", "name": name, "namespace": None,
                                 "changed": True})


def run(module: Any) -> dict:
    p = module.params
    problems = object_problems(p["objects"])
    if problems:
        raise InputError(problems, "invalid ovnk_apply arguments: ")
    work = Run(module)
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
    work.warnings += [f"check mode: namespace {ns} does not exist yet on the {cluster} cluster, so these cannot be "
                      f"dry-run; a real run creates them: {', '.join(names)}"
                      for (cluster, ns), names in work.in_new_namespace.items()]
    for warning in sorted(set(work.warnings)):
        module.warn(warning)
    result = {"changed": any(a["changed"] for a in work.applied), "applied": work.applied}
    if module._diff:
        result["diff"] = work.diffs
    return result
