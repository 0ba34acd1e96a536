# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the collection's Kubernetes modules end: their work's result, or one clear failure."""

from __future__ import annotations

from typing import Any, Callable

try:
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.core import AnsibleK8SModule
    from ansible_collections.kubernetes.core.plugins.module_utils.k8s.exceptions import CoreException
except ImportError:  # pragma: no cover - the collection declares kubernetes.core as a dependency
    from ansible.module_utils.basic import AnsibleModule as AnsibleK8SModule

    class CoreException(Exception):  # type: ignore[no-redef]
        """Stand-in: nothing raises it without kubernetes.core."""


class InputError(Exception):
    """Bad input, found before anything was changed: every problem, each naming the field."""

    def __init__(self, problems: list[str] | str, prefix: str = "") -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(prefix + "; ".join(self.problems))


def exit_with(module: Any, work: Callable[[Any], dict]) -> None:
    """exit_json with work(module)'s result (its `warnings` shown through module.warn); fail_json
    on InputError (with `problems`), and kubernetes.core's own failure reporting on its errors."""
    try:
        result = work(module)
        for warning in result.pop("warnings", []):
            module.warn(warning)
        module.exit_json(**result)
    except InputError as e:
        module.fail_json(msg=str(e), problems=e.problems)
    except CoreException as e:
        # kubernetes.core's module class reports its own errors; a plain AnsibleModule gets the message.
        if hasattr(module, "fail_from_exception"):
            module.fail_from_exception(e)
        module.fail_json(msg=str(e))


def run_k8s_module(argument_spec: dict, work: Callable[[Any], dict]) -> None:
    """The whole main() of a module that talks to clusters: kubernetes.core's module class (its
    client, service and error reporting), check mode supported, then exit_with(work)."""
    exit_with(AnsibleK8SModule(argument_spec=argument_spec, supports_check_mode=True), work)
