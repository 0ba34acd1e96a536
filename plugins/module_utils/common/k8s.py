# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubernetes through kubernetes.core's own machinery (client, K8sService, perform_action: check
mode as a server dry run, diff, waiter) for modules that render their objects in Python, and
the API errors a module reports in one line."""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Iterator

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import FIELD_MANAGER
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import OperationError

try:  # kubernetes.core's connection options, for modules that take one cluster (no Python dependency)
    from ansible_collections.kubernetes.core.plugins.module_utils.args_common import AUTH_ARG_SPEC  # noqa: F401  # pylint: disable=unused-import
except ImportError:  # pragma: no cover - run_module reports a missing kubernetes.core
    AUTH_ARG_SPEC = {}

# AUTH_ARG_SPEC and AnsibleK8SModule are re-exported for the modules (run_module).
try:  # kubernetes.core's machinery; it reports a missing kubernetes Python library itself
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.core import AnsibleK8SModule  # noqa: F401  # pylint: disable=unused-import
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.exceptions import CoreException
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.runner import perform_action
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.service import K8sService
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.waiter import get_waiter
except ImportError:  # pragma: no cover - run_module reports a missing kubernetes.core
    get_api_client = perform_action = K8sService = get_waiter = AnsibleK8SModule = None

    class CoreException(Exception):  # type: ignore[no-redef]
        """Stand-in: nothing raises it without kubernetes.core."""

try:
    from kubernetes.client.exceptions import ApiException  # the dynamic client's DynamicApiError is one
    from urllib3.exceptions import HTTPError
except ImportError:  # pragma: no cover - kubernetes.core's module class reports the missing library
    ApiException = HTTPError = OSError

# What a call to an API server can raise besides a bug: refused, unreachable, not answering.
# (kubernetes.core's own CoreException goes to its failure reporting: module_run.exit_with.)
API_ERRORS = (ApiException, HTTPError, OSError)


def describe_api_error(error: Exception) -> str:
    """One line for an API error (or kubernetes.core's error wrapping one): its status and the API
    server's own message, or its first line."""
    cause = error.__cause__ if isinstance(error, CoreException) and error.__cause__ is not None else error
    status = getattr(cause, "status", None)
    text = _server_message(cause) or str(getattr(cause, "reason", None) or cause).splitlines()[0]
    return f"{status} {text}" if status else text


def _server_message(error: Exception) -> str:
    try:
        return str(json.loads(getattr(error, "body", None) or "")["message"])
    except (ValueError, TypeError, KeyError):
        return ""


def object_name(kind: str, name: str, namespace: str | None = None) -> str:
    return f"{kind} {namespace}/{name}" if namespace else f"{kind} {name}"


class Applier:
    """One cluster, reached with the module's kubernetes.core auth options (or a kubeconfig). Every
    failed call raises OperationError naming the cluster, the verb and the object."""

    def __init__(self, module: Any, kubeconfig: str | None = None, cluster: str = "") -> None:
        self.module = module
        self.where = f"the {cluster} cluster" if cluster else "the cluster"
        self.client = get_api_client(module=module, **({"kubeconfig": kubeconfig} if kubeconfig else {}))
        self.service = K8sService(self.client, module)
        self._namespaces: dict[str, bool] = {}

    @contextmanager
    def calling(self, verb: str, what: str) -> Iterator[None]:
        """Turn a failed API call (kubernetes.core's or the client's) into one line naming where it failed."""
        try:
            yield
        except (CoreException, *API_ERRORS) as e:  # pylint: disable=catching-non-exception
            raise OperationError(f"{self.where}: {verb} {what}: {describe_api_error(e)}") from None

    def namespace_exists(self, name: str) -> bool:
        if name not in self._namespaces:
            self._namespaces[name] = self.get("Namespace", "v1", name) is not None
        return self._namespaces[name]

    def apply(self, definition: dict, field_manager: str = FIELD_MANAGER, force_conflicts: bool = False,
              wait: bool = False) -> dict:
        """Server-side apply; in check mode a server dry run. Returns perform_action's result
        (changed, result, diff when the module runs with --diff)."""
        meta = definition["metadata"]
        namespace = meta.get("namespace")
        if self.module.check_mode and namespace and not self.namespace_exists(namespace):
            # A first check-mode run: the API server cannot dry-run into a namespace that a
            # real run would create first.
            return {"changed": True, "method": "apply", "result": {},
                    "warnings": [f"check mode: namespace {namespace} does not exist yet; {definition['kind']} "
                                 f"{meta['name']} would be created in it"]}
        # K8sService.apply reads server_side_apply from the module's own parameters.
        self.module.params["server_side_apply"] = {"field_manager": field_manager, "force_conflicts": force_conflicts}
        with self.calling("apply", object_name(definition["kind"], meta["name"], namespace)):
            return perform_action(self.service, definition, {"apply": True, "state": "present", "wait": wait})

    def wait(self, definition: dict, timeout: int, sleep: int, present: bool = True) -> dict:
        """Wait with kubernetes.core's waiter until the object is ready (its kind's predicate) or,
        with present=False, gone; OperationError saying which, and where, if not."""
        meta = definition["metadata"]
        what = object_name(definition["kind"], meta["name"], meta.get("namespace"))
        with self.calling("wait for", what):
            resource = self.service.find_resource(definition["kind"], definition["apiVersion"], fail=True)
            waiter = get_waiter(self.client, resource, state="present" if present else "absent",
                                check_mode=self.module.check_mode)
            if self.module.check_mode:
                return definition
            ready, instance, _elapsed = waiter.wait(timeout, sleep, meta["name"], meta.get("namespace"))
        if not ready:
            state = ("still there" if not present else "never appeared" if not instance
                     else "not ready (its status: " + json.dumps((instance or {}).get("status") or {})[:300] + ")")
            raise OperationError(f'{self.where}: "{definition["kind"]}" "{meta["name"]}": Timed out waiting on resource '
                                 f"after {timeout} s: {what} {state}")
        return instance

    def delete(self, definition: dict, wait: bool = False, timeout: int = 120) -> dict:
        """Delete (a server dry run in check mode); with wait, until the object is gone (its finalizers done)."""
        meta = definition["metadata"]
        with self.calling("delete", object_name(definition["kind"], meta["name"], meta.get("namespace"))):
            result = perform_action(self.service, definition, {"state": "absent", "wait": False})
        if wait and result.get("changed") and not self.module.check_mode:
            self.wait(definition, timeout, 1, present=False)
        return result

    def get(self, kind: str, api_version: str, name: str, namespace: str | None = None) -> dict | None:
        with self.calling("read", object_name(kind, name, namespace)):
            resource = self.service.find_resource(kind, api_version, fail=True)
            definition = {"kind": kind, "apiVersion": api_version, "metadata": {"name": name, "namespace": namespace}}
            instance = self.service.retrieve(resource, definition)
            return instance.to_dict() if instance else None

    def items(self, kind: str, api_version: str, namespace: str, label_selector: str) -> list[dict]:
        """The objects of a kind in namespace that carry the labels."""
        with self.calling("list", f"{kind} objects in {namespace} ({label_selector})"):
            resource = self.service.find_resource(kind, api_version, fail=True)
            return self.client.get(resource, namespace=namespace, label_selector=label_selector).to_dict()["items"]

    def names(self, kind: str, api_version: str, namespace: str, label_selector: str) -> list[str]:
        """The names of the objects of a kind in namespace that carry the labels."""
        return [item["metadata"]["name"] for item in self.items(kind, api_version, namespace, label_selector)]

    def reach(self) -> None:
        """Ask the API server itself (the client's discovery may come from its cache): read kube-system."""
        with self.calling("reach", "its API server"):
            resource = self.service.find_resource("Namespace", "v1", fail=True)
            self.client.get(resource, name="kube-system")

    def version(self) -> str:
        """The API server's Kubernetes gitVersion."""
        with self.calling("read", "the version"):
            return self.client.client.version["kubernetes"]["gitVersion"]

    def nodes(self) -> dict[str, dict]:
        """Every Node, by name."""
        with self.calling("list", "Nodes"):
            items = self.client.get(self.client.resource("Node", "v1")).to_dict()["items"]
        return {item["metadata"]["name"]: item for item in items}

    def patch_node(self, name: str, patch: dict) -> None:
        """A JSON merge patch of one Node."""
        with self.calling("patch", object_name("Node", name)):
            self.service.patch_resource(self.client.resource("Node", "v1"), patch, name, None, merge_type="merge")
