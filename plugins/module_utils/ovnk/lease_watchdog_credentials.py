# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lease_watchdog_credentials module's work: the monitor's token (its ServiceAccount's token Secret on the
tenant cluster, waited for until the token controller fills it) and the DPU side's tenant credential (the infra
cluster's Secret that ovnk.dpu.dpu_credentials hands over), each as {server, ca, token} for a kubeconfig.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import Applier, object_name

# The module's wiring (plugins/modules/lease_watchdog_credentials.py runs run_entry on this file).
ARGUMENT_SPEC = {
    "tenant_kubeconfig": {"type": "path", "required": True},
    "infra_kubeconfig": {"type": "path", "required": True},
    "namespace": {"type": "str", "default": "ovn-kubernetes"},
    "monitor_secret": {"type": "str", "required": True, "no_log": False},
    "dpu_secret": {"type": "str", "no_log": False},
    "api_url": {"type": "str"},
    "token_timeout": {"type": "int", "default": 30},
}
KUBE = True
EMPTY = {"server": "", "ca": "", "token": ""}


def decoded(data: dict[str, str], key: str) -> str:
    return base64.b64decode(data.get(key) or "").decode()


def monitor_credential(tenant: Applier, namespace: str, secret: str, timeout: int, check_mode: bool) -> dict:
    """The monitor's token Secret, once the token controller filled it (in check mode, as it is now)."""
    deadline = time.monotonic() + timeout
    while True:
        data = (tenant.get("Secret", "v1", secret, namespace) or {}).get("data") or {}
        if data.get("token") or check_mode:
            return {"ca": data.get("ca.crt", ""), "token": decoded(data, "token")}
        if time.monotonic() >= deadline:
            raise OperationError(f"the tenant cluster: {object_name('Secret', secret, namespace)} has no token after "
                                 f"{timeout} s; check that the ServiceAccount exists and the token controller runs")
        time.sleep(1)


def dpu_credential(infra: Applier, namespace: str, secret: str, check_mode: bool) -> dict:
    """The tenant credential handed over on the infra cluster; missing is an error except in check mode (a first
    check-mode run, before the OVN-K stage made it)."""
    found = infra.get("Secret", "v1", secret, namespace)
    if found is None and not check_mode:
        raise OperationError(f"the infra cluster: {object_name('Secret', secret, namespace)} does not exist, so the "
                             "renewers have no tenant credential; run the OVN-K stage first "
                             "(ansible-playbook playbooks/ovnk.yml), which hands it over")
    data = (found or {}).get("data") or {}
    return {"server": decoded(data, "apiserver"), "ca": data.get("ca.crt", ""), "token": decoded(data, "token")}


def run(module: Any) -> dict[str, Any]:
    params = module.params
    tenant = Applier(module, params["tenant_kubeconfig"], cluster="tenant")
    monitor = monitor_credential(tenant, params["namespace"], params["monitor_secret"], params["token_timeout"],
                                 module.check_mode)
    credentials = {"monitor": {"server": params["api_url"] or tenant.client.configuration.host, **monitor},
                   "dpu": dict(EMPTY)}
    if params["dpu_secret"]:
        infra = Applier(module, params["infra_kubeconfig"], cluster="infra")
        credentials["dpu"] = dpu_credential(infra, params["namespace"], params["dpu_secret"], module.check_mode)
    return {"changed": False, "credentials": credentials}
