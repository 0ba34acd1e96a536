from __future__ import annotations

import base64
import hashlib

from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import credentials


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_fingerprint_tells_tokens_apart_without_revealing_them():
    token = "eyJhbGciOi.secret-claims.signature"
    fp = credentials.fingerprint(b64(token))
    assert fp == hashlib.sha256(token.encode()).hexdigest()[:12]
    assert len(fp) == 12 and token not in fp and credentials.fingerprint(b64(token + "x")) != fp
    assert credentials.fingerprint("") == "" and credentials.fingerprint(None) == ""


def test_key_changes_name_keys_never_values():
    before = {"apiserver": b64("https://a"), "token": b64("old")}
    after = {"apiserver": b64("https://a"), "token": b64("new"), "ca.crt": b64("CA")}
    changes = credentials.key_changes(before, after)
    assert changes == {"apiserver": "unchanged", "ca.crt": "added", "token": "changed"}
    assert not {b64("old"), b64("new"), "old", "new"} & set(changes.values())


def test_token_secret_is_bound_to_the_account_and_its_uid():
    secret = credentials.token_secret("ovnkube-node-sa-for-dpu", "ovn-kubernetes", "ovnkube-node-dpu", "uid-1")
    assert secret["type"] == "kubernetes.io/service-account-token"
    assert secret["metadata"]["annotations"] == {"kubernetes.io/service-account.name": "ovnkube-node-dpu",
                                                 "kubernetes.io/service-account.uid": "uid-1"}
    assert "uid" not in str(credentials.token_secret("s", "ns", "sa")["metadata"]["annotations"])


def test_infra_secret_is_opaque_and_carries_only_the_three_keys():
    secret = credentials.infra_secret("ovnkube-node-sa-for-dpu", "ovn-kubernetes",
                                      {"apiserver": "YQ==", "token": "Yg==", "ca.crt": "Yw=="})
    assert secret["type"] == "Opaque" and sorted(secret["data"]) == sorted(credentials.KEYS)
