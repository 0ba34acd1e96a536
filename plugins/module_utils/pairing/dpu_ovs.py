# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a paired DPU's Open vSwitch must say for OVN-K in dpu mode (external_ids), and whether the
inventory's settings for it are sound. Pure.

ovnkube.sh in dpu mode exits when no tunnel address is set (external_ids:ovn-encap-ip), takes the
host it serves from host-k8s-nodename, and reads its gateway from ovn-gw-interface and
ovn-gw-nexthop (upstream's launching-ovn-kubernetes-with-dpu.md)."""

from __future__ import annotations

import ipaddress

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import OVS_HOST_KEY
from ansible_collections.ovnk.dpu.plugins.module_utils.common.names import IFNAME_RULE, is_interface_name

# Inventory setting (per DPU) -> OVS external_ids key.
SETTING_KEYS = {"encap_ip": "ovn-encap-ip", "gateway_interface": "ovn-gw-interface", "gateway_nexthop": "ovn-gw-nexthop"}
# Inventory variable of each setting, on the DPU's host entry, for messages.
SETTING_VARIABLES = {"encap_ip": "ovnk_dpu_encap_ip", "gateway_interface": "ovnk_dpu_gateway_interface",
                     "gateway_nexthop": "ovnk_dpu_gateway_nexthop"}
ENCAP_TYPE = {"ovn-encap-type": "geneve"}
MANAGED_KEYS = (OVS_HOST_KEY, *ENCAP_TYPE, *SETTING_KEYS.values())


def wanted_ids(host: str, settings: dict[str, str]) -> dict[str, str]:
    """The external_ids a DPU serving host carries (the settings given; encap type with a tunnel address)."""
    ids = {OVS_HOST_KEY: host}
    ids.update({SETTING_KEYS[k]: str(v) for k, v in settings.items() if k in SETTING_KEYS and v})
    if "ovn-encap-ip" in ids:
        ids.update(ENCAP_TYPE)
    return ids


def _ipv4(value: str) -> ipaddress.IPv4Address | None:
    try:
        address = ipaddress.ip_address(str(value))
    except ValueError:
        return None
    return address if address.version == 4 else None


def _one_dpu(dpu: str, settings: dict, required: bool) -> list[str]:
    where = f"{dpu}: "
    if not isinstance(settings, dict):
        return [f"{where}its OVS settings are {type(settings).__name__}, not a mapping; give "
                f"{{{', '.join(SETTING_KEYS)}}}"]
    problems = [f"{where}unknown OVS setting {k}; use {', '.join(SETTING_KEYS)}" for k in settings if k not in SETTING_KEYS]
    encap = settings.get("encap_ip")
    if not encap:
        if required:
            problems.append(f"{where}{SETTING_VARIABLES['encap_ip']} is not set; OVN-K in dpu mode needs the DPU's tunnel "
                            "(VTEP) address in external_ids:ovn-encap-ip, set it to the DPU's address on the fabric")
    elif _ipv4(encap) is None:
        problems.append(f"{where}{SETTING_VARIABLES['encap_ip']} '{encap}' is not an IPv4 address; "
                        "give the DPU's tunnel address, e.g. 192.0.2.10")
    nexthop = settings.get("gateway_nexthop")
    if nexthop and _ipv4(nexthop) is None:
        problems.append(f"{where}{SETTING_VARIABLES['gateway_nexthop']} '{nexthop}' is not an IPv4 address; "
                        "give the gateway's address on the DPU's uplink")
    elif nexthop and encap and str(nexthop) == str(encap):
        problems.append(f"{where}{SETTING_VARIABLES['gateway_nexthop']} is the DPU's own tunnel address {encap}; "
                        "give the next hop (the uplink's gateway)")
    interface = settings.get("gateway_interface")
    if interface and not is_interface_name(str(interface)):
        problems.append(f"{where}{SETTING_VARIABLES['gateway_interface']} '{interface}' is not a Linux interface "
                        f"name ({IFNAME_RULE}); name the DPU's uplink (bridge or port)")
    return problems


def settings_problems(pair_map: dict[str, str], settings: dict[str, dict], required: bool) -> list[str]:
    """Every paired DPU's OVS settings: a tunnel address (when required), valid addresses and names,
    no two DPUs with one tunnel address."""
    problems = [f"{dpu}: OVS settings for a DPU no host is paired with; pair it or drop its settings"
                for dpu in sorted(set(settings) - set(pair_map.values()))]
    owners: dict[str, str] = {}
    for dpu in sorted(set(pair_map.values())):
        given = settings.get(dpu) or {}
        problems += _one_dpu(dpu, given, required)
        if not isinstance(given, dict):
            continue
        encap = str(given.get("encap_ip") or "")
        if encap and encap in owners:
            problems.append(f"{dpu}: {SETTING_VARIABLES['encap_ip']} {encap} is also {owners[encap]}'s; "
                            "each DPU needs a tunnel address of its own")
        if encap:
            owners.setdefault(encap, dpu)
    return problems
