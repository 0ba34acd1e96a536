# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Readiness probes for the lab's etcd and kube-apiserver."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

from ansible.module_utils.urls import open_url

try:
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    get_api_client = None


def etcd_healthy(client_port: int) -> bool:
    try:
        with open_url(f"http://127.0.0.1:{client_port}/health", timeout=2, use_proxy=False) as resp:
            return json.load(resp).get("health") == "true"
    except (OSError, ValueError):
        return False


def apiserver_ready(kubeconfig: Path) -> bool:
    """GET /readyz through kubernetes.core's client, as the lab admin."""
    try:
        # A non-2xx answer raises; the body is "ok".
        get_api_client(kubeconfig=str(kubeconfig)).client.request("get", "/readyz", _request_timeout=3)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False


def wait_until(probe: Callable[[], bool], timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(interval)
    return probe()
