#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dpu_lease_info
short_description: The health of each DPU host's Lease on the tenant cluster
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Reads the DPU health Lease C(ovn-dpu-<host>) of each host (OVN-K v1.3 and later gate the host's CNI on it; the
    collection's lease watchdog monitors and, where nothing else does, renews it) and judges it as the watchdog
    does - C(healthy), C(expired) (renewTime + leaseDurationSeconds is past), C(skewed) (renewed in the future,
    beyond O(skew_tolerance)) or C(missing).
  - Changes nothing. For playbooks that wait for the DPUs, and for the site summary.
extends_documentation_fragment:
  - kubernetes.core.k8s_auth_options
  - ovnk.dpu.read_only
options:
  hosts:
    description: The DPU hosts (tenant Node names) whose Leases to read. Empty - the keys of O(pairs).
    type: list
    elements: str
    default: []
  pairs:
    description: Host -> DPU, to name each row's DPU.
    type: dict
    default: {}
  namespace:
    description: The namespace of the Leases (OVN-K's config namespace).
    type: str
    default: ovn-kubernetes
  skew_tolerance:
    description: Seconds a renewTime may lie ahead of this machine's clock before the Lease counts as C(skewed).
    type: float
    default: 10
  renewed_after:
    description:
      - An RFC 3339 time; a Lease last renewed before it does not count as healthy yet (C(healthy=false), its
        C(state) stays C(healthy)). For waiting until a DPU renews again after a restart, not on a renewal from before.
    type: str
  stale:
    description:
      - Also return RV(stale), the DPU health Leases of hosts no longer paired (neither in O(pairs) nor annotated
        C(ovnk.dpu/peer) on their Node), which nobody renews.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Wait until every DPU renews its host's Lease
  ovnk.dpu.dpu_lease_info:
    kubeconfig: "{{ ovnk_dpu_tenant_kubeconfig }}"
    hosts: "{{ groups['dpu_hosts'] }}"
  register: leases
  until: leases.healthy
  retries: 30
  delay: 2
"""

RETURN = r"""
leases:
  description: One row per host.
  returned: always
  type: list
  elements: dict
  sample:
    - {host: host-0, dpu: dpu-0, lease: ovn-dpu-host-0, state: healthy, healthy: true, seconds_since_renew: 2.1,
       holder: ovnk-dpu-lease-watchdog, renew_time: "2026-12-01T12:00:00.000000Z", duration: 40, owner: host-0,
       reason: renewed 2.1s ago}
healthy:
  description: Whether every Lease is healthy.
  returned: always
  type: bool
unhealthy:
  description: The hosts whose Lease is not healthy.
  returned: always
  type: list
  elements: str
stale:
  description: The Leases C(ovn-dpu-<host>) of hosts no longer paired.
  returned: with O(stale)
  type: list
  elements: str
  sample: [ovn-dpu-host-9]
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.report import dpu_lease_info


def main() -> None:
    run_entry(dpu_lease_info)


if __name__ == "__main__":
    main()
