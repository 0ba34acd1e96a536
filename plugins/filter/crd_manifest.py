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
  - Everything else, CEL rules (C(x-kubernetes-validations)) and defaults included, is applied as upstream
    ships it.
options:
  _input:
    description: One CRD (a dict).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Apply CRD files
  kubernetes.core.k8s:
    definition: "{{ crds | map('ovnk.dpu.crd_manifest') | list }}"
    apply: true
    server_side_apply: {field_manager: ovnk.dpu}
"""

RETURN = r"""
_value:
  description: The CRD, ready to apply.
  type: dict
"""


def crd_manifest(crd: dict) -> dict:
    metadata = {k: v for k, v in (crd.get("metadata") or {}).items() if k != "creationTimestamp"}
    return {**{k: v for k, v in crd.items() if k != "status"}, "metadata": metadata}


class FilterModule:
    def filters(self) -> dict:
        return {"crd_manifest": crd_manifest}
