# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: drain_leftovers
short_description: The pods a drain left on a host, sorted into evictable and staying
version_added: 0.6.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Sorts the pods still on a drained host as C(kubectl drain) does - C(staying) are a DaemonSet's, mirror pods,
    finished ones and pods that tolerate the cordon (they come back at once); every other pod is C(evictable), one
    that should have left.
options:
  _input:
    description: The pods (as M(kubernetes.core.k8s_info) returns them).
    type: list
    elements: dict
    required: true
"""

EXAMPLES = r"""
- name: The pods that should have left
  ansible.builtin.debug:
    msg: "{{ (left.resources | ovnk.dpu.drain_leftovers).evictable }}"
"""

RETURN = r"""
_value:
  description: C(evictable) and C(staying), each a list of C(namespace/name).
  type: dict
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.upgrade.drain import pods_left


class FilterModule:
    def filters(self) -> dict:
        return {"drain_leftovers": pods_left}
