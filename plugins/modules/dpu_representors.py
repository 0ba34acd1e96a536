#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dpu_representors
short_description: Make (or verify) the representor links between each host and its DPU
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - On the C(lab) and C(kind) platforms, creates for each pair O(count) veth pairs straight across the
    host's and the DPU's network namespaces, through netlink (pyroute2) - host side C(eth0-<i>), DPU side
    C(rep0-<i>) in each DPU's own namespace, as OVN-Kubernetes' simulated DPU expects - with the MTU given, deterministic MACs (the scheme OVN-Kubernetes'
    simulated DPU expects) and both ends up.
  - Keeps the host isolated, as seed 004 does - the host namespace keeps no default route of its own.
  - Idempotent - reads each namespace once; a link with the wrong peer, namespace, MTU, MAC or state is
    fixed, links named like its own beyond O(count) are removed, and each fix is in the diff.
  - On C(openshift) it makes nothing - it checks that each DPU has the expected VF representors
    (C(pf0vf<i>) by default) and fails naming the missing ones.
  - Everything is validated first (interface names over 15 bytes, O(count) out of range, a missing
    namespace, two pairs with one index, two pairs whose links would share names in one namespace); on any problem no link is touched.
requirements:
  - pyroute2 >= 0.9
  - root (CAP_NET_ADMIN) on the machine whose namespaces hold the links
attributes:
  check_mode:
    support: full
    description: Reads the namespaces and reports what it would create, fix or delete.
  diff_mode:
    support: full
    description: Before and after of every link it creates, fixes or deletes, per pair.
  idempotent:
    support: full
    description: A second run with nothing to do writes nothing.
options:
  pairs:
    description: The host/DPU pairs.
    type: list
    elements: dict
    required: true
    suboptions:
      host:
        description: Host node name (its MACs derive from it).
        type: str
        required: true
      dpu:
        description: DPU node name.
        type: str
        required: true
      index:
        description: Pair number, used in DPU-side names (C(rep<index>-<i>)); defaults to the position in the list.
        type: int
      host_netns:
        description: The host's network namespace. Required on C(lab) and C(kind).
        type: str
      dpu_netns:
        description: The DPU's network namespace; on C(openshift) without it, the namespace the module runs in.
        type: str
  count:
    description: Links per pair (seed 004 uses 16), 1 to 256.
    type: int
    default: 16
  mtu:
    description: MTU of both ends.
    type: int
    default: 1500
  host_ifname_format:
    description: Host-side name; C({index}) is the link number, C({pair}) the pair's. Default C(eth0-{index}).
    type: str
  dpu_ifname_format:
    description:
      - DPU-side name. Default C(rep0-{index}) on C(lab) and C(kind), C(pf0vf{index}) on C(openshift).
      - OVN-Kubernetes' simulated DPU (C(--simulate-dpu)) accepts only PF 0 representors (C(rep0-{index})), which
        needs each DPU in its own namespace; seed 004's C(rep{pair}-{index}) names the pairs apart when DPUs share
        one, for tools other than OVN-K.
    type: str
  links:
    description:
      - How the links come to be - C(veth), the module makes each pair's veth links across the two namespaces; C(sriov),
        the DPU's SR-IOV switchdev made its VF representors and the module only checks them (C(ovnk_dpu_representor_links)).
      - Default C(sriov) on O(platform=openshift), else C(veth).
    type: str
    choices: [veth, sriov]
  platform:
    description: Where the clusters run; picks the defaults of O(links) and O(dpu_ifname_format).
    type: str
    choices: [lab, kind, openshift]
    default: lab
  state:
    description: C(present) makes the links; C(absent) deletes every link named like the module's on both sides.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: ovnk.dpu.dpu_pairing
"""

EXAMPLES = r"""
- name: Sixteen representor links per pair on the lab
  ovnk.dpu.dpu_representors:
    pairs:
      - {host: host-0, dpu: dpu-0, host_netns: ovnkdpu-host-0, dpu_netns: ovnkdpu-dpu-0}
      - {host: host-1, dpu: dpu-1, host_netns: ovnkdpu-host-1, dpu_netns: ovnkdpu-dpu-1}
    mtu: 1400

- name: Check a BlueField DPU's VF representors (run on the DPU)
  ovnk.dpu.dpu_representors:
    platform: openshift
    pairs: [{host: worker-0, dpu: worker-0-dpu}]
    count: 8
"""

RETURN = r"""
pairs:
  description: Per pair, its namespaces and its links with their MACs.
  returned: when O(state=present) on lab and kind
  type: list
  elements: dict
  sample:
    - host: host-0
      dpu: dpu-0
      index: 0
      host_netns: ovnkdpu-host-0
      dpu_netns: ovnkdpu-dpu-0
      mtu: 1400
      links: [{host: eth0-0, dpu: rep0-0, host_mac: "52:54:00:1f:a2:00", dpu_mac: "52:54:00:07:9c:00"}]
actions:
  description: What was (in check mode, would be) created, fixed or deleted.
  returned: always
  type: list
  elements: str
  sample: ["create ovnkdpu-host-0/eth0-3 <-> ovnkdpu-dpu-0/rep0-3", "ovnkdpu-dpu-0: set rep0-4 mtu=1400"]
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.representors import dpu_representors


def main() -> None:
    run_entry(dpu_representors)


if __name__ == "__main__":
    main()
