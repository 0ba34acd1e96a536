# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The two clusters' kubeconfigs, for the modules that act on both (action group ovnk.dpu.clusters)."""

    DOCUMENTATION = r"""
options:
  tenant_kubeconfig:
    description: Admin kubeconfig of the tenant cluster (the x86 hosts). Never printed.
    type: path
    required: true
  infra_kubeconfig:
    description: Admin kubeconfig of the infra cluster (the DPUs). Never printed.
    type: path
    required: true
"""
