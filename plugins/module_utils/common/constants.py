# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's fixed values, defined once. Module documentation repeats the defaults (as
Ansible requires; ansible-test checks them against the argument specs) and the roles' defaults
repeat them for the inventory (tests/quality checks those against this file)."""

from __future__ import annotations

PLATFORMS = ("lab", "kind", "openshift")
CLUSTERS = ("tenant", "infra")

# What a node is in the two-cluster install: its ovnkube-node mode and the cluster it joins.
NODE_ROLES = ("dpu-host", "dpu", "full")
MODES = ("full", "dpu-host", "dpu")
CLUSTER_OF_ROLE = {"dpu-host": "tenant", "full": "tenant", "dpu": "infra"}

# Labels OVN-Kubernetes (and, on OpenShift, the network operator) select the two node kinds by.
HOST_LABEL = "k8s.ovn.org/dpu-host"
DPU_LABEL = "k8s.ovn.org/dpu"
HOST_LABELS = {"lab": (HOST_LABEL,), "kind": (HOST_LABEL,),
               "openshift": (HOST_LABEL, "network.operator.openshift.io/dpu-host")}
DPU_LABELS = {"lab": (DPU_LABEL,), "kind": (DPU_LABEL,),
              "openshift": (DPU_LABEL, "network.operator.openshift.io/dpu")}
# Names the peer on both sides; a node carrying it was paired by this collection.
PEER_ANNOTATION = "ovnk.dpu/peer"
# OVN-K in dpu mode runs as the host's Node, named by this OVS external_id on the DPU.
OVS_HOST_KEY = "host-k8s-nodename"
# Interconnect: one zone per tenant node.
ZONE_LABEL = "k8s.ovn.org/zone-name"

# Taints the collection puts on nodes (the lease watchdog's, and the DPU host and DPU node
# taints that keep ordinary pod-network pods off); its own pods must tolerate them.
DPU_NOT_READY_TAINT = {"key": "k8s.ovn.org/dpu-not-ready", "effect": "NoSchedule"}  # the lease watchdog's
COLLECTION_TAINTS = (
    DPU_NOT_READY_TAINT,
    {"key": "ovnk.dpu/dpu-host", "effect": "NoSchedule"},
    {"key": "ovnk.dpu/dpu", "effect": "NoSchedule"},
)

# What the collection writes, and how it marks it.
FIELD_MANAGER = "ovnk.dpu"
MANAGED_BY = {"app.kubernetes.io/managed-by": "ovnk.dpu"}
# On each ovnkube-node DaemonSet and its pods: the mode it runs (MODES).
MODE_LABEL = "ovnk.dpu/mode"
NAMESPACE = "ovn-kubernetes"
HOST_NETWORK_NAMESPACE = "ovn-host-network"
NODE_SERVICE_ACCOUNT = "ovnkube-node"
DPU_SERVICE_ACCOUNT = "ovnkube-node-dpu"
CREDENTIALS_SECRET = "ovnkube-node-sa-for-dpu"
IDENTITY_CERT_SECRET = "ovnkube-webhook-cert"
DEFAULT_IMAGE = "ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.3.0"
# OVN-K v1.3's CRDs use CEL's IP/CIDR library, which API servers accept in new CRDs from 1.31.
MIN_KUBE_VERSION = "1.31.0"
