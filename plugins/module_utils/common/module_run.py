# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How every module of the collection ends: its work's result, or one clear failure.

Every module is wired the same way: its package has a file named after it (module_utils/<package>/<module>.py)
that exposes ARGUMENT_SPEC and run(module), and KUBE, LIBRARIES and MODULE_OPTIONS where they apply; the
module's main() is run_entry(that file): the module class (kubernetes.core's for modules that talk to
clusters), the Python libraries it needs, then exit_with(run).
"""

from __future__ import annotations

import importlib.util
from typing import Any, Callable, Iterable

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError

KUBERNETES_CORE_MISSING = ("the kubernetes.core collection is not installed on this controller; install it "
                           "(ansible-galaxy collection install -r requirements.yml, or the ansible package)")


def missing_libraries(names: Iterable[str]) -> list[str]:
    """The Python libraries (import names) that cannot be imported here."""
    return [name for name in names if importlib.util.find_spec(name) is None]


def exit_with(module: Any, work: Callable[[Any], dict], api_errors: tuple[type[Exception], ...] = (),
              core_errors: tuple[type[Exception], ...] = ()) -> None:
    """exit_json with work(module)'s result (its `warnings` shown through module.warn), or one
    fail_json: InputError with its `problems`; a failed step, an OVSDB error or one of api_errors
    (an API server's) with its one-line message; core_errors (kubernetes.core's) through
    kubernetes.core's own reporting."""
    try:
        result = work(module)
        for warning in result.pop("warnings", []):
            module.warn(warning)
        module.exit_json(**result)
    except InputError as e:
        module.fail_json(msg=str(e), problems=e.problems)
    except OperationError as e:  # an OVSDB error is one too (net/ovsdb.py)
        module.fail_json(msg=str(e))
    except core_errors as e:  # pylint: disable=catching-non-exception  # a tuple of exception classes
        module.fail_from_exception(e)
    except api_errors as e:  # pylint: disable=catching-non-exception  # a tuple of exception classes
        from ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s import describe_api_error

        module.fail_json(msg=f"API server call failed: {describe_api_error(e)}; check that the cluster answers "
                             "and that its kubeconfig holds working credentials")


def run_module(argument_spec: dict, work: Callable[[Any], dict], kube: bool = False,
               libraries: Iterable[str] = (), **module_options: Any) -> None:
    """The whole main() of a module: its module class (kubernetes.core's, with its client, service
    and error reporting, when kube), check mode supported, the libraries it needs, exit_with(work).
    Only kube modules import the Kubernetes client (half a second of a module's start)."""
    module_class, errors = AnsibleModule, {}
    if kube:
        from ansible_collections.ovnk.dpu.plugins.module_utils.common import k8s

        if k8s.AnsibleK8SModule is None:
            AnsibleModule(argument_spec=argument_spec, supports_check_mode=True).fail_json(msg=KUBERNETES_CORE_MISSING)
        module_class, errors = k8s.AnsibleK8SModule, {"api_errors": k8s.API_ERRORS, "core_errors": (k8s.CoreException,)}
    module = module_class(argument_spec=argument_spec, supports_check_mode=True, **module_options)
    for library in missing_libraries(libraries):
        module.fail_json(msg=missing_required_lib(library))
    exit_with(module, work, **errors)


def run_entry(entry: Any) -> None:
    """main() of the module whose entry file (module_utils/<package>/<module>.py) is entry."""
    run_module(entry.ARGUMENT_SPEC, entry.run, kube=getattr(entry, "KUBE", False),
               libraries=getattr(entry, "LIBRARIES", ()), **getattr(entry, "MODULE_OPTIONS", {}))
