# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the lease watchdog runs where, from the resolved inventory (roles/topology): one monitor for the
fleet, a renewer per paired DPU where nothing else renews, and each machine's files (the program, each
service's configuration, kubeconfig and unit). Pure; the lease_watchdog role installs the files with
ovnk.dpu.service_files. Not part of the service's program (it imports nothing of Ansible, neither does this)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

try:
    import yaml
except ImportError:  # pragma: no cover - the controller runs Ansible, which brings PyYAML
    yaml = None

MONITOR = "ovnk-dpu-lease-monitor"
RENEWER_PREFIX = "ovnk-dpu-lease-renew-"
SERVICE_MODULE = "ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.service"
PROGRAM_DIR = "lib/ansible_collections/ovnk/dpu/plugins/module_utils"
UNIT_DIR = "/etc/systemd/system"
# This collection's module_utils, where the program's files are read from on the controller.
MODULE_UTILS = Path(__file__).resolve().parents[1]


def renewer_name(dpu: str) -> str:
    return RENEWER_PREFIX + dpu


def services(topology: dict[str, Any]) -> list[dict[str, Any]]:
    """The renewers first (so the monitor's first look finds their Leases), then the monitor."""
    values = topology["settings"]
    renewers = [_renewer(topology, pair) for pair in topology["pairs"]] if values["ovnk_dpu_lease_watchdog_renew"] else []
    _ports_apart(renewers)
    monitor_host = values["ovnk_dpu_lease_monitor_host"]
    monitor_node = topology["nodes"].get(monitor_host)
    return [{**service, "restart_sec": values["ovnk_dpu_lease_watchdog_restart_sec"]} for service in renewers + [{
        "name": MONITOR, "host": monitor_host, "machine": monitor_node["machine"] if monitor_node else monitor_host,
        "mode": "monitor", "hosts": topology["groups"]["dpu_hosts"], "credential": "monitor", "checks": {},
        "metrics_port": int(values["ovnk_dpu_lease_monitor_metrics_port"]),
    }]]


def _renewer(topology: dict[str, Any], pair: dict[str, Any]) -> dict[str, Any]:
    """A DPU's renewer: renews its host's Lease while the DPU's first representors and its OVS are there."""
    dpu = topology["nodes"].get(pair["dpu"], {})
    checked = int(topology["settings"]["ovnk_dpu_lease_watchdog_checked_representors"])
    checks: dict[str, Any] = {"representors": pair["dpu_representors"][:checked]}
    if pair["ovs_remote"]:
        checks["ovs_db"] = pair["ovs_remote"]
    if pair["dpu_netns"]:
        checks["netns"] = pair["dpu_netns"]
    return {"name": renewer_name(pair["dpu"]), "host": pair["dpu"], "machine": pair["dpu_machine"], "mode": "renew",
            "hosts": [pair["host"]], "credential": "dpu", "checks": checks, "index": pair["index"],
            "metrics_port": int(dpu.get("settings", {}).get("ovnk_dpu_lease_renew_metrics_port")
                                or topology["settings"]["ovnk_dpu_lease_renew_metrics_port"])}


def _ports_apart(renewers: list[dict[str, Any]]) -> None:
    """Renewers that share a machine (the lab's, DPUs simulated on one box) listen each on its port plus its
    pair's index; a DPU of its own keeps its port."""
    per_machine: dict[str, int] = {}
    for renewer in renewers:
        per_machine[renewer["machine"]] = per_machine.get(renewer["machine"], 0) + 1
    for renewer in renewers:
        if per_machine[renewer["machine"]] > 1:
            renewer["metrics_port"] += renewer["index"]


def machines(service_list: list[dict[str, Any]]) -> list[str]:
    return sorted({service["machine"] for service in service_list})


def directories(options: dict[str, Any]) -> list[dict[str, str]]:
    """The program's packages (0755) and the configuration directory (0700: kubeconfigs live there)."""
    packages = sorted({path.split("/")[0] for path in options["program"]})
    return ([{"path": f"{options['prefix']}/{PROGRAM_DIR}/{package}", "mode": "0755"} for package in packages]
            + [{"path": options["config_dir"], "mode": "0700"}])


