"""A tenant API in memory, for the watchdog's logic. The lab tests run the same code against a real
API server; this one only makes the clock and the API's answers easy to arrange."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import lease as leases
from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.kube import ApiCallError


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 12, 0, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Error(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


class FakeApi:
    def __init__(self, nodes: list[str]) -> None:
        self.nodes = {n: {"metadata": {"name": n, "uid": f"uid-{n}", "resourceVersion": "1"}, "spec": {}}
                      for n in nodes}
        self.leases: dict[str, dict] = {}
        self.events: list[tuple[str, str, str]] = []
        self.down = False
        self.writes = 0

    def _check(self, verb: str) -> None:
        if self.down:
            raise ApiCallError(verb, "x", ConnectionRefusedError("connection refused"))

    def put_lease(self, host: str, renewed: datetime, holder: str = "ovnk-dpu-lease-watchdog",
                  duration: int = 4) -> None:
        self.leases[f"ovn-dpu-{host}"] = {"metadata": {"name": f"ovn-dpu-{host}", "resourceVersion": "1"},
                                          "spec": leases.renewed_spec(holder, duration, renewed)}

    def list_leases(self):
        self._check("list")
        return [dict(v) for v in self.leases.values()], "1"

    def get_lease(self, name):
        self._check("get")
        found = self.leases.get(name)
        return {"metadata": dict(found["metadata"]), "spec": dict(found["spec"])} if found else None

    def create_lease(self, body):
        self._check("create")
        if body["metadata"]["name"] in self.leases:
            raise ApiCallError("create", "x", Error(409))
        self.leases[body["metadata"]["name"]] = body
        self.writes += 1
        return body

    def replace_lease(self, body):
        self._check("update")
        self.leases[body["metadata"]["name"]] = body
        self.writes += 1
        return body

    def get_node(self, name):
        self._check("get")
        return self.nodes.get(name)

    def node_event(self, node, reason, message, warning, now):
        self._check("create")
        self.events.append((node["metadata"]["name"], reason, message))

    def set_taint(self, node, present):
        taints = node["spec"].setdefault("taints", [])
        has = any(t["key"] == "k8s.ovn.org/dpu-not-ready" for t in taints)
        if has == present:
            return False
        node["spec"]["taints"] = [{"key": "k8s.ovn.org/dpu-not-ready", "effect": "NoSchedule"}] if present else []
        return True
