# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant credentials of the DPU side (dpu_credentials module).

On the tenant cluster: a ServiceAccount for dpu-mode ovnkube-node and its token Secret
(type kubernetes.io/service-account-token, filled by the token controller). On the infra
cluster: a Secret holding that token, the tenant CA and the tenant API URL, mounted only by
the dpu-mode DaemonSet. Token values never leave this file: results and diffs name keys and
short fingerprints only.
"""

from __future__ import annotations

import base64
import hashlib

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import MANAGED_BY

SA_NAME_ANNOTATION = "kubernetes.io/service-account.name"
SA_UID_ANNOTATION = "kubernetes.io/service-account.uid"
KEYS = ("apiserver", "token", "ca.crt")
# On every tenant token Secret of one credential: the credential's base name (token_secret).
CREDENTIAL_LABEL = "ovnk.dpu/credential"
# On the infra Secret: the tenant token Secret whose token it holds, and when it was rotated to it.
TOKEN_SECRET_ANNOTATION = "ovnk.dpu/token-secret"
ROTATED_AT_ANNOTATION = "ovnk.dpu/rotated-at"


def fingerprint(b64_value: str | None) -> str:
    """First 12 hex digits of the sha256 of a Secret value: tells values apart, reveals nothing."""
    return hashlib.sha256(base64.b64decode(b64_value or "")).hexdigest()[:12] if b64_value else ""


def service_account(name: str, namespace: str) -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": name, "namespace": namespace, "labels": MANAGED_BY}}


def token_secret(name: str, namespace: str, account: str, account_uid: str | None = None, base: str = "") -> dict:
    annotations = {SA_NAME_ANNOTATION: account, **({SA_UID_ANNOTATION: account_uid} if account_uid else {})}
    labels = {**MANAGED_BY, CREDENTIAL_LABEL: base or name}
    return {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
            "metadata": {"name": name, "namespace": namespace, "labels": labels, "annotations": annotations}}


def infra_secret(name: str, namespace: str, data: dict[str, str], token_name: str, rotated_at: str = "") -> dict:
    annotations = {TOKEN_SECRET_ANNOTATION: token_name, **({ROTATED_AT_ANNOTATION: rotated_at} if rotated_at else {})}
    return {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "data": data,
            "metadata": {"name": name, "namespace": namespace, "labels": MANAGED_BY, "annotations": annotations}}


def next_token_name(base: str, current: str) -> str:
    """The token Secret a rotation creates: base, base-2, base-3, ..."""
    suffix = current[len(base) + 1:] if current.startswith(base + "-") else ""
    return f"{base}-{int(suffix) + 1 if suffix.isdigit() else 2}"


def revocable(names: list[str], current: str, rotated_at: float | None, grace: int, now: float) -> list[str]:
    """The older token Secrets of a credential that may go: all but the current one, once the DPU
    side has had the grace period to pick the current one up."""
    if rotated_at is not None and now < rotated_at + grace:
        return []
    return sorted(n for n in names if n != current)


def key_changes(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """Per key: added, changed or unchanged (what a diff may show of a Secret)."""
    return {k: "added" if k not in before else "changed" if before[k] != after.get(k) else "unchanged"
            for k in sorted(after)}


def filled(data: dict[str, str]) -> bool:
    """The token controller has written the token and the CA."""
    return bool(data.get("token") and data.get("ca.crt"))
