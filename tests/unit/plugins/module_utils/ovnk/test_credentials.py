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
                                      {"apiserver": "YQ==", "token": "Yg==", "ca.crt": "Yw=="}, "ovnkube-node-sa-for-dpu-2",
                                      "1700000000")
    assert secret["metadata"]["annotations"] == {"ovnk.dpu/token-secret": "ovnkube-node-sa-for-dpu-2",
                                                 "ovnk.dpu/rotated-at": "1700000000"}
    assert secret["type"] == "Opaque" and sorted(secret["data"]) == sorted(credentials.KEYS)


def test_each_rotation_makes_a_token_secret_of_its_own():
    base = "ovnkube-node-sa-for-dpu"
    assert credentials.next_token_name(base, base) == f"{base}-2"
    assert credentials.next_token_name(base, f"{base}-2") == f"{base}-3"
    assert credentials.next_token_name(base, f"{base}-x") == f"{base}-2"
    labels = credentials.token_secret(f"{base}-3", "ns", "sa", base=base)["metadata"]["labels"]
    assert labels["ovnk.dpu/credential"] == base


def test_old_tokens_are_revoked_only_after_the_grace_period():
    names = ["t", "t-2", "t-3"]
    assert credentials.revocable(names, "t-3", rotated_at=1000.0, grace=150, now=1100.0) == []  # DPUs still switching
    assert credentials.revocable(names, "t-3", rotated_at=1000.0, grace=150, now=1150.0) == ["t", "t-2"]
    assert credentials.revocable(names, "t-3", rotated_at=None, grace=150, now=0.0) == ["t", "t-2"]
    assert credentials.revocable(["t"], "t", rotated_at=None, grace=150, now=0.0) == []
