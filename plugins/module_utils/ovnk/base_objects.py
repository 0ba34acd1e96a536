# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ovnk_apply applies, checked and shaped before any cluster is contacted: the objects per
cluster, the webhook configurations' CA bundle, the zone labels of the tenant nodes."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CLUSTERS, ZONE_LABEL


# objects' keys: each cluster, and what both get (applied first on each).
BOTH = "both"


WEBHOOK_KINDS = ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")


def object_problems(objects: dict[str, Any]) -> list[str]:
    """Every malformed entry of objects, before anything is applied."""
    problems = [f"objects: unknown key '{c}'; use tenant, infra and both" for c in objects if c not in (*CLUSTERS, BOTH)]
    for cluster in (BOTH, *CLUSTERS):
        items = objects.get(cluster) or []
        if not isinstance(items, list):
            problems.append(f"objects.{cluster}: must be a list of Kubernetes objects")
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not all(item.get(k) for k in ("apiVersion", "kind")) \
                    or not (item.get("metadata") or {}).get("name"):
                problems.append(f"objects.{cluster}[{i}]: needs apiVersion, kind and metadata.name")
            elif item["kind"] in WEBHOOK_KINDS and cluster != "tenant":
                problems.append(f"objects.{cluster}[{i}]: {item['kind']} {item['metadata']['name']} belongs to the "
                                "tenant cluster, where ovnkube-identity serves it; list it under objects.tenant")
    return problems


def of_cluster(objects: dict[str, list], cluster: str) -> list[dict]:
    return list(objects.get(BOTH) or []) + list(objects.get(cluster) or [])


def with_ca_bundle(webhook_config: dict, ca_bundle: str) -> dict:
    webhooks = [{**w, "clientConfig": {**w.get("clientConfig", {}), "caBundle": ca_bundle}}
                for w in webhook_config.get("webhooks") or []]
    return {**webhook_config, "webhooks": webhooks}


def zone_patches(nodes: dict[str, dict], present: bool = True) -> dict[str, dict]:
    """Merge patches for the tenant nodes whose zone label is not their own name (present), or
    that carry one (not present: it is taken off)."""
    if not present:
        return {name: {"metadata": {"labels": {ZONE_LABEL: None}}} for name, meta in sorted(nodes.items())
                if ZONE_LABEL in (meta.get("labels") or {})}
    return {name: {"metadata": {"labels": {ZONE_LABEL: name}}} for name, meta in sorted(nodes.items())
            if (meta.get("labels") or {}).get(ZONE_LABEL) != name}
