"""The bad-inventory matrix: each case is an inventory mistake (a variable given with -e, a host's
variables or groups in a second inventory source over the lab's, a kubeconfig file) and the phrases
its one failure must contain - the variable (and host) it names and the fix. docs/troubleshooting.md
groups the same messages by topic (the `group` of each case)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    expected: tuple[str, ...]
    args: tuple[str, ...] = ()
    inventory: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # written to the case's directory, {tmp} in args


def host(group: str, name: str, **variables: Any) -> dict[str, Any]:
    """A second inventory source: one host of a group, with its variables."""
    return {"all": {"children": {group: {"hosts": {name: variables}}}}}


def e(*assignments: str) -> tuple[str, ...]:
    return tuple(x for a in assignments for x in ("-e", a))


def kubeconfig(server: str, context: str = "x", user: str = "u", current: str = "x") -> str:
    return (f"apiVersion: v1\nkind: Config\nclusters: [{{name: c, cluster: {{server: '{server}'}}}}]\n"
            f"users: [{{name: u, user: {{token: not-a-token}}}}]\n"
            f"contexts: [{{name: {context}, context: {{cluster: c, user: {user}}}}}]\ncurrent-context: {current}\n")


OPENSHIFT = e("ovnk_dpu_platform=openshift", "ovnk_dpu_tenant_kubeconfig={tmp}/tenant", "ovnk_dpu_infra_kubeconfig={tmp}/infra")

CASES = [
    # Pairing and the node groups
    Case("node-role-typo", "pairing", ("host-0: ovnk_dpu_node_role: 'dpu_host' is not one of dpu-host, dpu, full; set it "
                                       "by the host's group",), inventory=host("dpu_hosts", "host-0", ovnk_dpu_node_role="dpu_host")),
    Case("node-without-role", "pairing", ("Worker_1: ovnk_dpu_node_role is not set; set it to full (the role of its group "
                                          "full_nodes)", "Worker_1: not a legal Kubernetes node name; use lowercase letters"),
         inventory=host("full_nodes", "Worker_1")),
    Case("node-in-both-clusters", "pairing", ("dpu-1: in both tenant_cluster and infra_cluster; a node belongs to one "
                                              "cluster: remove it from one of dpu_hosts/full_nodes and dpu_nodes",),
         inventory=host("dpu_hosts", "dpu-1")),
    Case("peer-not-in-inventory", "pairing", ("host-0: ovnk_dpu_peer dpu-9 is not in the inventory; add it to dpu_nodes or "
                                              "fix the name",), inventory=host("dpu_hosts", "host-0", ovnk_dpu_peer="dpu-9")),
    Case("peer-is-a-tenant-node", "pairing", ("host-0: ovnk_dpu_peer worker-0 is a full node, not a DPU; name a member of "
                                              "dpu_nodes",), inventory=host("dpu_hosts", "host-0", ovnk_dpu_peer="worker-0")),
    Case("dpu-shared-by-two-hosts", "pairing", ("pairs: DPU dpu-0 is paired with host-0, host-1; a DPU serves exactly one host",
                                                "dpu-1: no host names this DPU as its ovnk_dpu_peer"), args=e("ovnk_dpu_peer=dpu-0")),
    Case("peers-disagree", "pairing", ("dpu-0: ovnk_dpu_peer is host-1, but host-0 names dpu-0 as its ovnk_dpu_peer; make the "
                                       "two agree (host-0 <-> dpu-0)",), inventory=host("dpu_nodes", "dpu-0", ovnk_dpu_peer="host-1")),
    Case("pair-index-word", "pairing", ("host-0: ovnk_dpu_pair_index: 'first' is not a whole number",),
         inventory=host("dpu_hosts", "host-0", ovnk_dpu_pair_index="first")),
    Case("pair-index-shared", "pairing", ("representors: pairs[1].index: 0 is also used by host-0; give each pair its own "
                                          "index",), args=e("ovnk_dpu_pair_index=0")),
    # Interface names and counts
    Case("representor-count-word", "interfaces", ("ovnk_dpu_representor_count: 'sixteen' is not a whole number",),
         args=e("ovnk_dpu_representor_count=sixteen")),
    Case("representor-count-too-many", "interfaces", ("ovnk_dpu_representor_count: 300 is out of range",),
         args=e("ovnk_dpu_representor_count=300")),
    Case("dpu-format-without-index", "interfaces", ("ovnk_dpu_representor_dpu_format: 'rep0' is not a name format with "
                                                    "{index}; set an interface name with {index}, e.g. rep0-{index}",),
         args=e("ovnk_dpu_representor_dpu_format=rep0")),
    Case("gateway-interface-not-a-link", "interfaces", ("ovnk_dpu_ovnk_gateway_interface eth0-40 is not one of the host's "
                                                        "representor links", "name one of them or raise the count"),
         args=e("ovnk_dpu_ovnk_gateway_interface=eth0-40")),
    Case("mgmt-port-is-gateway", "interfaces", ("ovnk_dpu_ovnk_gateway_interface and ovnk_dpu_ovnk_mgmt_port_netdev are both "
                                                "eth0-0; the management port needs a link of its own",),
         args=e("ovnk_dpu_ovnk_mgmt_port_netdev=eth0-0")),
    Case("pf-name-slash", "interfaces", ("ovnk_dpu_sriov_pf: 'ens1f0/np0' is not an interface name",),
         args=e("ovnk_dpu_sriov_pf=ens1f0/np0")),
    Case("uplink-name-too-long", "interfaces", ("dpu-0: ovnk_dpu_gateway_interface: 'uplink-of-the-dpu-0' is not an interface "
                                                "name",), inventory=host("dpu_nodes", "dpu-0", ovnk_dpu_gateway_interface="uplink-of-the-dpu-0")),
    # Address ranges, alone, against each other and against the node networks
    Case("cluster-cidr-prefix", "addresses", ("ovnk_dpu_ovnk_cluster_cidr: '10.244.0.0/33' is not a CIDR; write it as "
                                              "address/prefix",), args=e("ovnk_dpu_ovnk_cluster_cidr=10.244.0.0/33")),
    Case("service-in-cluster-cidr", "addresses", ("ovnk_dpu_ovnk_cluster_cidr (10.244.0.0/16) overlaps ovnk_dpu_ovnk_service_cidr "
                                                  "(10.244.128.0/17); give each range its own addresses",),
         args=e("ovnk_dpu_ovnk_service_cidr=10.244.128.0/17")),
    Case("masquerade-is-transit", "addresses", ("ovnk_dpu_ovnk_masquerade_subnet (100.88.0.0/16) overlaps "
                                                "ovnk_dpu_ovnk_transit_subnet (100.88.0.0/16)",),
         args=e("ovnk_dpu_ovnk_masquerade_subnet=100.88.0.0/16")),
    Case("host-subnet-not-longer", "addresses", ("ovnk_dpu_ovnk_host_subnet_length: /16 must be longer than the cluster CIDR's "
                                                 "/24 so each node gets a slice",),
         args=e("ovnk_dpu_ovnk_cluster_cidr=10.244.0.0/24", "ovnk_dpu_ovnk_host_subnet_length=16")),
    Case("service-cidr-ipv6", "addresses", ("ovnk_dpu_ovnk_service_cidr: fd00:10:96::/112 is IPv6; this collection deploys IPv4 "
                                            "single-stack",), args=e("ovnk_dpu_ovnk_service_cidr=fd00:10:96::/112")),
    Case("tunnel-address-with-prefix", "addresses", ("dpu-0: ovnk_dpu_encap_ip: '172.30.0.5/16' is not an IPv4 address",),
         inventory=host("dpu_nodes", "dpu-0", ovnk_dpu_encap_ip="172.30.0.5/16")),
    Case("tunnel-address-in-pod-range", "addresses", ("dpu-0: ovnk_dpu_encap_ip (10.244.3.3) is inside ovnk_dpu_ovnk_cluster_cidr "
                                                      "(10.244.0.0/16): OVN-K's tunnels run over the DPUs' own network",),
         inventory=host("dpu_nodes", "dpu-0", ovnk_dpu_encap_ip="10.244.3.3")),
    Case("tunnel-outside-node-networks", "addresses", ("ovnk_dpu_encap_ip (172.30.0.", "is in none of ovnk_dpu_ovnk_node_networks "
                                                       "(192.168.0.0/16); add the DPUs' network to them"),
         args=("-e", '{"ovnk_dpu_ovnk_node_networks": ["192.168.0.0/16"]}')),
    Case("node-network-overlaps-pods", "addresses", ("overlaps ovnk_dpu_ovnk_node_networks",),
         args=("-e", '{"ovnk_dpu_ovnk_node_networks": ["10.244.0.0/24", "172.30.0.0/16"]}')),
    Case("ovs-remote-http", "addresses", ("dpu-0: ovnk_dpu_ovs_remote: 'http://10.0.0.1:6640' is not an OVSDB remote; set an "
                                          "OVSDB remote: tcp:<address>:<port>",),
         inventory=host("dpu_nodes", "dpu-0", ovnk_dpu_ovs_remote="http://10.0.0.1:6640")),
    # MTUs
    Case("pod-mtu-too-small", "mtu", ("ovnk_dpu_ovnk_mtu: '500' must be a whole number from 576 to 9216",),
         args=e("ovnk_dpu_ovnk_mtu=500")),
    Case("representor-mtu-below-pod-mtu", "mtu", ("ovnk_dpu_representor_mtu 1300 is below ovnk_dpu_ovnk_mtu 1400: pod traffic "
                                                  "crosses these links; raise the representor MTU or lower the pod MTU",),
         args=e("ovnk_dpu_representor_mtu=1300")),
    # Lease timings
    Case("lease-shorter-than-renewal", "lease", ("ovnk_dpu_ovnk_lease_duration: 5 s must be longer than "
                                                 "ovnk_dpu_ovnk_lease_renew_interval (10 s)",), args=e("ovnk_dpu_ovnk_lease_duration=5")),
    Case("health-check-off-under-watchdog", "lease", ("ovnk_dpu_ovnk_lease_renew_interval is 0, which turns OVN-K's DPU health "
                                                      "check off", "set ovnk_dpu_lease_watchdog: false, or an interval"),
         args=e("ovnk_dpu_ovnk_lease_renew_interval=0")),
    Case("watchdog-checks-more-links-than-exist", "lease", ("ovnk_dpu_lease_watchdog_checked_representors 40 is more than the "
                                                            "links each pair has (ovnk_dpu_representor_count 16)",),
         args=e("ovnk_dpu_lease_watchdog_checked_representors=40")),
    Case("watchdog-metrics-address", "lease", ("ovnk_dpu_lease_watchdog_metrics_address: 'localhostt' is not an IPv4 address",),
         args=e("ovnk_dpu_lease_watchdog_metrics_address=localhostt")),
    # Kubeconfigs (files)
    Case("kubeconfig-missing", "kubeconfig", ("ovnk_dpu_tenant_kubeconfig: ", "/tenant does not exist; set it to the path of "
                                              "that cluster's admin kubeconfig"), args=OPENSHIFT, files={"infra": kubeconfig("https://127.0.0.1:2")}),
    Case("kubeconfig-garbage", "kubeconfig", ("/tenant is not valid YAML", "point it at a kubeconfig file"), args=OPENSHIFT,
         files={"tenant": "\x00 not: a: kubeconfig [", "infra": kubeconfig("https://127.0.0.1:2")}),
    Case("kubeconfig-unknown-context", "kubeconfig", ("current-context 'y' is not one of its contexts; set current-context to one "
                                                      "of its contexts",), args=OPENSHIFT,
         files={"tenant": kubeconfig("https://127.0.0.1:1", current="y"), "infra": kubeconfig("https://127.0.0.1:2")}),
    Case("kubeconfig-context-without-user", "kubeconfig", ("context 'x' names user 'admin', which the file does not define",),
         args=OPENSHIFT, files={"tenant": kubeconfig("https://127.0.0.1:1", user="admin"), "infra": kubeconfig("https://127.0.0.1:2")}),
    Case("kubeconfig-unset", "kubeconfig", ("ovnk_dpu_tenant_kubeconfig: not set; set it to the path of that cluster's admin "
                                            "kubeconfig",), args=e("ovnk_dpu_platform=openshift", "ovnk_dpu_tenant_kubeconfig=",
                                                                   "ovnk_dpu_infra_kubeconfig=")),
    Case("kubeconfig-same-file", "kubeconfig", ("ovnk_dpu_tenant_kubeconfig and ovnk_dpu_infra_kubeconfig are the same file",
                                                "the infra (DPU) cluster is a cluster of its own"),
         args=e("ovnk_dpu_platform=openshift", "ovnk_dpu_tenant_kubeconfig={tmp}/tenant", "ovnk_dpu_infra_kubeconfig={tmp}/tenant"),
         files={"tenant": kubeconfig("https://127.0.0.1:1")}),
    Case("kubeconfig-same-server", "kubeconfig", ("ovnk_dpu_tenant_kubeconfig and ovnk_dpu_infra_kubeconfig both reach "
                                                  "https://127.0.0.1:1",), args=OPENSHIFT,
         files={"tenant": kubeconfig("https://127.0.0.1:1"), "infra": kubeconfig("https://127.0.0.1:1")}),
    # Platform prerequisites
    Case("platform-unknown", "platform", ("ovnk_dpu_platform: 'vsphere' is not a known platform; set it to one of lab, kind, "
                                          "openshift",), args=e("ovnk_dpu_platform=vsphere")),
    Case("dpu-model-unknown", "platform", ("ovnk_dpu_model 'connectx-7' is not a known DPU model (bluefield-2, bluefield-3); set "
                                           "one of them or add it to ovnk_dpu_dpu_models",), args=e("ovnk_dpu_model=connectx-7")),
    Case("num-vfs-too-many", "platform", ("ovnk_dpu_sriov_num_vfs 200 is more than a bluefield-3 PF has (128); set at most 128",),
         args=e("ovnk_dpu_sriov_num_vfs=200")),
    Case("num-vfs-not-the-links", "platform", ("host-0: ovnk_dpu_sriov_num_vfs 8 does not match its simulated DPU's links "
                                               "(ovnk_dpu_representor_count 16", "set it to 15"), args=e("ovnk_dpu_sriov_num_vfs=8")),
    Case("pci-address-short", "platform", ("ovnk_dpu_sriov_pci_address '03:00' is not a PCI address (0000:3b:00.0)",),
         args=e("ovnk_dpu_sriov_pci_address=03:00")),
    Case("pool-name", "platform", ("'DPU_Host' is not a pool name (lowercase letters, digits and '-', 63 at most); fix "
                                   "ovnk_dpu_mcp_host_pool",), args=e("ovnk_dpu_mcp_host_pool=DPU_Host")),
    Case("min-kube-version-word", "platform", ("ovnk_dpu_min_kube_version: 'latest' is not a version; set a Kubernetes version "
                                               "such as 1.31.0",), args=e("ovnk_dpu_min_kube_version=latest")),
    Case("identity-with-dpu-pairs", "platform", ("ovnk_dpu_ovnk_identity is true and the inventory has DPU hosts (host-0, "
                                                 "host-1)", "set ovnk_dpu_ovnk_identity: false"), args=e("ovnk_dpu_ovnk_identity=true")),
    # Types
    Case("string-for-a-list", "types", ("ovnk_dpu_host_taints: 'ovnk.dpu/dpu-host=:NoSchedule' is a string, not a list; set a "
                                        "list of taints",), args=e("ovnk_dpu_host_taints=ovnk.dpu/dpu-host=:NoSchedule")),
    Case("dict-for-a-list", "types", ("ovnk_dpu_ovnk_node_networks: \"{'a': '10.0.0.0/8'}\" is a mapping, not a list; set a list "
                                      "of CIDRs",), args=("-e", '{"ovnk_dpu_ovnk_node_networks": {"a": "10.0.0.0/8"}}')),
    Case("string-item-in-a-list", "types", ("ovnk_dpu_host_taints: item 0 ('ovnk.dpu/dpu-host=:NoSchedule') is a string, not a "
                                            "mapping",), args=("-e", '{"ovnk_dpu_host_taints": ["ovnk.dpu/dpu-host=:NoSchedule"]}')),
    Case("word-for-a-flag", "types", ("ovnk_dpu_sriov: 'maybe' is not true or false; set true or false",), args=e("ovnk_dpu_sriov=maybe")),
    Case("taint-effect-typo", "types", ("value of effect must be one of: NoSchedule, PreferNoSchedule, NoExecute, got: NoScheduled",),
         args=("-e", '{"ovnk_dpu_host_taints": [{"key": "ovnk.dpu/dpu-host", "effect": "NoScheduled"}]}')),
    Case("timeout-zero", "types", ("ovnk_dpu_node_ready_timeout: 0 is out of range; set seconds, 1 or more",),
         args=e("ovnk_dpu_node_ready_timeout=0")),
    # Version skew
    Case("images-of-unknown-skew", "skew", ("differ and their tags are not both versions, so their compatibility is unknown; use "
                                            "matching images, or set ovnk_dpu_ovnk_allowed_skew",),
         args=e("ovnk_dpu_ovnk_dpu_image=ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.4.0")),
    Case("images-a-minor-apart", "skew", ("differ in their minor version and ovnk_dpu_ovnk_allowed_skew is 'patch'; use matching images",),
         args=e("ovnk_dpu_ovnk_image=ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.4.0",
                "ovnk_dpu_ovnk_dpu_image=ghcr.io/ovn-kubernetes/ovn-kubernetes/ovn-kube-ubuntu:v1.5.0")),
    # Misspelt variables and the lab's own
    Case("misspelt-variable", "names", ("ovnk_dpu_representor_cout: ovnk.dpu reads no variable of that name (every role would "
                                        "ignore it); did you mean ovnk_dpu_representor_count?",), args=e("ovnk_dpu_representor_cout=8")),
    Case("misspelt-host-variable", "names", ("host-0: ovnk_dpu_per: ovnk.dpu reads no variable of that name", "did you mean "
                                             "ovnk_dpu_peer?"), inventory=host("dpu_hosts", "host-0", ovnk_dpu_per="dpu-0")),
    Case("ovnk-namespace-of-the-cluster", "names", ("ovnk_dpu_ovnk_namespace: 'kube-system' is a namespace of the cluster "
                                                    "itself, which the install would take over and a teardown delete",),
         args=e("ovnk_dpu_ovnk_namespace=kube-system")),
    Case("platform-not-stated", "platform", ("ovnk_dpu_platform: not set; set it in the inventory to where the clusters "
                                             "run, one of lab, kind, openshift",), args=e("ovnk_dpu_platform=")),
    Case("upgrade-hosts-one-string", "types", ("ovnk_dpu_upgrade_hosts: '7' is a number, not a list of names",),
         args=e('{"ovnk_dpu_upgrade_hosts": 7}')),
    Case("lab-name", "names", ("ovnk_dpu_lab_name: 'My-Lab' is not a lab name; set 1-12 lowercase letters or digits",),
         args=e("ovnk_dpu_lab_name=My-Lab")),
]
