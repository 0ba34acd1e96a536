"""The AWX / Automation Controller definitions in awx/vars/ (infra.aap_configuration's variables).

Every survey passes AWX's own checks (ported below from ansible/awx: the API's
JobTemplateSurveySpec._validate_spec_data and, for the defaults, the launch-time
SurveyJobTemplateMixin._survey_element_validation, which silently drops a default that fails it);
every field is an option of the awx.awx module it ends up in (argument_spec read from the module's
source); every name a definition refers to is defined or is a file of the repository; every survey
variable is a setting of the collection's one table (plugins/module_utils/inventory/settings.py), of the
same type, and its default is the lab inventory's value.
"""

from __future__ import annotations

import ast
import copy
import functools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
AWX_VARS = REPO / "awx" / "vars"
AWX_MODULES = REPO / ".collections/ansible_collections/awx/awx/plugins/modules"
LAB_GROUP_VARS = REPO / "inventories/lab/group_vars/all"

# infra.aap_configuration's dispatch: the variable each role reads -> the awx.awx module it calls.
MODULE_OF = {
    "aap_organizations": "organization",
    "controller_execution_environments": "execution_environment",
    "controller_credential_types": "credential_type",
    "controller_credentials": "credential",
    "controller_projects": "project",
    "controller_inventories": "inventory",
    "controller_inventory_sources": "inventory_source",
    "controller_templates": "job_template",
}
# Fields the infra.aap_configuration roles read besides the module's options (job templates: the survey
# from related.survey_spec or survey, credentials/labels/notifications from related.*).
ROLE_FIELDS = {"job_template": {"related", "survey"}}
RELATED_FIELDS = {"survey_spec", "credentials", "labels", "notification_templates_started",
                  "notification_templates_success", "notification_templates_error"}

# awx/main/constants.py
SURVEY_TYPE_MAPPING: dict[str, type | tuple[type, ...]] = {
    "text": str, "textarea": str, "password": str, "multiplechoice": str, "multiselect": str,
    "integer": int, "float": (float, int)}


class _Loader(yaml.SafeLoader):
    """YAML as Ansible reads it: !unsafe and !vault are strings."""


_Loader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))
_Loader.add_constructor("!vault", lambda loader, node: loader.construct_scalar(node))


