"""Write each role's README.md from its meta/argument_specs.yml (the one source of its arguments).

    python scripts/role_readmes.py           # write the READMEs
    python scripts/role_readmes.py --check   # exit 1 and name the READMEs that are out of date

Galaxy and Automation Hub refuse a collection whose roles have no README; generating them keeps
the argument tables from drifting from what the roles really validate.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
# Ansible's doc markup C(code), O(option), V(value), M(module), I(italic) -> Markdown code.
_MARKUP = re.compile(r"\b[COVMI]\(([^)]*)\)")
HEADER = "<!-- Generated from meta/argument_specs.yml by scripts/role_readmes.py; do not edit. -->"


def _text(value: object) -> str:
    lines = value if isinstance(value, list) else [value]
    text = " ".join(str(line).strip() for line in lines if line is not None)
    return _MARKUP.sub(r"`\1`", text).replace("|", "\\|")


def _type(option: dict) -> str:
    kind = option.get("type", "str")
    if kind == "list" and option.get("elements"):
        kind = f"list of {option['elements']}"
    if option.get("choices"):
        kind += " (" + ", ".join(f"`{c}`" for c in option["choices"]) + ")"
    return kind


def render(role: str, spec: dict) -> str:
    main = spec["argument_specs"]["main"]
    out = [HEADER, "", f"# ovnk.dpu.{role}", "", _text(main.get("short_description", "")), ""]
    for paragraph in main.get("description") or []:
        out += [_text(paragraph), ""]
    out += ["## Arguments", "", "Validated when the role starts (`meta/argument_specs.yml`); each defaults to an",
            "inventory-wide `ovnk_dpu_*` setting where one exists (`defaults/main.yml`).", "",
            "| argument | type | description |", "|---|---|---|"]
    for name, option in sorted((main.get("options") or {}).items()):
        default = f" Default: `{option['default']}`." if "default" in option else ""
        out.append(f"| `{name}` | {_type(option)} | {_text(option.get('description', ''))}{default} |")
    out += ["", "## Use", "", "```yaml", "- hosts: localhost", "  gather_facts: false", "  roles:",
            f"    - role: ovnk.dpu.{role}", "```", "",
            "See the collection's [docs/roles.md](../../docs/roles.md) for how the roles fit together.", ""]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="report out-of-date READMEs instead of writing them")
    args = parser.parse_args()
    stale = []
    for specs in sorted(REPO.glob("roles/*/meta/argument_specs.yml")):
        role_dir = specs.parents[1]
        text = render(role_dir.name, yaml.safe_load(specs.read_text()))
        readme = role_dir / "README.md"
        if readme.exists() and readme.read_text() == text:
            continue
        stale.append(str(readme.relative_to(REPO)))
        if not args.check:
            readme.write_text(text)
    if args.check and stale:
        print("out of date (run scripts/role_readmes.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
