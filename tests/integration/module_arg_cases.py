"""What each case of playbooks/bad_module_args.yml must fail with.

One entry per task `bad_args | <case-id>` of that playbook: the case id, then the phrases (copied from
the module's real message) its failure `msg` must contain - the argument's name and the fix where the
message gives them. Phrases depend on no lab's name, port or path. Some record messages that are poor
for a user today (a Python exception's text, Ansible's own type errors, masked values); they pin what
the modules say now, and change with the message when it is improved.
"""

from __future__ import annotations

CASES: dict[str, tuple[str, ...]] = {
    # cluster_check
    "cluster-check-unknown-cluster": (
        "value of cluster must be one of: tenant, infra, got: dpu",),
    "cluster-check-bad-min-version": (
        "ovnk_dpu_min_kube_version: 'latest' is not a version; use e.g. 1.31.0",),
    "cluster-check-required-api-without-kind": (
        "missing required arguments: kind found in required_apis",),
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
    "dpu-lease-info-skew-tolerance-not-number": (
        "argument 'skew_tolerance' is of type str and we were unable to convert to float",),
    # dpu_pairing
    "dpu-pairing-illegal-node-name": (
        "pairs: host 'Host_0' is not a legal Kubernetes node name; use lowercase letters, digits, '-' and '.', "
        "starting and ending with a letter or digit, at most 63",),
    "dpu-pairing-dpu-serves-two-hosts": (
        "pairs: DPU dpu-0 is paired with host-0, host-1; a DPU serves exactly one host, keep one of them",),
    "dpu-pairing-bad-encap-ip": (
        "dpu-0: ovnk_dpu_encap_ip '172.30.0.300' is not an IPv4 address; give the DPU's tunnel address, e.g. 192.0.2.10",),
    # An AttributeError from dpu_ovs._one_dpu (ovs_settings.dpu-0 is a string, not a dict).
    "dpu-pairing-ovs-settings-not-dict": (
        "'str' object has no attribute 'get'",),
    "dpu-pairing-missing-ovs-remote": (
        "ovs_remotes: no OVSDB remote for DPU dpu-0; add one (e.g. unix:/var/run/openvswitch/db.sock) "
        "or set manage_ovs: false",),
    # dpu_representors
    "dpu-representors-count-out-of-range": (
        "count: 300 is out of range; use 1 to 256 links per pair",),
    "dpu-representors-missing-netns": (
        "pairs[0].host_netns: network namespace",
        "does not exist; start the lab (or create the namespace) or fix the name"),
    "dpu-representors-duplicate-index": (
        "pairs[1].index: 0 is also used by host-0; give each pair its own index",),
    "dpu-representors-bad-format": (
        "dpu_ifname_format: 'rep{port}' must contain {index} and no field other than {pair} and {index}",),
    "dpu-representors-pairs-as-dict": (
        "argument 'pairs' is of type dict and we were unable to convert to list",),
    # identity_webhook_cert
    "identity-webhook-cert-validity-not-longer-than-renewal": (
        "validity_days: must be longer than renew_before_days, or every run renews",),
    # install_info
    "install-info-pairs-as-list": (
        "argument 'pairs' is of type list and we were unable to convert to dict",),
    # A KeyError from str.format in the report's link names: the message is only the missing field.
    "install-info-bad-ifname-format": (
        "Module failed: 'port'",),
    # lab
    "lab-port-base-out-of-range": (
        "port_base: 65500 is out of range; pick a value between 1024 and 65335",),
    "lab-unknown-state": (
        "value of state must be one of: started, stopped, absent, got: running",),
    "lab-started-without-nodes": (
        "state is started but all of the following are missing: nodes",),
    # lab_info
    "lab-info-bad-lab-name": (
        "name: 'Bimod_Lab' is not a valid lab name; use 1-12 lowercase letters or digits, starting with a letter",),
    # lab_node
    "lab-node-unknown-node": (
        "node: 'dpu-9' is not a node of lab",
        "its nodes: dpu-0, dpu-1, host-0, host-1, worker-0"),
    "lab-node-ready-not-bool": (
        "argument 'ready' is of type str and we were unable to convert to bool: The value 'sometimes' is not a valid boolean",),
    "lab-node-missing-ready": (
        "missing required arguments: ready",),
    # lab_service (its messages name the argument `name`; the module's is `service`)
    "lab-service-illegal-name": (
        "name: 'Lease_Monitor' is not a service name (lowercase letters, digits, '.', '-'; 63 at most)",),
    "lab-service-unknown-service": (
        "name: the lab has no service 'ovnk-dpu-lease-monitr'",
        "the role that installs it writes it first"),
    "lab-service-unknown-state": (
        "value of state must be one of: started, stopped, restarted, reloaded, got: enabled",),
    # machine_config_pools
    "mcp-worker-pool-name": (
        "pools[0] (worker).name: 'worker' is the cluster's own pool; name the DPU pool otherwise "
        "(ovnk_dpu_mcp_host_pool: dpu-host, ovnk_dpu_mcp_dpu_pool: dpu)",),
    "mcp-bad-max-unavailable": (
        "pools[0] (dpu-host).max_unavailable: 'lots' is neither a positive number nor a percentage (1-100%); "
        "ovnk_dpu_mcp_max_unavailable sets it",),
    "mcp-missing-machine-config-roles": (
        "missing required arguments: machine_config_roles found in pools",),
    "mcp-unknown-node": (
        "pools: nodes not found in their cluster: dpu: dpu-9 (infra); fix the inventory's node names or join the "
        "nodes first",),
    # node_taints
    "node-taints-bad-key": (
        "nodes[0].taints[0] (host-0).key: 'dpu host!' is not a taint key (an optional DNS prefix and '/', then "
        "1-63 letters, digits, '-', '_', '.')",),
    "node-taints-unknown-effect": (
        "value of effect must be one of: NoSchedule, PreferNoSchedule, NoExecute, got: NoRun found in nodes -> taints",),
    "node-taints-unknown-node": (
        "nodes: not found in their cluster: host-9 (tenant); fix the inventory's node names",),
    "node-taints-taints-as-string": (
        "dictionary requested, could not parse JSON or key=value",),
    # ovnk_apply
    "ovnk-apply-objects-not-a-list": (
        "objects.tenant: must be a list of Kubernetes objects",),
    "ovnk-apply-unknown-key": (
        "objects: unknown key 'hosts'; use tenant, infra and both",),
    # ovnk_config
    "ovnk-config-cidr-without-prefix": (
        "ovnk_dpu_ovnk_cluster_cidr: '10.244.0.0' is not a CIDR; write it as address/prefix, e.g. 10.244.0.0/16",),
    "ovnk-config-overlapping-ranges": (
        "ovnk_dpu_ovnk_cluster_cidr (10.244.0.0/16) overlaps ovnk_dpu_ovnk_service_cidr (10.244.128.0/20)",
        "give each range its own addresses (change one of the two)"),
    "ovnk-config-lease-not-longer-than-renewal": (
        "ovnk_dpu_ovnk_lease_duration: 10 s must be longer than ovnk_dpu_ovnk_lease_renew_interval (10 s)",
        "raise the duration (upstream default 40) or lower the interval (default 10)"),
    "ovnk-config-mtu-out-of-range": (
        "ovnk_dpu_ovnk_mtu: '100' must be a whole number from 576 to 9216",),
    "ovnk-config-http-api-url": (
        "ovnk_dpu_ovnk_api_url: 'http://api.tenant.example.com:6443' is not an https URL",
        "set it to the tenant API URL the DPUs reach"),
    # ovnk_node
    "ovnk-node-log-level-out-of-range": (
        "full mode: log_level: '11' must be 0 to 10 (upstream default 4)",),
    "ovnk-node-unknown-mode": (
        "value of modes must be one or more of: full, dpu-host, dpu. Got no match for: smartnic",),
    "ovnk-node-dpu-host-without-mgmt-port": (
        "dpu-host mode: mgmt_port_netdev: dpu-host mode needs the management port; set mgmt_port_netdev "
        "(e.g. eth0-1 on the lab) or mgmt_port_resource_name (its device-plugin pool)",),
    "ovnk-node-image-skew": (
        "differ in their minor version and allowed_skew is 'patch'",
        "use matching images, or set allowed_skew to accept the difference (allowed_skew: minor)"),
    "ovnk-node-missing-infra-kubeconfig": (
        "infra_kubeconfig: needed for dpu mode; set it",),
    # Not checked by the module: the API server's dry run refuses it.
    "ovnk-node-bad-max-unavailable": (
        "the tenant cluster: apply DaemonSet ovn-kubernetes/ovnkube-node: 422",
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"lots\""),
    # preflight
    "preflight-unknown-platform": (
        "ovnk_dpu_platform: 'vsphere' is not a known platform; set it to one of lab, kind, openshift",),
    "preflight-nodes-as-list": (
        "argument 'nodes' is of type list and we were unable to convert to dict",),
    # service_files (files is no_log: the path and the mode are masked in the message)
    "service-files-bad-mode": (
        "is not an octal mode (\"0600\")",),
    "service-files-missing-content": (
        "missing required arguments: content found in files",),
    "service-files-directories-as-string": (
        "dictionary requested, could not parse JSON or key=value",),
    # sriov_config
    "sriov-unknown-model": (
        "host-0: ovnk_dpu_model 'bluefield-9' is not a known DPU model (bluefield-2, bluefield-3); set one of them "
        "or add it to ovnk_dpu_dpu_models",),
    "sriov-too-few-vfs": (
        "host-0: ovnk_dpu_sriov_num_vfs 1 leaves no workload VF (VF 0 is the management port); set 2 or more",),
    "sriov-priority-out-of-range": (
        "ovnk_dpu_sriov_priority: 150 is outside 0-99 (0 is the highest); set one in that range",),
    "sriov-bad-pci-address": (
        "host-0: ovnk_dpu_sriov_pci_address '3b:00.0' is not a PCI address (0000:3b:00.0)",),
    # upgrade_check
    "upgrade-check-unknown-skew-policy": (
        "value of allowed_skew must be one of: none, patch, minor, any, got: major",),
    "upgrade-check-negative-kube-skew": (
        "0 minor versions apart, more than ovnk_dpu_upgrade_allowed_kube_skew (-1)",),
    "upgrade-check-missing-dpu-image": (
        "missing required arguments: dpu_image",),
}