def load(path: Path) -> Any:
    return yaml.load(path.read_text(), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


@functools.cache
def definitions() -> dict[str, list[dict[str, Any]]]:
    """Every awx/vars/*.yml merged; a variable defined in two files is an error."""
    merged: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(AWX_VARS.glob("*.yml")):
        for name, value in (load(path) or {}).items():
            assert name not in merged, f"{path.name}: {name} is defined twice"
            merged[name] = value
    return merged


def items(variable: str) -> list[dict[str, Any]]:
    return definitions().get(variable, [])


def surveys() -> list[tuple[str, dict[str, Any]]]:
    """(template name, survey spec) of every job template, wherever infra.aap_configuration takes it from."""
    found = []
    for template in items("controller_templates"):
        spec = template.get("related", {}).get("survey_spec", template.get("survey_spec", template.get("survey")))
        if spec is not None:
            found.append((template["name"], spec))
    return found


# ---- AWX's survey rules ---------------------------------------------------------------------------------

def validate_spec_data(new_spec: Any) -> str | None:
    """awx/api/views/__init__.py JobTemplateSurveySpec._validate_spec_data for a new template (no old spec):
    the API's error message, or None when AWX accepts the survey."""
    new_spec = copy.deepcopy(new_spec)  # AWX normalises choices and defaults in place
    schema_error = None
    for field, expect_type, type_label in [("name", str, "string"), ("description", str, "string"),
                                           ("spec", list, "list of items")]:
        if field not in new_spec:
            schema_error = f"Field '{field}' is missing from survey spec."
        elif not isinstance(new_spec[field], expect_type):
            schema_error = f"Expected {type_label} for field '{field}', received {type(new_spec[field]).__name__} type."
    if isinstance(new_spec.get("spec", None), list) and len(new_spec["spec"]) < 1:
        schema_error = "'spec' doesn't contain any items."
    if schema_error:
        return schema_error

    variable_set: set[str] = set()
    for idx, item in enumerate(new_spec["spec"]):
        if not isinstance(item, dict):
            return f"Survey question {idx} is not a json object."
        for field_name in ["type", "question_name", "variable", "required"]:
            if field_name not in item:
                return f"'{field_name}' missing from survey question {idx}"
            allow_types, type_label = (bool, "boolean") if field_name == "required" else (str, "string")
            if not isinstance(item[field_name], allow_types):
                return f"'{field_name}' in survey question {idx} expected to be {type_label}."
        if item["variable"] in variable_set:
            return f"'variable' '{item['variable']}' duplicated in survey question {idx}."
        variable_set.add(item["variable"])

        qtype = item["type"]
        if qtype not in SURVEY_TYPE_MAPPING:
            return (f"'{qtype}' in survey question {idx} is not one of '{', '.join(SURVEY_TYPE_MAPPING)}' "
                    "allowed question types.")
        if "default" in item and item["default"] != "":
            if not isinstance(item["default"], SURVEY_TYPE_MAPPING[qtype]):
                type_label = qtype if qtype in ["integer", "float"] else "string"
                return f"Default value {item['default']} in survey question {idx} expected to be {type_label}."
        for key in ["min", "max"]:
            if key in item and item[key] is not None and not isinstance(item[key], int):
                return f"The {key} limit in survey question {idx} expected to be integer."
        if qtype in ("multiselect", "multiplechoice"):
            if "choices" not in item:
                return f"Survey question {idx} of type {qtype} must specify choices."
            if isinstance(item["choices"], str):
                item["choices"] = "\n".join(c for c in item["choices"].splitlines() if c.strip() != "")
            if "default" in item:
                if isinstance(item["default"], str):
                    item["default"] = "\n".join(c for c in item["default"].splitlines() if c.strip() != "")
                    list_of_defaults = item["default"].splitlines()
                else:
                    list_of_defaults = item["default"]
                if qtype == "multiplechoice" and len(list_of_defaults) > 1:
                    return "Multiple Choice (Single Select) can only have one default value."
                if any(default not in item["choices"] for default in list_of_defaults):
                    return "Default choice must be answered from the choices listed."
        if isinstance(item.get("default"), str) and item["default"].startswith("$encrypted$"):
            if qtype != "password":
                return (f"$encrypted$ is a reserved keyword for password question defaults, "
                        f"survey question {idx} is type {qtype}.")
            # A new template has no stored encrypted default to stand for.
            return f"$encrypted$ is a reserved keyword, may not be used for new default in position {idx}."
    return None


def survey_element_errors(element: dict[str, Any], data: dict[str, Any]) -> list[str]:
    """awx/main/models/mixins.py SurveyJobTemplateMixin._survey_element_validation (validate_required)."""
    var, qtype = element["variable"], element["type"]
    if var not in data:
        return [f"'{var}' value missing"] if element["required"] else []
    value, errors = data[var], []
    low, high = (element.get(k) if element.get(k) not in ("", None) else None for k in ("min", "max"))
    if qtype in ("textarea", "text", "password"):
        if not isinstance(value, str):
            return [f"Value {value} for '{var}' expected to be a string."]
        if low is not None and len(value) < int(low):
            errors.append(f"'{var}' value {value} is too small (length is {len(value)} must be at least {low}).")
        if high is not None and len(value) > int(high):
            errors.append(f"'{var}' value {value} is too large (must be no more than {high}).")
    elif qtype in ("integer", "float"):
        if type(value) not in ((int,) if qtype == "integer" else (float, int)):  # pylint: disable=unidiomatic-typecheck
            return [f"Value {value} for '{var}' expected to be {'an integer' if qtype == 'integer' else 'a numeric type'}."]
        if low is not None and value < (int if qtype == "integer" else float)(low):
            errors.append(f"'{var}' value {value} is too small (must be at least {low}).")
        if high is not None and value > (int if qtype == "integer" else float)(high):
            errors.append(f"'{var}' value {value} is too large (must be no more than {high}).")
    elif qtype in ("multiselect", "multiplechoice"):
        choices = element["choices"]
        if isinstance(choices, str):
            choices = [c for c in choices.splitlines() if c.strip() != ""]
        values = value if qtype == "multiselect" else [value]
        if qtype == "multiselect" and not isinstance(value, list):
            return [f"'{var}' value is expected to be a list."]
        errors += [f"Value {v} for '{var}' expected to be one of {choices}." for v in values if v not in choices]
    return errors


def survey_problems(spec: Any) -> list[str]:
    """What AWX refuses when the survey is saved, then each default AWX would drop at launch."""
    if error := validate_spec_data(spec):
        return [error]
    problems = []
    for element in spec["spec"]:
        default = element.get("default")
        if default is None:
            continue
        if element["type"] == "multiselect" and isinstance(default, str):
            default = default.splitlines()  # the launch prompt sends the stored newline-separated default as a list
        problems += survey_element_errors(element, {element["variable"]: default})
    return problems


# ---- awx.awx modules -------------------------------------------------------------------------------------

def _literal(node: ast.expr, tree: ast.Module) -> Any:
    """A literal, or list(NAME.keys()) of a module-level dict literal (credential_type's KIND_CHOICES)."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "list"
                and isinstance(arg := node.args[0], ast.Call) and isinstance(arg.func, ast.Attribute)
                and arg.func.attr == "keys" and isinstance(arg.func.value, ast.Name)):
            for stmt in tree.body:
                if isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == arg.func.value.id for t in stmt.targets):
                    return list(ast.literal_eval(stmt.value))
        raise


@functools.cache
def module_options(module: str) -> dict[str, dict[str, Any]]:
    """The `argument_spec = dict(...)` of the module's main(): option (and alias) -> type, choices."""
    path = AWX_MODULES / f"{module}.py"
    assert path.is_file(), f"{path} is missing: run scripts/lib/common.sh's set-up (awx.awx from the ansible wheel)"
    tree = ast.parse(path.read_text())
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    call = next(n.value for n in ast.walk(main) if isinstance(n, ast.Assign)
                and any(getattr(t, "id", None) == "argument_spec" for t in n.targets))
    assert isinstance(call, ast.Call), f"{module}: argument_spec is not a dict(...) call"
    options: dict[str, dict[str, Any]] = {}
    for keyword in call.keywords:
        assert isinstance(keyword.value, ast.Call), f"{module}: {keyword.arg} is not a dict(...)"
        spec = {k.arg: _literal(k.value, tree) for k in keyword.value.keywords}
        for name in [keyword.arg, *spec.get("aliases", [])]:
            options[name] = spec
    return options


PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str, "bool": bool, "int": int, "float": (int, float), "dict": dict, "list": list}


