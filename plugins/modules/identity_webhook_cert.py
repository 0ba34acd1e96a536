#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: identity_webhook_cert
short_description: Keep the ovnkube-identity webhook's serving certificate
version_added: 0.1.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Ensures Secret O(name) (type C(kubernetes.io/tls), keys C(tls.crt), C(tls.key), C(ca.crt)) holding a
    private CA and a certificate for C(localhost), where the API server reaches ovnkube-identity's
    webhook. Upstream's chart generates a new one on every install; this module keeps it across runs and
    issues a new one only when it is missing, unreadable or within O(renew_before_days) of expiry.
  - Returns the CA bundle (public) for the webhook configurations; never the private key.
extends_documentation_fragment:
  - kubernetes.core.k8s_auth_options
options:
  namespace:
    description: Namespace of the Secret.
    type: str
    default: ovn-kubernetes
  name:
    description: Secret name ovnkube-identity mounts.
    type: str
    default: ovnkube-webhook-cert
  validity_days:
    description: Lifetime of a new serving certificate (the CA lives 35 days longer).
    type: int
    default: 365
  renew_before_days:
    description: Issue a new certificate when the current one expires within this many days.
    type: int
    default: 30
attributes:
  check_mode:
    support: full
    description: Reports whether a certificate would be issued; writes nothing.
  diff_mode:
    support: none
    description: The Secret holds a private key; no diff is shown.
requirements:
  - kubernetes >= 24.2.0
  - cryptography
"""

EXAMPLES = r"""
- name: Serving certificate of the ovnkube-identity webhook
  ovnk.dpu.identity_webhook_cert:
    kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
  register: webhook_cert
"""

RETURN = r"""
ca_bundle:
  description: The CA certificate, base64 PEM, for the webhook configurations' C(caBundle) (empty in check mode when a new one would be issued).
  returned: always
  type: str
days_left:
  description: Days until the serving certificate in the Secret expires.
  returned: always
  type: float
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import IDENTITY_CERT_SECRET, NAMESPACE
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import AUTH_ARG_SPEC
from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_module
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import identity_cert_runner

ARGUMENT_SPEC = {
    **AUTH_ARG_SPEC,
    "namespace": {"type": "str", "default": NAMESPACE},
    "name": {"type": "str", "default": IDENTITY_CERT_SECRET},
    "validity_days": {"type": "int", "default": 365},
    "renew_before_days": {"type": "int", "default": 30},
}


def main() -> None:
    run_module(ARGUMENT_SPEC, identity_cert_runner.ensure, kube=True, libraries=("cryptography",))


if __name__ == "__main__":
    main()
