"""The one exit path: every failure the code can name ends as one fail_json, never a traceback."""

from __future__ import annotations

import pytest
from urllib3.exceptions import MaxRetryError

from ansible_collections.ovnk.dpu.plugins.module_utils.common import k8s, module_run
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError, OperationError
from ansible_collections.ovnk.dpu.plugins.module_utils.net.ovsdb import OvsDbError


class Exited(Exception):
    pass


class FakeModule:
    """Records how a module ends; exit_json and fail_json stop the work, as Ansible's do."""

    def __init__(self, argument_spec=None, supports_check_mode=False, **options):
        self.argument_spec, self.options = argument_spec, options
        self.warnings: list[str] = []
        self.ended: tuple[str, dict] | None = None

    def warn(self, text):
        self.warnings.append(text)

    def exit_json(self, **result):
        self.ended = ("exit", result)
        raise Exited

    def fail_json(self, **result):
        self.ended = ("fail", result)
        raise Exited


def end(work) -> tuple[FakeModule, str, dict]:
    module = FakeModule()
    with pytest.raises(Exited):
        module_run.exit_with(module, work, api_errors=k8s.API_ERRORS)
    return module, *module.ended


def raising(error):
    def work(_module):
        raise error
    return work


def test_a_result_exits_and_its_warnings_are_shown():
    module, how, result = end(lambda m: {"changed": True, "warnings": ["careful"]})
    assert (how, result, module.warnings) == ("exit", {"changed": True}, ["careful"])


def test_bad_input_fails_with_every_problem():
    _module, how, result = end(raising(InputError(["a: wrong", "b: wrong"], "invalid x: ")))
    assert how == "fail" and result == {"msg": "invalid x: a: wrong; b: wrong", "problems": ["a: wrong", "b: wrong"]}


@pytest.mark.parametrize("error, expected", [
    (OperationError("tenant cluster: Node host-0 not Ready"), "tenant cluster: Node host-0 not Ready"),
    (OvsDbError("ovs-vsctl --db=unix:/x get: database connection failed"), "database connection failed"),
    (MaxRetryError(None, "https://127.0.0.1:1/version", "Connection refused"), "API server call failed: "),
    (ConnectionRefusedError(111, "Connection refused"), "check that the cluster answers"),
])
def test_failures_the_code_can_name_are_one_line(error, expected):
    _module, how, result = end(raising(error))
    assert how == "fail" and expected in result["msg"] and "Traceback" not in result["msg"]
    assert set(result) == {"msg"}


def test_kubernetes_core_errors_use_its_own_reporting():
    reported = []

    class K8sModule(FakeModule):
        def fail_from_exception(self, error):
            reported.append(error)
            self.fail_json(msg=f"kubernetes.core: {error}")

    module = K8sModule()
    with pytest.raises(Exited):
        module_run.exit_with(module, raising(k8s.CoreException("no such kind")), api_errors=k8s.API_ERRORS,
                             core_errors=(k8s.CoreException,))
    assert len(reported) == 1 and module.ended == ("fail", {"msg": "kubernetes.core: no such kind"})


def test_a_missing_kubernetes_core_is_named_before_any_work(monkeypatch):
    made = []
    monkeypatch.setattr(k8s, "AnsibleK8SModule", None)
    monkeypatch.setattr(module_run, "AnsibleModule", lambda **kw: made.append(FakeModule(**kw)) or made[-1])
    with pytest.raises(Exited):
        module_run.run_module({}, lambda m: pytest.fail("the work ran"), kube=True)
    assert made[0].ended == ("fail", {"msg": module_run.KUBERNETES_CORE_MISSING})


def test_modules_that_talk_to_no_cluster_do_not_import_the_kubernetes_client():
    import subprocess  # pylint: disable=import-outside-toplevel
    import sys  # pylint: disable=import-outside-toplevel

    code = ("import sys; from ansible_collections.ovnk.dpu.plugins.module_utils.common import module_run; "
            "from ansible_collections.ovnk.dpu.plugins.module_utils.representors import dpu_representors; "
            "print('kubernetes' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": ":".join(sys.path)}, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_missing_library_is_named_before_any_work(monkeypatch):
    made = []
    monkeypatch.setattr(module_run, "AnsibleModule", lambda **kw: made.append(FakeModule(**kw)) or made[-1])
    with pytest.raises(Exited):
        module_run.run_module({"x": {"type": "str"}}, lambda m: pytest.fail("the work ran"),
                              libraries=("netaddr", "no_such_library_here"), required_if=[("x", "y", ["z"])])
    how, result = made[0].ended
    assert how == "fail" and "no_such_library_here" in result["msg"] and "netaddr" not in result["msg"]
    assert made[0].options == {"required_if": [("x", "y", ["z"])]}