def field_problems(variable: str, item: dict[str, Any]) -> list[str]:
    module = MODULE_OF[variable]
    options, where = module_options(module), f"{variable} {item.get('name')!r}"
    problems = []
    for field, value in item.items():
        if field in ROLE_FIELDS.get(module, set()):
            if field == "related":
                problems += [f"{where}: related.{k} is not read by infra.aap_configuration"
                             for k in set(value) - RELATED_FIELDS]
            continue
        if field not in options:
            problems.append(f"{where}: {field} is not an option of awx.awx.{module}")
            continue
        spec = options[field]
        wanted = PYTHON_TYPES[spec.get("type", "str")]
        if not isinstance(value, wanted) or (isinstance(value, bool) and spec.get("type") in ("int", "float")):
            problems.append(f"{where}: {field} is {type(value).__name__}, awx.awx.{module} wants {spec.get('type', 'str')}")
        if "choices" in spec and value not in spec["choices"]:
            problems.append(f"{where}: {field} {value!r} is not one of {spec['choices']}")
    missing = [name for name, spec in options.items() if spec.get("required") and name not in item]
    return problems + [f"{where}: {name} is required by awx.awx.{module}" for name in missing]


# ---- the roles' variables ----------------------------------------------------------------------------------

_KIND_TYPES = {"int": "int", "bool": "bool", "list": "list", "hosts": "list", "dict": "dict"}


