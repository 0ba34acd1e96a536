# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OVN-Kubernetes cluster configuration: defaults, validation (netaddr) and the two
ConfigMaps upstream's ovn-setup.yaml creates (`ovn-config` for ovnkube.sh's environment,
`ovnkube-config` holding ovnkube.conf, where the DPU lease settings live).

Pure: no I/O. Every problem is reported at once, naming the inventory variable.
"""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import urlparse

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import HOST_NETWORK_NAMESPACE, MANAGED_BY, NAMESPACE
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import NAMESPACE_RULE, is_namespace_name

from ansible_collections.ovnk.dpu.plugins.module_utils.common.kubeconfig import kubeconfig_server
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.ovnk.version import SKEW_POLICIES, skew_problem

try:
    import netaddr
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    netaddr = None

VARIABLE_PREFIX = "ovnk_dpu_ovnk_"

# The defaults of seed 004 (daemonset.sh flags) and of ovnkube's own config.
DEFAULTS: dict[str, Any] = {
    "cluster_cidr": "10.244.0.0/16",
    "host_subnet_length": 24,
    "service_cidr": "10.96.0.0/16",
    "join_subnet": "100.64.0.0/16",
    "masquerade_subnet": "169.254.0.0/17",
    "transit_subnet": "100.88.0.0/16",
    "node_networks": [],
    "mtu": 1400,
    "interconnect": True,
    "gateway_mode": "shared",
    "lease_renew_interval": 10,
    "lease_duration": 40,
    "namespace": NAMESPACE,
    "host_network_namespace": HOST_NETWORK_NAMESPACE,
}

# The address ranges that must not overlap one another, in the order they are reported.
RANGES = ("cluster_cidr", "service_cidr", "join_subnet", "masquerade_subnet", "transit_subnet")
GATEWAY_MODES = ("shared", "local")
MTU_RANGE = (576, 9216)


def _var(key: str, prefix: str) -> str:
    return f"{prefix}{key}"


def _network(value: Any, variable: str, problems: list[str]) -> Any:
    """An IPv4 network in CIDR notation with no host bits, or None (with the problem noted)."""
    text = str(value or "")
    try:
        if not text.rpartition("/")[2].isdigit():
            raise netaddr.AddrFormatError("no prefix length")
        net = netaddr.IPNetwork(text)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        problems.append(f"{variable}: '{text}' is not a CIDR; write it as address/prefix, e.g. 10.244.0.0/16")
        return None
    if net.version != 4:
        problems.append(f"{variable}: {text} is IPv6; this collection deploys IPv4 single-stack, use an IPv4 CIDR")
        return None
    if net.ip != net.network:
        problems.append(f"{variable}: {text} has host bits set; use the network address {net.cidr}")
        return None
    return net


def _integer(config: dict, key: str, prefix: str, low: int, high: int, problems: list[str]) -> int | None:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(f"{_var(key, prefix)}: '{value}' must be a whole number from {low} to {high}")
        return None
    return value


def _overlaps(named: list[tuple[str, Any]]) -> list[str]:
    problems = []
    for i, (name_a, net_a) in enumerate(named):
        for name_b, net_b in named[i + 1:]:
            if net_a.first <= net_b.last and net_b.first <= net_a.last:
                problems.append(f"{name_a} ({net_a}) overlaps {name_b} ({net_b}); "
                                f"give each range its own addresses (change one of the two)")
    return problems


def _lease_problems(config: dict, prefix: str) -> list[str]:
    problems: list[str] = []
    renew = _integer(config, "lease_renew_interval", prefix, 0, 3600, problems)
    duration = _integer(config, "lease_duration", prefix, 1, 86400, problems)
    if renew is not None and duration is not None and duration <= renew:
        problems.append(f"{_var('lease_duration', prefix)}: {duration} s must be longer than "
                        f"{_var('lease_renew_interval', prefix)} ({renew} s), or the DPU lease expires between "
                        f"renewals; raise the duration (upstream default 40) or lower the interval (default 10)")
    return problems


def validate(config: dict, prefix: str = VARIABLE_PREFIX) -> list[str]:
    """Every problem of an OVN-K configuration (DEFAULTS' keys), each naming the variable."""
    problems: list[str] = []
    named = [(_var(key, prefix), _network(config.get(key), _var(key, prefix), problems)) for key in RANGES]
    node_networks = config.get("node_networks") or []
    if not isinstance(node_networks, list):
        problems.append(f"{_var('node_networks', prefix)}: must be a list of CIDRs, e.g. [192.168.10.0/24]")
        node_networks = []
    for i, value in enumerate(node_networks):
        variable = f"{_var('node_networks', prefix)}[{i}]"
        named.append((variable, _network(value, variable, problems)))
    problems += _overlaps([(name, net) for name, net in named if net is not None])

    cluster = named[0][1]
    length = _integer(config, "host_subnet_length", prefix, 1, 30, problems)
    if cluster is not None and length is not None and length <= cluster.prefixlen:
        problems.append(f"{_var('host_subnet_length', prefix)}: /{length} must be longer than the cluster CIDR's "
                        f"/{cluster.prefixlen} so each node gets a slice of {cluster}; e.g. 24")
    _integer(config, "mtu", prefix, *MTU_RANGE, problems)
    problems += _lease_problems(config, prefix)
    if config.get("gateway_mode") not in GATEWAY_MODES:
        problems.append(f"{_var('gateway_mode', prefix)}: '{config.get('gateway_mode')}' is not a gateway mode; "
                        f"use {' or '.join(GATEWAY_MODES)}")
    for key in ("namespace", "host_network_namespace"):
        if not is_namespace_name(str(config.get(key) or "")):
            problems.append(f"{_var(key, prefix)}: '{config.get(key)}' is not a namespace name; "
                            f"use {NAMESPACE_RULE}")
    return problems


def api_url_problem(url: str, variable: str = f"{VARIABLE_PREFIX}api_url") -> Optional[str]:
    """The tenant API URL the DPUs (and ovn-config) use must be https://host[:port]."""
    parsed = urlparse(url or "")
    if parsed.scheme != "https" or not parsed.hostname:
        return (f"{variable}: '{url}' is not an https URL; set it to the tenant API URL the DPUs reach, "
                "e.g. https://api.tenant.example.com:6443")
    return None


def with_defaults(config: dict) -> dict:
    """DEFAULTS overlaid with the keys of config that are set (None means default)."""
    return {**DEFAULTS, **{k: v for k, v in config.items() if k in DEFAULTS and v is not None}}


def net_cidr(config: dict) -> str:
    """ovnkube's cluster-subnets form: CIDR/host-subnet-length, e.g. 10.244.0.0/16/24."""
    return f"{config['cluster_cidr']}/{config['host_subnet_length']}"


def ovnkube_conf(config: dict) -> str:
    """ovnkube.conf (gcfg ini): read by every ovnkube process through --config-file. The DPU
    lease settings have no environment variable upstream; this file is where they go."""
    sections = {
        "default": {"mtu": config["mtu"], "cluster-subnets": net_cidr(config)},
        "kubernetes": {"service-cidrs": config["service_cidr"], "ovn-config-namespace": config["namespace"]},
        "ovnkubernetesfeature": {"enable-interconnect": str(bool(config["interconnect"])).lower()},
        "gateway": {"mode": config["gateway_mode"], "v4-join-subnet": config["join_subnet"],
                    "v4-masquerade-subnet": config["masquerade_subnet"]},
        "clustermanager": {"v4-transit-subnet": config["transit_subnet"]},
        "ovnkubenode": {"dpu-node-lease-renew-interval": config["lease_renew_interval"],
                        "dpu-node-lease-duration": config["lease_duration"]},
    }
    blocks = ["[{0}]\n{1}\n".format(name, "".join(f"{k} = {v}\n" for k, v in keys.items()).rstrip("\n"))
              for name, keys in sections.items()]
    return "\n".join(blocks)


def ovn_config_data(config: dict, api_url: str) -> dict[str, str]:
    """ConfigMap `ovn-config`: the environment ovnkube.sh reads (configMapKeyRef)."""
    return {
        "net_cidr": net_cidr(config),
        "svc_cidr": config["service_cidr"],
        "k8s_apiserver": api_url,
        "mtu": str(config["mtu"]),
        "host_network_namespace": config["host_network_namespace"],
    }


def config_maps(config: dict, api_url: str) -> list[dict]:
    """The two ConfigMaps, ready for server-side apply."""
    meta = {"namespace": config["namespace"], "labels": MANAGED_BY}
    return [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ovn-config", **meta},
         "data": ovn_config_data(config, api_url)},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ovnkube-config", **meta},
         "data": {"ovnkube.conf": ovnkube_conf(config)}},
    ]


