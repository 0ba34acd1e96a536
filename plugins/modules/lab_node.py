#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab_node
short_description: Make a lab node NotReady, or Ready again, on demand
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
  wait_timeout:
    description: Seconds to wait until the Node's status shows the asked readiness.
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

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.args import IMPORT_ERRORS, lab_arg_spec, spec_from_params
from ansible_collections.ovnk.dpu.plugins.module_utils.k8s_apply import describe_api_error
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.nodes import API_ERRORS, set_readiness
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import LabSpecError
from ansible_collections.ovnk.dpu.plugins.module_utils.module_run import InputError, exit_with


def argspec() -> dict:
    return lab_arg_spec(
        node={"type": "str", "required": True},
        ready={"type": "bool", "required": True},
        wait_timeout={"type": "int", "default": 90},
    )


def run(module: AnsibleModule) -> dict:
    params = module.params
    try:
        spec = spec_from_params(params, for_start=False)
    except LabSpecError as exc:
        raise InputError(exc.problems, "invalid lab parameters: ") from None
    node = next((n for n in spec.nodes if n.name == params["node"]), None)
    if node is None:
        known = ", ".join(n.name for n in spec.nodes) or "none (is the lab started?)"
        raise InputError(f"node: '{params['node']}' is not a node of lab {spec.name}; its nodes: {known}")
    try:
        changed, before = set_readiness(
            spec.kubeconfig(node.cluster), node.name, params["ready"], params["wait_timeout"], module.check_mode,
        )
    except (LookupError, TimeoutError) as exc:
        module.fail_json(msg=f"{node.cluster} cluster: {exc}")
    except API_ERRORS as exc:  # pylint: disable=catching-non-exception  # a tuple of exception classes
        module.fail_json(msg=f"{node.cluster} cluster: Node {node.name}: {describe_api_error(exc)} (is the lab started?)")
    result = {"changed": changed, "cluster": node.cluster,
              "ready": params["ready"] if changed and not module.check_mode else before}
    if module._diff:
        result["diff"] = {"before": {"ready": before}, "after": {"ready": params["ready"]}}
    return result


def main() -> None:
    module = AnsibleModule(argument_spec=argspec(), supports_check_mode=True)
    for lib, trace in IMPORT_ERRORS.items():
        module.fail_json(msg=missing_required_lib(lib), exception=trace)
    exit_with(module, run)


if __name__ == "__main__":
    main()