def options_for(variable: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The setting's type and choices, from the collection's one table of settings (inventory/settings.py)."""
    from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.settings import SETTINGS  # pylint: disable=import-outside-toplevel

    if variable not in SETTINGS:
        return []
    rule = SETTINGS[variable].rule
    spec: dict[str, Any] = {"type": _KIND_TYPES.get(rule.kind, "str")}
    if rule.choices:
        spec["choices"] = list(rule.choices)
    return [("settings", variable, spec)]


def type_problem(question: dict[str, Any], role: str, name: str, spec: dict[str, Any]) -> str | None:
    """Whether the survey question's type can carry the option's type."""
    kind, qtype, where = spec.get("type", "str"), question["type"], f"roles/{role} {name}"
    choices = {str(c) for c in spec.get("choices", [])}
    asked = {str(c) for c in _choices(question)}
    if kind == "int":
        ok = qtype == "integer"
    elif kind == "bool":
        ok = qtype == "multiplechoice" and asked in ({"yes", "no"}, {"true", "false"})
    elif kind == "list":
        ok = qtype in ("textarea", "multiselect")
    elif choices:
        ok = qtype in ("multiplechoice", "multiselect") and asked == choices
    else:  # str, path, raw
        ok = qtype in ("text", "textarea", "password", "multiplechoice")
    return None if ok else f"{question['variable']}: survey type {qtype} {sorted(asked) or ''} does not fit {where} " \
                           f"(type {kind}{', choices ' + str(sorted(choices)) if choices else ''})"


def _choices(question: dict[str, Any]) -> list[str]:
    choices = question.get("choices", [])
    return [c for c in choices.splitlines() if c.strip()] if isinstance(choices, str) else list(choices)


@functools.cache
def lab_inventory() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in sorted(LAB_GROUP_VARS.glob("*.yml")):
        merged.update(load(path) or {})
    return merged


def lab_value(variable: str) -> Any:
    """The lab inventory's value, else the settings table's default on the lab platform."""
    from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.settings import Derived, default_of  # pylint: disable=import-outside-toplevel

    if variable in lab_inventory():
        return lab_inventory()[variable]
    default = default_of(variable, "lab")
    assert not isinstance(default, Derived), f"{variable}: its default is derived ({default.says}); the survey cannot carry it"
    return default


def _truth(value: Any) -> bool:
    return str(value).lower() in ("yes", "true", "1", "on")


def same_value(question: dict[str, Any], kinds: set[str], expected: Any) -> bool:
    default = question.get("default")
    if "bool" in kinds:
        return _truth(default) == _truth(expected)
    if "list" in kinds and question["type"] == "textarea":
        return [line for line in str(default).splitlines() if line.strip()] == list(expected or [])
    if question["type"] in ("integer", "float"):
        return default == int(expected)
    return default == expected


# ---- the tests ---------------------------------------------------------------------------------------------

def test_awx_vars_define_only_what_the_dispatch_role_reads():
    assert set(definitions()) <= set(MODULE_OF), set(definitions()) - set(MODULE_OF)
    assert all(items(v) for v in MODULE_OF), [v for v in MODULE_OF if not items(v)]
    for variable, value in definitions().items():
        names = [item.get("name") for item in value]
        assert len(names) == len(set(names)), f"{variable}: a name is defined twice: {names}"


def test_every_template_has_an_enabled_survey():
    templates = items("controller_templates")
    assert len(templates) == 4
    assert {t["name"] for t in templates} == set(dict(surveys()))
    assert all(t.get("survey_enabled") is True for t in templates)


@pytest.mark.parametrize("template", list(dict(surveys())))
def test_survey_passes_awx_rules(template):
    spec = dict(surveys())[template]
    assert survey_problems(spec) == []


BAD_SURVEYS = {
    "no name": ({"description": "", "spec": [{}]}, "Field 'name' is missing from survey spec."),
    "spec not a list": ({"name": "", "description": "", "spec": {}},
                        "Expected list of items for field 'spec', received dict type."),
    "empty": ({"name": "", "description": "", "spec": []}, "'spec' doesn't contain any items."),
    "question not a dict": ({"name": "", "description": "", "spec": ["x"]}, "Survey question 0 is not a json object."),
    "no variable": ({"name": "", "description": "", "spec": [{"type": "text", "question_name": "q", "required": True}]},
                    "'variable' missing from survey question 0"),
    "required as string": ([{"required": "yes"}], "'required' in survey question 0 expected to be boolean."),
    "duplicate": ([{}, {}], "'variable' 'v' duplicated in survey question 1."),
    "unknown type": ([{"type": "number"}],
                     "'number' in survey question 0 is not one of 'text, textarea, password, multiplechoice, "
                     "multiselect, integer, float' allowed question types."),
    "integer default as string": ([{"type": "integer", "default": "16"}],
                                  "Default value 16 in survey question 0 expected to be integer."),
    "text default as integer": ([{"default": 3}], "Default value 3 in survey question 0 expected to be string."),
    "min as string": ([{"type": "integer", "min": "1"}], "The min limit in survey question 0 expected to be integer."),
    "no choices": ([{"type": "multiplechoice"}], "Survey question 0 of type multiplechoice must specify choices."),
    "two defaults": ([{"type": "multiplechoice", "choices": ["a", "b"], "default": "a\nb"}],
                     "Multiple Choice (Single Select) can only have one default value."),
    "default not a choice": ([{"type": "multiplechoice", "choices": ["lab", "kind"], "default": "openshift"}],
                             "Default choice must be answered from the choices listed."),
    "encrypted on text": ([{"default": "$encrypted$"}],
                          "$encrypted$ is a reserved keyword for password question defaults, survey question 0 is type text."),
    "default above max": ([{"type": "integer", "min": 1, "max": 256, "default": 300}],
                          "'v' value 300 is too large (must be no more than 256)."),
    "default below min": ([{"type": "integer", "min": 1, "default": 0}], "'v' value 0 is too small (must be at least 1)."),
    "text default too long": ([{"max": 3, "default": "abcd"}], "'v' value abcd is too large (must be no more than 3)."),
    "float default for an integer": ([{"type": "integer", "default": 1.5}], "Default value 1.5 in survey question 0 expected to be integer."),
}


@pytest.mark.parametrize("case", BAD_SURVEYS)
def test_the_survey_rules_refuse_a_bad_survey(case):
    spec, message = BAD_SURVEYS[case]
    if isinstance(spec, list):  # questions over a valid text question
        spec = {"name": "s", "description": "", "spec": [
            {"type": "text", "question_name": "q", "variable": "v", "required": True, **q} for q in spec]}
    assert survey_problems(spec) == [message]


def test_the_survey_rules_refuse_a_real_survey_broken():
    spec = surveys()[0][1]
    broken = copy.deepcopy(spec)
    broken["spec"][1]["default"] = broken["spec"][1]["max"] + 1
    assert survey_problems(spec) == [] and survey_problems(broken)


@pytest.mark.parametrize("variable", MODULE_OF)
def test_every_field_is_an_option_of_the_awx_module(variable):
    assert [p for item in items(variable) for p in field_problems(variable, item)] == []


def test_the_field_check_refuses_a_wrong_field():
    template = {**items("controller_templates")[0], "job_type": "preview", "playbook_file": "site.yml", "forks": "2"}
    assert field_problems("controller_templates", template) == [
        "controller_templates 'ovnk.dpu install': job_type 'preview' is not one of ['run', 'check']",
        "controller_templates 'ovnk.dpu install': playbook_file is not an option of awx.awx.job_template",
        "controller_templates 'ovnk.dpu install': forks is str, awx.awx.job_template wants int"]


def test_every_reference_is_defined():
    defined = {variable: {item["name"] for item in items(variable)} for variable in MODULE_OF}
    problems = []

    def check(kind: str, name: Any, variable: str, where: str) -> None:
        if name is not None and name not in defined[variable]:
            problems.append(f"{where}: {kind} {name!r} is not defined in {variable}")

    for variable in MODULE_OF:
        for item in items(variable):
            check("organization", item.get("organization"), "aap_organizations", item["name"])
    for template in items("controller_templates"):
        for kind, variable in (("project", "controller_projects"), ("inventory", "controller_inventories"),
                               ("execution_environment", "controller_execution_environments")):
            check(kind, template.get(kind), variable, template["name"])
        for credential in template.get("credentials", []):
            check("credential", credential, "controller_credentials", template["name"])
        if not (REPO / template["playbook"]).is_file():
            problems.append(f"{template['name']}: playbook {template['playbook']} is not in the repository")
    for project in items("controller_projects"):
        check("default_environment", project.get("default_environment"), "controller_execution_environments", project["name"])
    for source in items("controller_inventory_sources"):
        check("inventory", source["inventory"], "controller_inventories", source["name"])
        check("source_project", source.get("source_project"), "controller_projects", source["name"])
        check("execution_environment", source.get("execution_environment"), "controller_execution_environments", source["name"])
        if source.get("source") == "scm" and not (REPO / source["source_path"]).exists():
            problems.append(f"{source['name']}: source_path {source['source_path']} is not in the repository")
    for credential in items("controller_credentials"):
        check("credential_type", credential["credential_type"], "controller_credential_types", credential["name"])
    assert problems == []


def test_the_inventory_sources_are_the_repositorys_inventories():
    paths = {source["source_path"] for source in items("controller_inventory_sources")}
    assert paths == {"inventories/lab/lab_topology.yml", "inventories/openshift-sample/"}


def test_the_kubeconfig_credential_holds_no_secret_and_injects_both_files():
    (ctype,) = items("controller_credential_types")
    fields = {f["id"]: f for f in ctype["inputs"]["fields"]}
    assert ctype["kind"] in ("cloud", "net")  # the only kinds AWX allows for a custom type (and on job templates)
    assert all(f.get("secret") is True for f in fields.values())
    assert set(ctype["inputs"]["required"]) == set(fields)
    files = {key.removeprefix("template."): value for key, value in ctype["injectors"]["file"].items()}
    assert {re.fullmatch(r"\{\{ (\w+) \}\}", v).group(1) for v in files.values()} == set(fields)
    assert ctype["injectors"]["extra_vars"] == {
        f"ovnk_dpu_{name}_kubeconfig": f"{{{{ tower.filename.{name} }}}}" for name in files}
    for credential in items("controller_credentials"):
        assert set(credential["inputs"]) == set(fields)
        assert all(re.fullmatch(r"\{\{ vault_\w+ \}\}", v) for v in credential["inputs"].values()), credential["inputs"]


def all_questions() -> list[dict[str, Any]]:
    return [question for _template, spec in surveys() for question in spec["spec"]]


def unique_questions() -> list[dict[str, Any]]:
    return list({question["variable"]: question for question in all_questions()}.values())


@pytest.mark.parametrize("question", unique_questions(),
                         ids=lambda q: q["variable"])
def test_survey_variable_is_a_role_variable_of_the_same_type(question):
    options = options_for(question["variable"])
    assert options, f"{question['variable']}: not a setting of plugins/module_utils/inventory/settings.py"
    assert [p for option in options if (p := type_problem(question, *option))] == []


@pytest.mark.parametrize("question", unique_questions(),
                         ids=lambda q: q["variable"])
def test_survey_default_is_the_lab_inventorys_value(question):
    kinds = {option[2].get("type", "str") for option in options_for(question["variable"])}
    expected = lab_value(question["variable"])
    assert same_value(question, kinds, expected), f"{question['variable']}: default {question.get('default')!r}, lab {expected!r}"


def test_a_variable_is_asked_the_same_way_in_every_survey():
    by_variable: dict[str, list[dict[str, Any]]] = {}
    for question in all_questions():
        by_variable.setdefault(question["variable"], []).append(question)
    assert [v for v, qs in by_variable.items() if any(q != qs[0] for q in qs)] == []


def test_survey_bounds_are_the_codes():
    from ansible_collections.ovnk.dpu.plugins.module_utils.representors.links import MAX_COUNT  # pylint: disable=import-outside-toplevel

    config = (REPO / "plugins/module_utils/ovnk/config.py").read_text()
    bounds = {f"ovnk_dpu_ovnk_{name}": (int(low), int(high))
              for name, low, high in re.findall(r'_integer\(config, "(lease_\w+)", prefix, (\d+), (\d+)', config)}
    bounds["ovnk_dpu_representor_count"] = (1, MAX_COUNT)
    assert len(bounds) == 3
    asked = {q["variable"]: (q.get("min"), q.get("max")) for q in all_questions() if q["variable"] in bounds}
    assert asked == bounds
