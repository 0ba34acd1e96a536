"""Write docs/settings.md from the collection's one table of settings (plugins/module_utils/inventory/settings.py).

    python scripts/settings_doc.py           # write the file
    python scripts/settings_doc.py --check   # exit 1 when it is out of date

Adding a setting: a row in the table, the role that reads it (ovnk_dpu.settings.<name>), and this script.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".collections"))

from ansible_collections.ovnk.dpu.plugins.module_utils.inventory.settings import (  # noqa: E402  pylint: disable=wrong-import-position
    PLATFORM_DEFAULTS, SETTINGS, Derived)

TARGET = REPO / "docs" / "settings.md"
HEADER = """<!-- Generated from plugins/module_utils/inventory/settings.py by scripts/settings_doc.py; do not edit. -->

# Settings

Every `ovnk_dpu_*` variable the collection reads, with its type, its default and what a value must be. One table
in Python (`plugins/module_utils/inventory/settings.py`) holds them: the roles read the resolved values from the
`ovnk_dpu` fact (`roles/topology`, the `ovnk.dpu.topology` lookup), preflight checks what the inventory writes
against the same rules (a misspelt name is refused with the closest known one), and the AWX surveys are tested
against it. A platform brings a layer of its own defaults between the table's and the inventory's (the columns
*lab* and *kind*, where they differ); `ovnk_dpu_platform` has none and must be stated. *Per node*: a host may set
its own value (host_vars), which the resolved inventory carries per node.

| setting | type | default | lab | kind | per node | preflight asks |
|---|---|---|---|---|---|---|
"""


def shown(value: object) -> str:
    if isinstance(value, Derived):
        return value.says
    if value is None:
        return "(none)"
    return f"`{json.dumps(value)}`" if not isinstance(value, str) else (f"`{value}`" if value else "`\"\"`")


def row(name: str) -> str:
    setting = SETTINGS[name]
    layers = [shown(PLATFORM_DEFAULTS[p][name]) if name in PLATFORM_DEFAULTS[p] else "" for p in ("lab", "kind")]
    cells = [f"`{name}`", setting.rule.kind, shown(setting.default), *layers, "yes" if setting.per_node else "",
             "set " + setting.rule.hint.replace("|", "\\|")]
    return "| " + " | ".join(cells) + " |\n"


def render() -> str:
    return HEADER + "".join(row(name) for name in SETTINGS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is out of date")
    text = render()
    if parser.parse_args().check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(REPO)} is out of date: run python scripts/settings_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
