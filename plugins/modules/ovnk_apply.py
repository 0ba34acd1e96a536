#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ovnk_apply
short_description: Apply OVN-Kubernetes' base objects to the tenant and infra clusters in one pass
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Server-side applies (field manager O(field_manager)) every object of O(objects) to its cluster, in the
    order given - namespaces and CRDs first, then what lives in them - through kubernetes.core's client and
    service. One module run for both clusters and every object, where one kubernetes.core.k8s task per
    cluster and kind would start a module process each.
  - With O(identity_cert=true), keeps the ovnkube-identity webhook's serving certificate in Secret
    O(identity_cert_secret) on the tenant cluster (issued once, renewed O(identity_cert_renew_before_days)
    before expiry) and fills its CA into the webhook configurations in O(objects), which are applied last.
  - With O(zone_labels=true), labels every tenant node C(k8s.ovn.org/zone-name=<node>) (interconnect, one
    zone per node).
  - Returns what it applied as names only (cluster, kind, name, namespace, changed), never the objects.
  - The ovnk_base role renders the objects and calls it.
extends_documentation_fragment:
  - ovnk.dpu.clusters
options:
  objects:
    description:
      - The objects to apply, as lists of Kubernetes objects keyed C(both) (applied to each cluster first),
        C(tenant) and C(infra).
    type: dict
    required: true
  namespace:
    description: OVN-K's namespace on the tenant cluster (where the identity certificate's Secret lives).
    type: str
    default: ovn-kubernetes
  identity_cert:
    description: Keep the ovnkube-identity serving certificate and fill its CA into the webhook configurations.
    type: bool
    default: false
  identity_cert_secret:
    description: Secret (type C(kubernetes.io/tls)) holding the certificate, its key and its CA.
    type: str
    default: ovnkube-webhook-cert
  identity_cert_validity_days:
    description: Lifetime of a newly issued certificate.
    type: int
    default: 365
  identity_cert_renew_before_days:
    description: Issue a new certificate when the current one has fewer days left.
    type: int
    default: 30
  zone_labels:
    description: Label every tenant node with its own interconnect zone.
    type: bool
    default: false
  field_manager:
    description: Server-side apply field manager.
    type: str
    default: ovnk.dpu
  state:
    description:
      - C(present) applies the objects. C(absent) deletes them, the last one first, waiting until each namespace is
        gone (what lives in it goes with it), and takes the zone labels off with O(zone_labels=true); the identity
        certificate's Secret goes with its namespace.
    type: str
    default: present
    choices: [present, absent]
  remove_crds:
    description:
      - With O(state=absent), delete the CustomResourceDefinitions too. Off by default - deleting a CRD deletes every
        object of its kind in the cluster (EgressIPs, EgressFirewalls, network policies of others too), and on
        OpenShift the network operator owns them.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: A server-side dry run; objects in a namespace that does not exist yet are reported as to be created.
  diff_mode:
    support: full
    description: One diff per changed object, headed by its cluster, kind and name.
  idempotent:
    support: full
    description: A second run with the same objects changes nothing.
requirements:
  - kubernetes >= 24.2.0
  - cryptography (with O(identity_cert=true))
"""

EXAMPLES = r"""
- name: OVN-K base objects on both clusters
  ovnk.dpu.ovnk_apply:
    tenant_kubeconfig: /etc/ovnk-dpu/tenant.kubeconfig
    infra_kubeconfig: /etc/ovnk-dpu/infra.kubeconfig
    objects:
      both: "{{ namespaces + crds }}"
      tenant: "{{ tenant_objects }}"
      infra: "{{ infra_objects }}"
    identity_cert: true
    zone_labels: true
"""

RETURN = r"""
applied:
  description: Every object applied (or, in check mode, dry-run), in order.
  returned: always
  type: list
  elements: dict
  sample: [{cluster: tenant, kind: Namespace, name: ovn-kubernetes, namespace: null, changed: false}]
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk import ovnk_apply


def main() -> None:
    run_entry(ovnk_apply)


if __name__ == "__main__":
    main()
