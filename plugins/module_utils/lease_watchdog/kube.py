# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The watchdog's calls to the tenant API server, through the kubernetes client (the library
kubernetes.core drives; the service imports no Ansible). Objects go in and out as the API's own
dicts; a failed call raises ApiCallError naming the cluster, verb and object."""

from __future__ import annotations

import inspect
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

try:
    import urllib3
    from kubernetes import client, config, watch
    from kubernetes.client.exceptions import ApiException
except ImportError:  # pragma: no cover - service.main names the missing library
    urllib3 = client = config = watch = None
    ApiException = OSError

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import DPU_NOT_READY_TAINT
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.lease import format_time

EVENT_SOURCE = "ovnk-dpu-lease-watchdog"


class ApiCallError(RuntimeError):
    def __init__(self, verb: str, what: str, error: Exception) -> None:
        self.verb, self.status = verb, getattr(error, "status", None)
        detail = f"HTTP {self.status} {getattr(error, 'reason', '')}".strip() if self.status else str(error)
        super().__init__(f"tenant cluster: {verb} {what}: {detail}")

    @property
    def not_found(self) -> bool:
        return self.status == 404

    @property
    def conflict(self) -> bool:
        return self.status == 409

    @property
    def gone(self) -> bool:
        return self.status == 410


# Clients from 31 on hand watch events over as plain dicts when asked (deserialize=False): at a
# thousand Leases, building client objects for each event is most of the monitor's CPU.
RAW_WATCH = watch is not None and "deserialize" in inspect.getsource(watch.Watch.stream)

# What a call raises when the API server is away or refuses: the watchdog backs off and goes on.
TRANSPORT_ERRORS = (ApiException, urllib3.exceptions.HTTPError, OSError) if urllib3 else (OSError,)


class TenantApi:
    def __init__(self, kubeconfig: Path, namespace: str, timeout: float,
                 on_request: Callable[[str], None] = lambda _verb: None) -> None:
        self.namespace, self.timeout, self.on_request = namespace, timeout, on_request
        self.api_client = config.new_client_from_config(str(kubeconfig))
        self.core = client.CoreV1Api(self.api_client)
        self.coordination = client.CoordinationV1Api(self.api_client)

    def _dict(self, obj: Any) -> dict[str, Any]:
        return self.api_client.sanitize_for_serialization(obj)

    def _call(self, verb: str, what: str, fn, *args, **kwargs):
        self.on_request(verb)
        try:
            return fn(*args, _request_timeout=self.timeout, **kwargs)
        except TRANSPORT_ERRORS as e:
            raise ApiCallError(verb, what, e) from None

    def _lease_what(self, name: str = "") -> str:
        return f"Lease {self.namespace}/{name}" if name else f"Leases in {self.namespace}"

    # ---------------------------------------------------------------- leases
    def list_leases(self) -> tuple[list[dict[str, Any]], str]:
        # The raw JSON: a thousand Leases are read without building and unbuilding client objects.
        answer = self._call("list", self._lease_what(), self.coordination.list_namespaced_lease, self.namespace,
                            _preload_content=False)
        found = json.loads(answer.data)
        return found.get("items") or [], found["metadata"]["resourceVersion"]

    def watch_leases(self, resource_version: str, timeout_seconds: int) -> Iterator[tuple[str, dict[str, Any]]]:
        """(type, lease) events from resource_version on; ends after timeout_seconds (the server
        closes the watch), raises ApiCallError (gone: 410, list again) when it cannot go on."""
        stream = watch.Watch()
        self.on_request("watch")
        raw = {"deserialize": False} if RAW_WATCH else {}
        try:
            for event in stream.stream(self.coordination.list_namespaced_lease, self.namespace,
                                       resource_version=resource_version, timeout_seconds=timeout_seconds,
                                       allow_watch_bookmarks=True, _request_timeout=(self.timeout, timeout_seconds + 5),
                                       **raw):
                if event["type"] == "ERROR":
                    status = event["raw_object"] or {}
                    raise ApiCallError("watch", self._lease_what(),
                                       ApiException(status=status.get("code"), reason=status.get("message")))
                obj = event["object"]
                yield event["type"], obj if isinstance(obj, dict) else self._dict(obj)
        except TRANSPORT_ERRORS as e:
            raise ApiCallError("watch", self._lease_what(), e) from None
        finally:
            stream.stop()

    def get_lease(self, name: str) -> dict[str, Any] | None:
        try:
            return self._dict(self._call("get", self._lease_what(name), self.coordination.read_namespaced_lease,
                                         name, self.namespace))
        except ApiCallError as e:
            if e.not_found:
                return None
            raise

    def create_lease(self, body: dict[str, Any]) -> dict[str, Any]:
        name = body["metadata"]["name"]
        return self._dict(self._call("create", self._lease_what(name), self.coordination.create_namespaced_lease,
                                     self.namespace, body))

    def replace_lease(self, body: dict[str, Any]) -> dict[str, Any]:
        """Write the whole Lease back; its resourceVersion makes a concurrent change a conflict."""
        name = body["metadata"]["name"]
        return self._dict(self._call("update", self._lease_what(name), self.coordination.replace_namespaced_lease,
                                     name, self.namespace, body))

    # ---------------------------------------------------------------- nodes
    def get_node(self, name: str) -> dict[str, Any] | None:
        try:
            return self._dict(self._call("get", f"Node {name}", self.core.read_node, name))
        except ApiCallError as e:
            if e.not_found:
                return None
            raise

    def set_taint(self, node: dict[str, Any], present: bool) -> bool:
        """Add or remove the watchdog's taint on a Node (a JSON merge patch of spec.taints with the
        Node's resourceVersion, so a concurrent taint change is a conflict, not lost)."""
        taints = (node.get("spec") or {}).get("taints") or []
        ours = [t for t in taints if t.get("key") == DPU_NOT_READY_TAINT["key"]]
        if bool(ours) == present:
            return False
        kept = [t for t in taints if t.get("key") != DPU_NOT_READY_TAINT["key"]]
        patch = {"metadata": {"resourceVersion": node["metadata"]["resourceVersion"]},
                 "spec": {"taints": kept + ([dict(DPU_NOT_READY_TAINT)] if present else [])}}
        name = node["metadata"]["name"]
        self._call("patch", f"Node {name}", self.core.patch_node, name, patch)
        return True

    def node_event(self, node: dict[str, Any], reason: str, message: str, warning: bool, now: datetime) -> None:
        """A core/v1 Event on the host's Node (kubectl describe node shows it)."""
        meta = node["metadata"]
        name = meta["name"]
        stamp = format_time(now)
        body = {
            "metadata": {"generateName": f"{name}.", "namespace": "default"},
            "involvedObject": {"apiVersion": "v1", "kind": "Node", "name": name, "uid": meta.get("uid")},
            "reason": reason, "message": message, "type": "Warning" if warning else "Normal",
            "source": {"component": EVENT_SOURCE}, "reportingComponent": EVENT_SOURCE,
            "reportingInstance": EVENT_SOURCE, "firstTimestamp": stamp, "lastTimestamp": stamp,
            "eventTime": None, "count": 1,
        }
        self._call("create", f"Event on Node {name}", self.core.create_namespaced_event, "default", body)
