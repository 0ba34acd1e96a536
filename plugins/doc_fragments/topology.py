# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The input of the filters that shape a stage's data from the resolved inventory."""

    DOCUMENTATION = r"""
options:
  _input:
    description: The resolved inventory (the C(ovnk_dpu) fact the C(ovnk.dpu.topology) role sets).
    type: dict
    required: true
"""
