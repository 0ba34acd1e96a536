# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugins that run a module's pure logic in the controller's own process.

Validation and rendering touch no cluster and no host, so they need no module process:
running them here spares each task a Python start-up and its imports (about half a second
on two cores). The module of the same name keeps the documentation and still runs the same
code when called outside an action (e.g. with `ansible -m`).
"""

from __future__ import annotations

from typing import Any, Callable

from ansible.errors import AnsibleActionFail
from ansible.module_utils.basic import missing_required_lib
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError
from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import missing_libraries


class InProcessAction(ActionBase):
    """Subclasses set ARGUMENT_SPEC, the LIBRARIES evaluate imports, and evaluate(params) -> result
    (raising InputError)."""

    TRANSFERS_FILES = False
    _requires_connection = False
    ARGUMENT_SPEC: dict[str, dict] = {}
    LIBRARIES: tuple[str, ...] = ()

    def evaluate(self, params: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def run(self, tmp: Any = None, task_vars: dict | None = None) -> dict:
        """Validate the task's arguments against ARGUMENT_SPEC, then evaluate(params) here."""
        result = super().run(tmp, task_vars)
        missing = missing_libraries(self.LIBRARIES)
        if missing:
            return {**result, "failed": True, "msg": "; ".join(f"{missing_required_lib(lib)} (on the controller)"
                                                               for lib in missing)}
        try:
            _validation, params = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC)
        except AnsibleActionFail as e:
            return {**result, "failed": True, "msg": str(e), "problems": [str(e)]}
        return {**result, **run_pure(self.evaluate, params)}


def run_pure(evaluate: Callable[[dict], dict], params: dict[str, Any]) -> dict[str, Any]:
    """evaluate(params) as a task result: InputError becomes one failure listing the problems;
    warnings are shown as Ansible warnings."""
    try:
        result = evaluate(params)
    except InputError as e:
        return {"failed": True, "changed": False, "msg": str(e), "problems": e.problems}
    for warning in result.pop("warnings", []):
        Display().warning(warning)
    return result
