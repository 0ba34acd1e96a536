#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab_node
short_description: Make a lab node NotReady (or powered off), or Ready again, on demand
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - The lab's nodes are simulated by kwok. With O(ready=false) this module stops node O(node)'s kubelet -
    kwok lets the node go, its Lease is no longer renewed, and the real kube-controller-manager does what
    it does for a dead kubelet after its grace period (20 s on the lab) - marks the Node Ready=Unknown,
    taints it and marks its Pods not Ready. With O(ready=true) the kubelet comes back - the Node is Ready
    again and its running Pods are reported Ready. The module waits until the Node's status shows it.
  - For fault tests and for trying the collection against a failing node. Lab only.
extends_documentation_fragment:
  - ovnk.dpu.lab
attributes:
  check_mode:
    support: full
    description: Reports whether the node would change, changes nothing.
  diff_mode:
    support: full
    description: The node's readiness before and after.
  idempotent:
    support: full
    description: A node already in the asked state is left alone.
options:
  node:
    description: The lab node (as the lab recorded it when it last started).
    type: str
    required: true
  ready:
    description: C(false) makes the node NotReady, C(true) makes it Ready again.
    type: bool
    required: true
  power_off:
    description:
      - With O(ready=false), also take down what a power-off or reboot of the machine takes - the node's Open
        vSwitch (a DPU's) and its network namespace, with every link in it (a veth's peer on the host side goes too).
      - C(ovnk.dpu.lab) start brings them back (a new namespace, OVS from its database), as a machine that boots again.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait until the Node's status shows the asked readiness; C(0) does not wait.
    type: int
    default: 90
"""

EXAMPLES = r"""
- name: Take DPU dpu-0 down
  ovnk.dpu.lab_node:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    node: dpu-0
    ready: false

- name: Bring it back
  ovnk.dpu.lab_node:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    node: dpu-0
    ready: true
"""

RETURN = r"""
cluster:
  description: The cluster the node is in.
  returned: always
  type: str
  sample: infra
ready:
  description: Whether the Node is Ready after the module ran (in check mode, before).
  returned: always
  type: bool
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import lab_node


def main() -> None:
    run_entry(lab_node)


if __name__ == "__main__":
    main()
