# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The operators' CustomResourceDefinitions a lab cluster has, as OpenShift's clusters do:
MachineConfig/MachineConfigPool and the SR-IOV network operator's, upstream's schemas as they
ship (roles/lab/files/crds), so the real API server validates every object the collection
writes; and the namespaces those operators run in. Installed when missing, CRDs replaced when
their file changed, then waited for (Established)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError

try:
    import yaml
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
    from kubernetes.dynamic.exceptions import NotFoundError
except ImportError:  # pragma: no cover - reported by run_module (its libraries)
    yaml = get_api_client = None
    NotFoundError = Exception

ESTABLISHED_TIMEOUT = 30.0
KINDS = {"CustomResourceDefinition": "apiextensions.k8s.io/v1", "Namespace": "v1"}


def read(paths: list[str]) -> list[dict[str, Any]]:
    """The CRDs in the files, each checked to be one."""
    definitions = []
    for path in paths:
        try:
            definition = yaml.safe_load(Path(path).read_text())
        except (OSError, yaml.YAMLError) as e:
            raise InputError(f"crds: {path} cannot be read as YAML: {e}") from None
        if not isinstance(definition, dict) or definition.get("kind") not in KINDS:
            raise InputError(f"crds: {path} is neither a CustomResourceDefinition nor a Namespace")
        definitions.append(definition)
    return definitions


def ensure(kubeconfig: Path, definitions: list[dict[str, Any]]) -> list[str]:
    """Create the missing CRDs and replace the changed ones; wait until all are served. Returns
    the names of those created or replaced."""
    client = get_api_client(kubeconfig=str(kubeconfig))
    resources = {kind: client.resource(kind, version) for kind, version in KINDS.items()}
    done = []
    for definition in definitions:
        name, resource = definition["metadata"]["name"], resources[definition["kind"]]
        try:
            current = client.get(resource, name=name).to_dict()
        except NotFoundError:
            client.create(resource, definition)
            done.append(name)
            continue
        if definition["kind"] == "CustomResourceDefinition" and \
                current.get("spec", {}).get("versions") != definition["spec"].get("versions"):
            replacement = {**definition, "metadata": {**definition["metadata"],
                                                      "resourceVersion": current["metadata"]["resourceVersion"]}}
            client.replace(resource, replacement, name=name)
            done.append(name)
    _wait_established(client, resources["CustomResourceDefinition"],
                      [d["metadata"]["name"] for d in definitions if d["kind"] == "CustomResourceDefinition"])
    return done


def _wait_established(client: Any, resource: Any, names: list[str]) -> None:
    deadline = time.monotonic() + ESTABLISHED_TIMEOUT
    pending = list(names)
    while pending:
        pending = [n for n in pending if not _established(client.get(resource, name=n).to_dict())]
        if pending and time.monotonic() > deadline:
            raise TimeoutError(f"CRDs not Established after {ESTABLISHED_TIMEOUT:.0f}s: {', '.join(pending)}")
        if pending:
            time.sleep(0.2)


def _established(crd: dict[str, Any]) -> bool:
    return any(c.get("type") == "Established" and c.get("status") == "True"
               for c in (crd.get("status") or {}).get("conditions") or [])
