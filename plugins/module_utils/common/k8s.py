# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubernetes through kubernetes.core's own machinery (client, K8sService, perform_action: check
mode as a server dry run, diff, waiter) for modules that render their objects in Python, and
the API errors a module reports in one line."""

from __future__ import annotations

from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.constants import FIELD_MANAGER

try:  # kubernetes.core's connection options, for modules that take one cluster (no Python dependency)
    from ansible_collections.kubernetes.core.plugins.module_utils.args_common import AUTH_ARG_SPEC  # noqa: F401  # pylint: disable=unused-import
except ImportError:  # pragma: no cover - run_module reports a missing kubernetes.core
    AUTH_ARG_SPEC = {}

# AUTH_ARG_SPEC and AnsibleK8SModule are re-exported for the modules (run_module).
try:  # kubernetes.core's machinery; it reports a missing kubernetes Python library itself
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.core import AnsibleK8SModule  # noqa: F401  # pylint: disable=unused-import
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.exceptions import CoreException, ResourceTimeout
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.runner import perform_action
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.service import K8sService
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.waiter import get_waiter
except ImportError:  # pragma: no cover - run_module reports a missing kubernetes.core
    get_api_client = perform_action = K8sService = get_waiter = AnsibleK8SModule = None

    class CoreException(Exception):  # type: ignore[no-redef]
        """Stand-in: nothing raises it without kubernetes.core."""

    ResourceTimeout = CoreException

try:
    from kubernetes.dynamic.exceptions import DynamicApiError
    from urllib3.exceptions import HTTPError
except ImportError:  # pragma: no cover - kubernetes.core's module class reports the missing library
    DynamicApiError = HTTPError = OSError

# What a call to an API server can raise besides a bug: refused, unreachable, not answering.
# (kubernetes.core's own CoreException goes to its failure reporting: module_run.exit_with.)
API_ERRORS = (DynamicApiError, HTTPError, OSError)


def describe_api_error(error: Exception) -> str:
    """One line for an API error: its status and reason, or its first line."""
    status = getattr(error, "status", None)
    text = str(getattr(error, "reason", None) or error).splitlines()[0]
    return f"{status} {text}" if status else text


class Applier:
    """One cluster, reached with the module's kubernetes.core auth options (or a kubeconfig)."""

    def __init__(self, module: Any, kubeconfig: str | None = None) -> None:
        self.module = module
        self.client = get_api_client(module=module, **({"kubeconfig": kubeconfig} if kubeconfig else {}))
        self.service = K8sService(self.client, module)
        self._namespaces: dict[str, bool] = {}

    def namespace_exists(self, name: str) -> bool:
        if name not in self._namespaces:
            self._namespaces[name] = self.get("Namespace", "v1", name) is not None
        return self._namespaces[name]

    def apply(self, definition: dict, field_manager: str = FIELD_MANAGER, force_conflicts: bool = False,
              wait: bool = False) -> dict:
        """Server-side apply; in check mode a server dry run. Returns perform_action's result
        (changed, result, diff when the module runs with --diff)."""
        namespace = definition["metadata"].get("namespace")
        if self.module.check_mode and namespace and not self.namespace_exists(namespace):
            # A first check-mode run: the API server cannot dry-run into a namespace that a
            # real run would create first.
            return {"changed": True, "method": "apply", "result": {},
                    "warnings": [f"check mode: namespace {namespace} does not exist yet; {definition['kind']} "
                                 f"{definition['metadata']['name']} would be created in it"]}
        # K8sService.apply reads server_side_apply from the module's own parameters.
        self.module.params["server_side_apply"] = {"field_manager": field_manager, "force_conflicts": force_conflicts}
        return perform_action(self.service, definition, {"apply": True, "state": "present", "wait": wait})

    def wait(self, definition: dict, timeout: int, sleep: int, present: bool = True) -> dict:
        """Wait with kubernetes.core's waiter until the object is ready (its kind's predicate) or,
        with present=False, gone; ResourceTimeout, worded as kubernetes.core words it, if not."""
        meta = definition["metadata"]
        resource = self.service.find_resource(definition["kind"], definition["apiVersion"], fail=True)
        waiter = get_waiter(self.client, resource, state="present" if present else "absent",
                            check_mode=self.module.check_mode)
        if self.module.check_mode:
            return definition
        ready, instance, _elapsed = waiter.wait(timeout, sleep, meta["name"], meta.get("namespace"))
        if not ready:
            raise ResourceTimeout(f'"{definition["kind"]}" "{meta["name"]}": Timed out waiting on resource',
                                  {"result": instance})
        return instance

    def delete(self, definition: dict, wait: bool = False) -> dict:
        return perform_action(self.service, definition, {"state": "absent", "wait": wait})

    def get(self, kind: str, api_version: str, name: str, namespace: str | None = None) -> dict | None:
        resource = self.service.find_resource(kind, api_version, fail=True)
        definition = {"kind": kind, "apiVersion": api_version, "metadata": {"name": name, "namespace": namespace}}
        instance = self.service.retrieve(resource, definition)
        return instance.to_dict() if instance else None
