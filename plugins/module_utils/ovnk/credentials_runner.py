# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dpu_credentials module's work: the tenant ServiceAccount and its token Secret, then the
infra cluster's Secret holding that token, the tenant CA and API URL (see credentials.py)."""

from __future__ import annotations

import base64
import time
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.config import api_url_problem
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.credentials import (
    KEYS,
    SA_NAME_ANNOTATION,
    filled,
    fingerprint,
    infra_secret,
    key_changes,
    service_account,
    token_secret,
)


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

    def ensure_token(self, name: str, account: str, rotate: bool, timeout: int) -> tuple[bool, dict[str, str]]:
        """(changed, token Secret data). A legacy token is derived from the account's UID and the
        Secret's name, so a rotation re-creates both; the old token then stops authenticating."""
        existing = self.cluster.get("Secret", "v1", name, self.namespace)
        stale = existing and (existing["metadata"].get("annotations") or {}).get(SA_NAME_ANNOTATION) != account
        if existing and not (rotate or stale) and filled(existing.get("data") or {}):
            return False, existing["data"]
        changed = False
        if existing and (rotate or stale):
            changed = True
            if not self.check_mode:
                self.cluster.delete(token_secret(name, self.namespace, account))
                if rotate:
                    self.cluster.delete(service_account(account, self.namespace))
                    self.cluster.apply(service_account(account, self.namespace))
            existing = None
        if not existing:
            changed = True
            if self.check_mode:
                return changed, {}
            # Pinning the account's UID makes the token controller fill it for this account only.
            uid = (self.cluster.get("ServiceAccount", "v1", account, self.namespace) or {}).get("metadata", {}).get("uid")
            self.cluster.apply(token_secret(name, self.namespace, account, uid))
        return changed, self._wait_for_token(name, timeout)

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


def run(module: Any) -> dict:
    p = module.params
    tenant = TenantSide(module, p["tenant_kubeconfig"], p["namespace"])
    infra = Applier(module, p["infra_kubeconfig"], cluster="infra")
    api_url = p["api_url"] or tenant.api_url()
    problem = api_url_problem(api_url) or (None if p["token_timeout"] > 0 else
                                           "token_timeout: must be at least 1 second")
    if problem:
        raise InputError(problem)
    account_changed = tenant.ensure_account(p["service_account"])
    token_changed, token = tenant.ensure_token(p["token_secret"], p["service_account"], p["rotate"],
                                               p["token_timeout"])
    existing = infra.get("Secret", "v1", p["secret"], p["namespace"])
    before = (existing or {}).get("data") or {}
    desired = {"apiserver": base64.b64encode(api_url.encode()).decode(),
               "token": token.get("token", ""), "ca.crt": token.get("ca.crt", before.get("ca.crt", ""))}
    changes = key_changes(before, desired)
    secret_changed = existing is None or set(changes.values()) != {"unchanged"}
    # In check mode a server dry run; skipped when the new token does not exist yet.
    if secret_changed and desired["token"]:
        infra.apply(infra_secret(p["secret"], p["namespace"], desired), force_conflicts=True)
    result = {
        "changed": bool(account_changed or token_changed or secret_changed),
        "api_url": api_url,
        "rotated": bool(p["rotate"] and token_changed and before.get("token")),
        "tenant": {"namespace": p["namespace"], "service_account": p["service_account"],
                   "token_secret": p["token_secret"]},
        "secret": {"namespace": p["namespace"], "name": p["secret"], "keys": list(KEYS),
                   "token_fingerprint": fingerprint(desired["token"])},
    }
    if module._diff:
        result["diff"] = {"before": {"secret_keys": {k: "present" for k in sorted(before)}},
                          "after": {"secret_keys": changes}}
    return result
