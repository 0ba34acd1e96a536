#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: dpu_credentials
short_description: Hand the tenant cluster's credentials to the DPU side of OVN-Kubernetes
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - OVN-Kubernetes in dpu mode runs on the infra cluster but acts on the B(tenant) cluster's API. This
    module gives it the credentials to do so.
  - On the tenant cluster it ensures ServiceAccount O(service_account) and its token Secret
    O(token_secret) (type C(kubernetes.io/service-account-token)), and waits for the token controller to
    fill it. What the account may do is granted by the ovnk_base role (ClusterRole C(ovnkube-node) and the
    DPU lease Role; no Secrets).
  - On the infra cluster it applies Secret O(secret) with keys C(apiserver) (the tenant API URL),
    C(token) and C(ca.crt), which only the dpu-mode DaemonSet mounts (see M(ovnk.dpu.ovnk_node)).
  - The token is never returned or shown - results and diffs carry key names and a 12-digit sha256
    fingerprint only.
  - O(rotate=true) rotates in two phases, so the DPUs never hold a revoked token - a new token Secret
    (O(token_secret)-2, -3, ...) is made and handed over in the infra Secret, then, O(rotation_grace)
    seconds later (the kubelet's Secret sync and ovnkube's token-file reload), the older token Secrets are
    deleted, which revokes their tokens. A rotation cut short is finished by a later run once the grace
    period since it has passed.
  - Check mode changes nothing (server dry run where the token is known); C(--diff) lists the keys that
    would be added or changed.
extends_documentation_fragment:
  - ovnk.dpu.clusters
options:
  namespace:
    description: Namespace of the ServiceAccount and both Secrets (OVN-K's namespace on both clusters).
    type: str
    default: ovn-kubernetes
  service_account:
    description: Tenant ServiceAccount the DPU side acts as.
    type: str
    default: ovnkube-node-dpu
  token_secret:
    description: Tenant Secret holding that account's token (upstream's name).
    type: str
    default: ovnkube-node-sa-for-dpu
  secret:
    description: Infra Secret the dpu-mode DaemonSet mounts (upstream's name).
    type: str
    default: ovnkube-node-sa-for-dpu
  api_url:
    description:
      - Tenant API URL as the DPUs reach it. Defaults to the server of O(tenant_kubeconfig).
    type: str
  rotate:
    description: Issue a new token (the old one stops authenticating) and hand it over.
    type: bool
    default: false
  token_timeout:
    description: Seconds to wait for the tenant token controller to fill the token Secret.
    type: int
    default: 60
  rotation_grace:
    description:
      - Seconds between handing a rotated token over and revoking the old one. 0 revokes at once (a leaked
        token), at the price of DPUs that still hold the old one failing until they reread the Secret.
    type: int
    default: 150
attributes:
  check_mode:
    support: full
    description: Nothing is written; the infra Secret is dry-run on the server when the token is known.
  diff_mode:
    support: full
    description: Lists the Secret keys that would be added or changed, never their values.
requirements:
  - kubernetes >= 24.2.0
"""

EXAMPLES = r"""
- name: Hand the tenant credentials to the DPU side
  ovnk.dpu.dpu_credentials:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    api_url: https://api.tenant.example.com:6443

- name: Rotate the DPU side's tenant token
  ovnk.dpu.dpu_credentials:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    rotate: true
"""

RETURN = r"""
api_url:
  description: The tenant API URL handed over.
  returned: always
  type: str
  sample: https://api.tenant.example.com:6443
rotated:
  description: Whether the token was (or in check mode would be) replaced on request.
  returned: always
  type: bool
revoked:
  description: The older token Secrets deleted (in check mode, that would be), which revokes their tokens.
  returned: always
  type: list
  elements: str
  sample: [ovnkube-node-sa-for-dpu]
tenant:
  description: The tenant-side objects - C(namespace), C(service_account), C(token_secret) (the one in use).
  returned: always
  type: dict
secret:
  description: The infra Secret - C(namespace), C(name), C(keys) and C(token_fingerprint) (sha256 prefix).
  returned: always
  type: dict
  sample: {namespace: ovn-kubernetes, name: ovnkube-node-sa-for-dpu, keys: [apiserver, token, ca.crt],
           token_fingerprint: 3f2a9c0d11be}
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import dpu_credentials


def main() -> None:
    run_entry(dpu_credentials)


if __name__ == "__main__":
    main()