def files(service_list: list[dict[str, Any]], credentials: dict[str, dict[str, str]],
          options: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """By machine: the program, then each of its services' configuration, kubeconfig (a secret) and unit,
    each labelled with what it belongs to. options: prefix, config_dir, python, service_manager, namespace,
    renew_interval, lease_duration, metrics_address, taint, program (paths under module_utils)."""
    program = [{"label": "program", "mode": "0644", "path": f"{options['prefix']}/{PROGRAM_DIR}/{path}",
                "content": (MODULE_UTILS / path).read_text(encoding="utf-8")} for path in sorted(options["program"])]
    by_machine = {machine: list(program) for machine in machines(service_list)}
    for service in service_list:
        by_machine[service["machine"]] += service_files(service, credentials[service["credential"]], options)
    return by_machine


def service_files(service: dict[str, Any], credential: dict[str, str], options: dict[str, Any]) -> list[dict]:
    base = f"{options['config_dir']}/{service['name']}"
    config = {"mode": service["mode"], "kubeconfig": f"{base}.kubeconfig", "namespace": options["namespace"],
              "hosts": service["hosts"], "renew_interval": int(options["renew_interval"]),
              "lease_duration": int(options["lease_duration"]), "metrics_address": options["metrics_address"],
              "metrics_port": service["metrics_port"], "taint": bool(options["taint"]) and service["mode"] == "monitor",
              "checks": service["checks"]}
    made = [{"label": service["name"], "mode": "0600", "path": f"{base}.yaml",
             "content": _yaml(config)},
            {"label": service["name"], "mode": "0600", "path": f"{base}.kubeconfig",
             "content": kubeconfig(service["name"], credential)}]
    if options["service_manager"] == "lab":
        argv = [options["python"], "-m", SERVICE_MODULE, "--config", f"{base}.yaml"]
        made.append({"label": service["name"], "mode": "0600", "path": f"{base}.json",
                     "content": json.dumps({"argv": argv, "env": {"PYTHONPATH": f"{options['prefix']}/lib"}},
                                           indent=4) + "\n"})
    else:
        made.append({"label": service["name"], "mode": "0644", "path": f"{options.get('unit_dir', UNIT_DIR)}/{service['name']}.service",
                     "content": systemd_unit(service, options)})
    return made


def _yaml(data: Any) -> str:
    """YAML of plain data (a JSON round trip drops the tags Ansible's strings carry)."""
    return yaml.safe_dump(json.loads(json.dumps(data)), sort_keys=False, default_flow_style=False)


def kubeconfig(user: str, credential: dict[str, str]) -> str:
    """A token kubeconfig for one service: written 0600, never shown (service_files is no_log)."""
    return _yaml({
        "apiVersion": "v1", "kind": "Config",
        "clusters": [{"name": "tenant", "cluster": {"server": credential["server"],
                                                    "certificate-authority-data": credential["ca"]}}],
        "users": [{"name": user, "user": {"token": credential["token"]}}],
        "contexts": [{"name": "tenant", "context": {"cluster": "tenant", "user": user}}],
        "current-context": "tenant"})


def systemd_unit(service: dict[str, Any], options: dict[str, Any]) -> str:
    after = "network-online.target" + (" openvswitch-switch.service" if service["mode"] == "renew" else "")
    return f"""# Managed by ovnk.dpu (roles/lease_watchdog): changes made here are overwritten.
# ovnk.dpu lease watchdog: {service['mode']} ({', '.join(service['hosts'])})
[Unit]
Description=ovnk.dpu DPU health Lease watchdog ({service['mode']})
Documentation=https://github.com/ovnk-dpu/ovnk.dpu/blob/main/docs/lease-watchdog.md
Wants=network-online.target
After={after}

[Service]
Type=simple
Environment=PYTHONPATH={options['prefix']}/lib
ExecStart={options['python']} -m {SERVICE_MODULE} --config {options['config_dir']}/{service['name']}.yaml
ExecReload=/bin/kill -HUP $MAINPID
Restart=on-failure
RestartSec={service['restart_sec']}
# 2: a bad configuration, 78: OVN-K's own updater renews this Lease; starting again changes nothing.
RestartPreventExitStatus=2 78
NoNewPrivileges=yes
ProtectSystem=full
ProtectHome=yes
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
"""


def changed_services(service_list: list[dict[str, Any]], machine_files: dict[str, list[dict]],
                     installed: list[dict[str, Any]]) -> list[str]:
    """The services to start again: those whose files changed on their machine, all of a machine whose
    program changed. installed: service_files' results, each with its machine and changed_indexes."""
    changed: set[str] = set()
    for result in installed:
        machine = result.get("machine")
        labels = {machine_files[machine][i]["label"] for i in result.get("changed_indexes") or []}
        changed |= {s["name"] for s in service_list
                    if s["machine"] == machine and (s["name"] in labels or "program" in labels)}
    return sorted(changed)
