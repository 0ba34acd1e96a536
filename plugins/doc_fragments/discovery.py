# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Discovery facts and proposals, as dpu_pairing applies them and preflight checks them."""

    DOCUMENTATION = r"""
options:
  discovery:
    description:
      - Facts reported per node. A host and a DPU that share a O(discovery[].serial) or a PF MAC are
        proposed as a pair; a match that is not one-to-one is reported as ambiguous.
    type: list
    elements: dict
    default: []
    suboptions:
      node:
        description: Node name.
        type: str
        required: true
      role:
        description: C(dpu-host) for a tenant host, C(dpu) for a DPU node.
        type: str
        required: true
      serial:
        description: The DPU board's serial number, as the node sees it.
        type: str
      pf_macs:
        description: MACs of the PFs that link host and DPU (the host's NIC ports; the DPU's host-PF representors' peer MACs).
        type: list
        elements: str
      pci_address:
        description: On a host, the DPU's PCI address.
        type: str
  accept_proposal:
    description: Also apply proposed pairs for hosts and DPUs the explicit map does not mention.
    type: bool
    default: false
"""
