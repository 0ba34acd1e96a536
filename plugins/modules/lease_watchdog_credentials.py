#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lease_watchdog_credentials
short_description: The lease watchdog's two tenant credentials - the monitor's token and the DPU side's
version_added: 0.6.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Reads what the lease watchdog's services authenticate with to the tenant cluster, each as RV(credentials)
    C(server), C(ca) and C(token), for their kubeconfigs.
  - The monitor's - the token Secret O(monitor_secret) of its ServiceAccount on the tenant cluster, waited for
    (up to O(token_timeout) seconds) until the token controller fills it; its server is O(api_url), or the tenant
    kubeconfig's.
  - The renewers' - with O(dpu_secret), the infra cluster's Secret that M(ovnk.dpu.dpu_credentials) hands over
    (keys C(apiserver), C(token), C(ca.crt)); a missing one fails, naming the stage that makes it.
  - Changes nothing. In check mode it does not wait, and a Secret not made yet gives empty values (a first
    check-mode run, before the stages that make them).
  - The tokens are secrets - run it with C(no_log).
extends_documentation_fragment:
  - ovnk.dpu.clusters
  - ovnk.dpu.read_only
options:
  namespace:
    description: The namespace of both Secrets (OVN-K's, on both clusters).
    type: str
    default: ovn-kubernetes
  monitor_secret:
    description: The monitor's ServiceAccount token Secret on the tenant cluster.
    type: str
    required: true
  dpu_secret:
    description: The DPU side's tenant credential on the infra cluster. Omitted - only the monitor's is read.
    type: str
  api_url:
    description: The tenant API URL the monitor reaches. Omitted - the server of O(tenant_kubeconfig).
    type: str
  token_timeout:
    description: Seconds to wait for the token controller to fill O(monitor_secret).
    type: int
    default: 30
"""

EXAMPLES = r"""
- name: Read the watchdog's credentials
  ovnk.dpu.lease_watchdog_credentials:
    tenant_kubeconfig: "{{ ovnk_dpu_tenant_kubeconfig }}"
    infra_kubeconfig: "{{ ovnk_dpu_infra_kubeconfig }}"
    monitor_secret: ovnk-dpu-lease-monitor-token
    dpu_secret: ovnkube-dpu-tenant
  register: credentials
  no_log: true
"""

RETURN = r"""
credentials:
  description: C(monitor) and C(dpu), each C(server), C(ca) (base64, as the Secret holds it) and C(token); empty
    strings for what was not read or does not exist yet (check mode).
  returned: always
  type: dict
  sample: {monitor: {server: "https://10.0.0.1:6443", ca: LS0t..., token: eyJh...},
           dpu: {server: "https://10.0.0.1:6443", ca: LS0t..., token: eyJh...}}
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import lease_watchdog_credentials


def main() -> None:
    run_entry(lease_watchdog_credentials)


if __name__ == "__main__":
    main()
