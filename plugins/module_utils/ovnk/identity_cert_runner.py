# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The identity_webhook_cert module's work, also done by ovnk_apply: keep the ovnkube-identity
serving certificate's Secret, or issue and apply a new one (see identity_cert.py)."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import MANAGED_BY
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.identity_cert import days_left, issue


def ensure(module: Any) -> dict:
    """The identity_webhook_cert module's work: keep, or issue and apply, the Secret."""
    p = module.params
    return ensure_secret(Applier(module), p["namespace"], p["name"], p["validity_days"], p["renew_before_days"],
                         module.check_mode)


def ensure_secret(cluster: Applier, namespace: str, name: str, validity_days: int, renew_before_days: int,
                  check_mode: bool) -> dict:
    """Keep the Secret's certificate while it has more than renew_before_days left, else issue
    and apply a new one. Returns changed, ca_bundle (empty in check mode before it exists), days_left."""
    if validity_days <= renew_before_days:
        raise InputError("validity_days: must be longer than renew_before_days, or every run renews")
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
