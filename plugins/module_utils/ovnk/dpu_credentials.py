# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dpu_credentials module's work: the tenant ServiceAccount and its token Secret, then the
infra cluster's Secret holding that token, the tenant CA and API URL (see credentials.py).

Rotation has two phases, so the DPUs never hold a revoked token: a new token Secret is made and
handed over, and the old one is revoked only after rotation_grace seconds, time for the kubelet
to sync the mounted Secret and for ovnkube to reread its token file. A rotation cut short leaves
the old token; a later run revokes it once the grace period since the rotation has passed."""

from __future__ import annotations

import base64
import time
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import CREDENTIALS_SECRET, DPU_SERVICE_ACCOUNT, NAMESPACE
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.config import api_url_problem
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.credentials import (
    CREDENTIAL_LABEL,
    KEYS,
    ROTATED_AT_ANNOTATION,
    SA_NAME_ANNOTATION,
    TOKEN_SECRET_ANNOTATION,
    filled,
    fingerprint,
    infra_secret,
    key_changes,
    next_token_name,
    revocable,
    service_account,
    token_secret,
)

# The module's wiring (plugins/modules/dpu_credentials.py runs run_entry on this file).
ARGUMENT_SPEC = {
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "namespace": {"type": "str", "default": NAMESPACE},
    "service_account": {"type": "str", "default": DPU_SERVICE_ACCOUNT},
    "token_secret": {"type": "str", "default": CREDENTIALS_SECRET, "no_log": False},
    "secret": {"type": "str", "default": CREDENTIALS_SECRET, "no_log": False},
    "api_url": {"type": "str"},
    "rotate": {"type": "bool", "default": False},
    "token_timeout": {"type": "int", "default": 60},
    "rotation_grace": {"type": "int", "default": 150},
}
KUBE = True


class TenantSide:
    def __init__(self, module: Any, kubeconfig: str, namespace: str) -> None:
        self.cluster = Applier(module, kubeconfig, cluster="tenant")
        self.namespace = namespace
        self.check_mode = module.check_mode

    def api_url(self) -> str:
        return self.cluster.client.configuration.host

    def ensure_account(self, account: str) -> bool:
        return self.cluster.apply(service_account(account, self.namespace))["changed"]

    def token_data(self, name: str) -> dict[str, str]:
        secret = self.cluster.get("Secret", "v1", name, self.namespace)
        return (secret or {}).get("data") or {}

    def ensure_token(self, name: str, account: str, base: str, timeout: int) -> tuple[bool, dict[str, str]]:
        """(changed, token Secret data): Secret name holding a token of account, made if missing
        (or if it belongs to another account)."""
        existing = self.cluster.get("Secret", "v1", name, self.namespace)
        stale = existing and (existing["metadata"].get("annotations") or {}).get(SA_NAME_ANNOTATION) != account
        if existing and not stale and filled(existing.get("data") or {}):
            return False, existing["data"]
        if self.check_mode:
            return True, {}
        if stale:
            self.cluster.delete(token_secret(name, self.namespace, account))
        if stale or not existing:
            # Pinning the account's UID makes the token controller fill it for this account only.
            uid = (self.cluster.get("ServiceAccount", "v1", account, self.namespace) or {}).get("metadata", {}).get("uid")
            self.cluster.apply(token_secret(name, self.namespace, account, uid, base))
        return True, self._wait_for_token(name, timeout)

    def token_secrets(self, base: str) -> list[str]:
        """Every token Secret of the credential (the base name, from before rotations had labels, too)."""
        names = set(self.cluster.names("Secret", "v1", self.namespace, f"{CREDENTIAL_LABEL}={base}"))
        return sorted(names | ({base} if self.cluster.get("Secret", "v1", base, self.namespace) else set()))

    def revoke(self, names: list[str], account: str) -> None:
        """Delete token Secrets: the token controller's authenticator stops accepting their tokens."""
        for name in names if not self.check_mode else []:
            self.cluster.delete(token_secret(name, self.namespace, account))

    def _wait_for_token(self, name: str, timeout: int) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while True:
            data = self.token_data(name)
            if filled(data):
                return data
            if time.monotonic() > deadline:
                raise InputError(
                    f"token_secret: {self.namespace}/{name} got no token within {timeout} s; is the tenant "
                    "kube-controller-manager running with --service-account-private-key-file? "
                    "(raise token_timeout if it is just slow)")
            time.sleep(0.5)


