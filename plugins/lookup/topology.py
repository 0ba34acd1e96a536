# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: topology
short_description: The two-cluster install as the inventory describes it, resolved once
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Reads the inventory's groups (C(ovnk_nodes), C(tenant_cluster), C(infra_cluster), C(dpu_hosts), C(full_nodes),
    C(dpu_nodes)), every C(ovnk_dpu_*) variable inventory-wide, and each node's own, and returns the resolved install
    (plugins/module_utils/inventory/topology.py) - every setting with its default (one table,
    plugins/module_utils/inventory/settings.py, with the platform's layer), each node, and the sorted pairs.
  - The inventory role (C(ovnk.dpu.inventory)) stores it as the C(ovnk_dpu) fact, which every role reads; use the
    lookup directly where no play ran that role (a molecule verify, a playbook of your own).
  - Values that do not convert are returned as written; C(ovnk.dpu.preflight) names them.
options: {}
"""

EXAMPLES = r"""
- name: Every pair, its index and its DPU's representor names
  ansible.builtin.debug:
    msg: "{{ lookup('ovnk.dpu.topology').pairs }}"
"""

RETURN = r"""
_raw:
  description: One dict, the resolved install.
  type: list
  elements: dict
  contains:
    platform:
      description: C(ovnk_dpu_platform).
    settings:
      description: Every C(ovnk_dpu_*) setting, as written or its default.
    nodes:
      description: By node name - role, cluster, peer, netns, machine and the node's own settings.
    pairs:
      description: >-
        Sorted by host - host, dpu, index, host_netns, dpu_netns, host_machine, dpu_machine, ovs_remote,
        ovs_settings, host_representors, dpu_representors.
    paired_hosts:
      description: The hosts of C(dpu_hosts) that have a peer.
    unpaired_hosts:
      description: The hosts of C(dpu_hosts) without one.
"""

from typing import Any

from ansible.plugins.lookup import LookupBase
from ansible.vars.hostvars import HostVarsVars

from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import topology

PREFIX = "ovnk_dpu_"


class LookupModule(LookupBase):
    def run(self, terms: list, variables: dict | None = None, **kwargs: Any) -> list[dict]:
        variables = variables or {}
        groups = {name: list(variables.get("groups", {}).get(name) or []) for name in topology.GROUPS}
        written = {name: self._templar.template(variables[name]) for name in variables if name.startswith(PREFIX)}
        names = list(dict.fromkeys(name for group in topology.GROUPS for name in groups[group]))
        hostvars = variables.get("hostvars")
        node_written = {name: self._own_variables(hostvars, name, variables) for name in names} if hostvars else {}
        return [topology.resolve(groups, written, node_written)]

    def _own_variables(self, hostvars: Any, name: str, play_variables: dict) -> dict[str, Any]:
        """A node's own ovnk_dpu_* variables (written for it, not inventory-wide) and its connection variables,
        templated in its context: one variable-manager pass per node, and no template compiled for what all share."""
        raw = hostvars.raw_get(name)
        node = HostVarsVars(raw, loader=self._loader, host=name)
        return {key: node[key] for key in raw
                if key in topology.CONNECTION_VARIABLES
                or (key.startswith(PREFIX) and (key not in play_variables or raw[key] != play_variables[key]))}
