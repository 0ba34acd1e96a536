# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: crd_manifest
short_description: Prepare a CustomResourceDefinition file for server-side apply
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Drops what generated CRD files carry but an applier must not own - the C(status) stanza (the API
    server writes it) and a null C(metadata.creationTimestamp) (which makes every apply a change).
  - With O(compat=true), also drops what older API servers (the lab's Kubernetes 1.20) cannot take -
    empty-string C(default) values, which they reject as null (the field then stays unset, which
    OVN-Kubernetes treats the same), and C(x-kubernetes-validations) (CEL rules, Kubernetes 1.25 and
    later), which their server-side apply refuses as undeclared. This drops validation; use it only there.
options:
  _input:
    description: One CRD (a dict).
    type: dict
    required: true
  compat:
    description: Also drop empty-string defaults and CEL rules.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Apply CRDs to an old API server
  kubernetes.core.k8s:
    definition: "{{ crds | map('ovnk.dpu.crd_manifest', compat=true) | list }}"
    apply: true
    server_side_apply: {field_manager: ovnk.dpu}
"""

RETURN = r"""
_value:
  description: The CRD, ready to apply.
  type: dict
"""

from typing import Any


def _unsupported(key: str, value: Any) -> bool:
    return key == "x-kubernetes-validations" or (key == "default" and value == "")


def _compatible(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _compatible(v) for k, v in node.items() if not _unsupported(k, v)}
    if isinstance(node, list):
        return [_compatible(item) for item in node]
    return node


def crd_manifest(crd: dict, compat: bool = False) -> dict:
    metadata = {k: v for k, v in (crd.get("metadata") or {}).items() if k != "creationTimestamp"}
    prepared = {**{k: v for k, v in crd.items() if k != "status"}, "metadata": metadata}
    return _compatible(prepared) if compat else prepared


class FilterModule:
    def filters(self) -> dict:
        return {"crd_manifest": crd_manifest}