def _problems(p: dict, api_url: str) -> list[str]:
    problems = [api_url_problem(api_url)]
    problems.append(None if p["token_timeout"] > 0 else "token_timeout: must be at least 1 second")
    problems.append(None if p["rotation_grace"] >= 0 else "rotation_grace: must be 0 or more seconds")
    return [problem for problem in problems if problem]


def _handed_over(existing: dict | None) -> tuple[str | None, float | None]:
    """The tenant token Secret the infra Secret holds the token of, and when it was rotated to it."""
    annotations = ((existing or {}).get("metadata") or {}).get("annotations") or {}
    try:
        rotated_at = float(annotations[ROTATED_AT_ANNOTATION])
    except (KeyError, ValueError):
        rotated_at = None
    return annotations.get(TOKEN_SECRET_ANNOTATION), rotated_at


def run(module: Any) -> dict:
    p = module.params
    tenant = TenantSide(module, p["tenant_kubeconfig"], p["namespace"])
    infra = Applier(module, p["infra_kubeconfig"], cluster="infra")
    api_url = p["api_url"] or tenant.api_url()
    problems = _problems(p, api_url)
    if problems:
        raise InputError(problems)
    account_changed = tenant.ensure_account(p["service_account"])
    existing = infra.get("Secret", "v1", p["secret"], p["namespace"])
    current, rotated_at = _handed_over(existing)
    current = current or p["token_secret"]
    target = next_token_name(p["token_secret"], current) if p["rotate"] else current
    token_changed, token = tenant.ensure_token(target, p["service_account"], p["token_secret"], p["token_timeout"])
    if p["rotate"]:
        rotated_at = time.time()
    before = (existing or {}).get("data") or {}
    desired = {"apiserver": base64.b64encode(api_url.encode()).decode(),
               "token": token.get("token", ""), "ca.crt": token.get("ca.crt", before.get("ca.crt", ""))}
    changes = key_changes(before, desired)
    secret_changed = existing is None or set(changes.values()) != {"unchanged"} or current != target
    # In check mode a server dry run; skipped when the new token does not exist yet.
    if secret_changed and desired["token"]:
        stamp = f"{rotated_at:.0f}" if rotated_at is not None else ""
        infra.apply(infra_secret(p["secret"], p["namespace"], desired, target, stamp), force_conflicts=True)
    if p["rotate"] and not module.check_mode:
        time.sleep(p["rotation_grace"])  # the DPUs pick the new token up before the old one goes
    revoked = revocable(tenant.token_secrets(p["token_secret"]), target, rotated_at, p["rotation_grace"], time.time())
    tenant.revoke(revoked, p["service_account"])
    result = {
        "changed": bool(account_changed or token_changed or secret_changed or revoked),
        "api_url": api_url,
        "rotated": bool(p["rotate"] and token_changed and before.get("token")),
        "revoked": revoked,
        "tenant": {"namespace": p["namespace"], "service_account": p["service_account"], "token_secret": target},
        "secret": {"namespace": p["namespace"], "name": p["secret"], "keys": list(KEYS),
                   "token_fingerprint": fingerprint(desired["token"])},
    }
    if module._diff:
        result["diff"] = {"before": {"secret_keys": {k: "present" for k in sorted(before)}, "token_secret": current},
                          "after": {"secret_keys": changes, "token_secret": target}}
    return result