# The ovnk_config module's (and action's) arguments: the settings above plus where they come from.
_OPTION_TYPES = {"host_subnet_length": "int", "mtu": "int", "lease_renew_interval": "int", "lease_duration": "int"}
ARGUMENT_SPEC: dict[str, dict] = {
    **{key: {"type": _OPTION_TYPES.get(key, "str"), "default": value}
       for key, value in DEFAULTS.items() if key not in ("node_networks", "interconnect")},
    "node_networks": {"type": "list", "elements": "str", "default": []},
    "api_url": {"type": "str", "default": ""},
    "tenant_kubeconfig": {"type": "path"},
    "require_api_url": {"type": "bool", "default": True},
    "image": {"type": "str"},
    "dpu_image": {"type": "str"},
    "allowed_skew": {"type": "str", "choices": list(SKEW_POLICIES), "default": "patch"},
    "variable_prefix": {"type": "str", "default": VARIABLE_PREFIX},
}


def problems_and_api_url(params: dict) -> tuple[list[str], dict, str]:
    """Every problem of the settings (ranges, MTU, lease, image skew, API URL), the settings with
    defaults, and the tenant API URL (given, or the tenant kubeconfig's server)."""
    prefix = params["variable_prefix"]
    config = with_defaults(params)
    problems = validate(config, prefix)
    if params.get("image") and params.get("dpu_image"):
        skew = skew_problem(params["image"], params["dpu_image"], params["allowed_skew"],
                            (f"{prefix}image", f"{prefix}dpu_image", f"{prefix}allowed_skew"))
        problems += [skew] if skew else []
    api_url = params.get("api_url") or kubeconfig_server(params.get("tenant_kubeconfig"))
    if api_url or params["require_api_url"]:
        url_problem = api_url_problem(api_url, f"{prefix}api_url")
        problems += [url_problem] if url_problem else []
    return problems, config, api_url


def evaluate(params: dict) -> dict:
    """The ovnk_config result: validated settings and the rendered ConfigMaps; InputError otherwise."""
    problems, config, api_url = problems_and_api_url(params)
    if problems:
        raise InputError(problems, "invalid OVN-Kubernetes settings: ")
    return {"changed": False, "config": config, "net_cidr": net_cidr(config), "api_url": api_url,
            "config_maps": config_maps(config, api_url)}
