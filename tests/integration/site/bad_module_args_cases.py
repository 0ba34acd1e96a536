"""What each case of bad_module_args.yml must fail with.

One entry per task `bad_args | <case-id>` of that playbook: the case id, then the phrases (copied from
the module's real message) its failure `msg` must contain - the argument's name and the fix where the
message gives them. Phrases depend on no lab's name, port or path. Some record messages that are poor
for a user today (a Python exception's text, Ansible's own type errors, masked values); they pin what
the modules say now, and change with the message when it is improved.
"""

from __future__ import annotations

CASES: dict[str, tuple[str, ...]] = {
    # cluster_check
    "cluster-check-bad-min-version": (
        "ovnk_dpu_min_kube_version: 'latest' is not a version; use e.g. 1.31.0",),
    "cluster-check-nodes-as-dict": (
        "argument 'nodes' is of type dict and we were unable to convert to list",),
    # dpu_credentials
    "dpu-credentials-http-api-url": (
        "ovnk_dpu_ovnk_api_url: 'http://",
        "is not an https URL; set it to the tenant API URL the DPUs reach, e.g. https://api.tenant.example.com:6443"),
    "dpu-credentials-zero-token-timeout": (
        "token_timeout: must be at least 1 second",
        "rotation_grace: must be 0 or more seconds"),
    # dpu_lease_info
    "dpu-lease-info-bad-renewed-after": (
        "renewed_after: 'yesterday' is not a time; use RFC 3339, e.g. 2026-12-01T12:00:00Z",),
    # dpu_pairing
    "dpu-pairing-dpu-serves-two-hosts": (
        "pairs: DPU dpu-0 is paired with host-0, host-1; a DPU serves exactly one host, keep one of them",),
    # An AttributeError from dpu_ovs._one_dpu (ovs_settings.dpu-0 is a string, not a dict).
    "dpu-pairing-ovs-settings-not-dict": (
        "dpu-0: its OVS settings are str, not a mapping; give {encap_ip, gateway_interface, gateway_nexthop}",),
    "dpu-pairing-missing-ovs-remote": (
        "ovs_remotes: no OVSDB remote for DPU dpu-0; add one (e.g. unix:/var/run/openvswitch/db.sock) "
        "or set manage_ovs: false",),
    # dpu_representors
    "dpu-representors-count-out-of-range": (
        "count: 300 is out of range; use 1 to 256 links per pair",),
    "dpu-representors-missing-netns": (
        "pairs[0].host_netns: network namespace",
        "does not exist; start the lab (or create the namespace) or fix the name"),
    "dpu-representors-bad-format": (
        "dpu_ifname_format: 'rep{port}' must contain {index} and no field other than {pair} and {index}",),
    # ovnk_apply's identity certificate, checked with the objects before anything is applied
    "identity-webhook-cert-validity-not-longer-than-renewal": (
        "identity_cert_validity_days: must be longer than identity_cert_renew_before_days, or every run renews",),
    # A KeyError from str.format in the report's link names: the message is only the missing field.
    "install-info-bad-ifname-format": (
        "dpu_ifname_format: 'rep{port}' must contain {index} and no field other than {pair} and {index}",),
    # lab
    "lab-port-base-out-of-range": (
        "port_base: 65500 is out of range; pick a value between 1024 and 65335",),
    # lab_info
    "lab-info-bad-lab-name": (
        "name: 'Bimod_Lab' is not a valid lab name; use 1-12 lowercase letters or digits, starting with a letter",),
    # lab_node
    "lab-node-unknown-node": (
        "node: 'dpu-9' is not a node of lab",
        "its nodes: dpu-0, dpu-1, host-0, host-1, worker-0"),
    # lab_service (its messages name the argument `name`; the module's is `service`)
    "lab-service-unknown-service": (
        "name: the lab has no service 'ovnk-dpu-lease-monitr'",
        "the role that installs it writes it first"),
    # machine_config_pools
    "mcp-worker-pool-name": (
        "pools[0] (worker).name: 'worker' is the cluster's own pool; name the DPU pool otherwise "
        "(ovnk_dpu_mcp_host_pool: dpu-host, ovnk_dpu_mcp_dpu_pool: dpu)",),
    "mcp-unknown-node": (
        "pools: nodes not found in their cluster: dpu: dpu-9 (infra); fix the inventory's node names or join the "
        "nodes first",),
    # node_taints
    "node-taints-bad-key": (
        "nodes[0].taints[0] (host-0).key: 'dpu host!' is not a taint key (an optional DNS prefix and '/', then "
        "1-63 letters, digits, '-', '_', '.')",),
    "node-taints-unknown-node": (
        "nodes: not found in their cluster: host-9 (tenant); fix the inventory's node names",),
    # ovnk_apply
    "ovnk-apply-unknown-key": (
        "objects: unknown key 'hosts'; use tenant, infra and both",),
    # ovnk_config
    "ovnk-config-overlapping-ranges": (
        "ovnk_dpu_ovnk_cluster_cidr (10.244.0.0/16) overlaps ovnk_dpu_ovnk_service_cidr (10.244.128.0/20)",
        "give each range its own addresses (change one of the two)"),
    "ovnk-config-mtu-out-of-range": (
        "ovnk_dpu_ovnk_mtu: '100' must be a whole number from 576 to 9216",),
    # ovnk_node
    "ovnk-node-dpu-host-without-mgmt-port": (
        "dpu-host mode: mgmt_port_netdev: dpu-host mode needs the management port; set mgmt_port_netdev "
        "(e.g. eth0-1 on the lab) or mgmt_port_resource_name (its device-plugin pool)",),
    "ovnk-node-image-skew": (
        "differ in their minor version and allowed_skew is 'patch'",
        "use matching images, or set allowed_skew to accept the difference (allowed_skew: minor)"),
    # preflight
    "preflight-unknown-platform": (
        "ovnk_dpu_platform: 'vsphere' is not a known platform; set it to one of lab, kind, openshift",),
    # service_files (files is no_log: the path and the mode are masked in the message)
    "service-files-bad-mode": (
        "files[0].mode: not an octal mode; write it as a quoted string, e.g. \"0600\"",),
    "service-files-relative-path": (
        "files[0].path: not an absolute path; give the full path",),
    # sriov_config
    "sriov-unknown-model": (
        "host-0: ovnk_dpu_model 'bluefield-9' is not a known DPU model (bluefield-2, bluefield-3); set one of them "
        "or add it to ovnk_dpu_dpu_models",),
    "sriov-priority-out-of-range": (
        "ovnk_dpu_sriov_priority: 150 is outside 0-99 (0 is the highest); set one in that range",),
    # upgrade_check
    "upgrade-check-unknown-skew-policy": (
        "value of allowed_skew must be one of: none, patch, minor, any, got: major",),
    "upgrade-check-negative-kube-skew": (
        "allowed_kube_skew: -1 is negative; set the minor versions the clusters may be apart, 0 or more",),
    "cluster-check-negative-timeout": (
        "ready_timeout: -5 is negative; set the seconds to wait for the nodes, 0 or more",),
    "lab-node-negative-wait": (
        "wait_timeout: -1 is negative; set the seconds to wait, or 0 not to wait",),
    "sriov-mtu-too-small": (
        "ovnk_dpu_sriov_mtu: 10 is outside 576-9216",),
}
