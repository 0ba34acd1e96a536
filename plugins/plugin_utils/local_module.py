# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugins that run a collection module in the task's worker when its target is the controller.

A module that talks to a cluster spends most of its run starting: a Python process, then ansible's
module code and the Kubernetes client (about 0.7 s on two cores, against 0.1-0.3 s of API calls). The
strategy imports each task's action plugin in ansible-playbook's own process before forking the task's
worker, so an action plugin that imports the module's code makes that cost once per run, and every
worker (a fork) starts with it loaded. When the task runs on the controller itself (local connection,
no become, no async, the controller's own Python), the worker runs the module as its AnsiballZ wrapper
would: the same arguments (check mode, diff, no_log, verbosity), the task's environment, the same
AnsibleModule, the same JSON result parsed by the same code. Anywhere else, and on ansible-core releases
whose module runner differs (before 2.19), the module runs the usual way.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import io
import json
import os
import sys
from typing import Any, Iterator

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash
from ansible.vars.clean import remove_internal_keys

try:  # ansible-core >= 2.19: modules read their arguments with a serialization profile
    from ansible.module_utils.common.json import Direction, get_module_encoder
except ImportError:  # pragma: no cover - older ansible-core: the module runs the usual way
    Direction = get_module_encoder = None

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry


def preloaded(entry: Any) -> Any:
    """entry, with the libraries its run imports (the Kubernetes client for a cluster module) loaded now."""
    names = (["ansible_collections.ovnk.dpu.plugins.module_utils.common.k8s"] if getattr(entry, "KUBE", False) else [])
    for name in [*names, *getattr(entry, "LIBRARIES", ())]:
        with contextlib.suppress(ImportError):  # a missing library is the module's to report
            importlib.import_module(name)
    return entry


@contextlib.contextmanager
def task_environment(environment: dict[str, Any]) -> Iterator[None]:
    """os.environ with the task's environment, as the module's process would have it; restored after."""
    saved = dict(os.environ)
    os.environ.update({name: str(value) for name, value in environment.items()})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def process_exit() -> Iterator[None]:
    """What the module registers to run when its process exits (the Kubernetes client's temporary files of
    certificates and keys, removed), run when it ends here - the worker leaves without running exit
    handlers - and no API client kept for a loop's next item (its files are gone)."""
    registered: list[tuple[Any, tuple, dict]] = []
    register = atexit.register
    atexit.register = lambda func, *args, **kwargs: registered.append((func, args, kwargs)) or func
    try:
        yield
    finally:
        atexit.register = register
        for func, args, kwargs in reversed(registered):
            with contextlib.suppress(Exception):
                func(*args, **kwargs)
        k8s_client = sys.modules.get("ansible_collections.kubernetes.core.plugins.module_utils.k8s.client")
        getattr(k8s_client, "_pool", {}).clear()


# The serialization profile of a module without metadata (all of this collection's).
PROFILE = "legacy"


class LocalModuleAction(ActionBase):
    """Subclasses set ENTRY: the module's entry file (module_utils/<package>/<module>.py), imported with the
    subclass's own file, so that the strategy's import of the action loads the module's code once."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = True
    ENTRY: Any = None

    def run(self, tmp: Any = None, task_vars: dict | None = None) -> dict:
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        if self.runs_here(task_vars):
            module_args = dict(self._task.args)
            self._update_module_args(self._task.action, module_args, task_vars)
            environment: dict[str, str] = {}
            self._compute_environment_string(environment)  # the task's `environment`, templated
            with task_environment(environment):
                return merge_hash(result, self.run_here(module_args))
        # Elsewhere, as ansible.builtin.normal runs a module.
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def runs_here(self, task_vars: dict) -> bool:
        """Whether the task's module can run in this worker, exactly as on its target."""
        interpreter = self._templar.template(task_vars.get("ansible_python_interpreter", ""))
        return (get_module_encoder is not None and hasattr(basic, "_ANSIBLE_PROFILE")
                and hasattr(module_warnings, "_global_warnings")
                and self._connection.transport == "local" and not self._play_context.become
                and not self._task.async_val
                and interpreter == sys.executable)

    def run_here(self, module_args: dict) -> dict:
        """The module's result, from its own code run here: its JSON output parsed as a module's."""
        basic._ANSIBLE_ARGS = json.dumps(  # pylint: disable=protected-access
            {"ANSIBLE_MODULE_ARGS": module_args},
            cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)).encode()
        basic._ANSIBLE_PROFILE = PROFILE  # pylint: disable=protected-access
        basic._PARSED_MODULE_ARGS = None  # pylint: disable=protected-access
        # A fresh module process starts with no warnings; a loop's items share this worker.
        module_warnings._global_warnings.clear()  # pylint: disable=protected-access
        module_warnings._global_deprecations.clear()  # pylint: disable=protected-access
        stdout, stderr, rc = io.StringIO(), io.StringIO(), 0
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), process_exit():
            try:
                run_entry(self.ENTRY)
                raise RuntimeError("the module did not exit")
            except SystemExit as e:
                rc = e.code if isinstance(e.code, int) else 1
            finally:
                basic._ANSIBLE_ARGS = None  # pylint: disable=protected-access
        data = self._parse_returned_data({"stdout": stdout.getvalue(), "stderr": stderr.getvalue(), "rc": rc}, PROFILE)
        data.pop("_ansible_suppress_tmpdir_delete", None)
        remove_internal_keys(data)
        return data
