# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A set of directories and files on one machine, made to match in one pass: each file written
(atomically, with its mode from the start) only where its content or mode differ."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError


def directory_differs(path: Path, mode: int) -> bool:
    return not path.is_dir() or (path.stat().st_mode & 0o7777) != mode


def file_differs(path: Path, content: bytes, mode: int) -> bool:
    try:
        return (path.stat().st_mode & 0o7777) != mode or path.read_bytes() != content
    except FileNotFoundError:
        return True


def make_directory(path: Path, mode: int) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=mode)
    os.chmod(path, mode)


def write_file(path: Path, content: bytes, mode: int) -> None:
    """Write through a temporary file in the same directory, renamed over the target: a reader
    never sees half a file, and a secret is never readable by others, not even for a moment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# The module's wiring (plugins/modules/service_files.py runs run_entry on this file).
ARGUMENT_SPEC: dict[str, dict] = {
    "directories": {"type": "list", "elements": "dict", "default": [], "options": {
        "path": {"type": "path", "required": True},
        "mode": {"type": "str", "required": True},
    }},
    "files": {"type": "list", "elements": "dict", "default": [], "no_log": True, "options": {
        "path": {"type": "path", "required": True},
        "content": {"type": "str", "required": True, "no_log": True},
        "mode": {"type": "str", "required": True},
        "label": {"type": "str", "default": ""},
    }},
}


def _mode(text: str) -> int:
    try:
        mode = int(text, 8)
    except ValueError:
        return -1
    return mode if 0 <= mode <= 0o7777 else -1


def input_problems(params: dict) -> list[str]:
    """Every entry's path absolute and mode octal, named by its place (a path may be secret-looking)."""
    problems = []
    for key in ("directories", "files"):
        for index, entry in enumerate(params[key]):
            if not str(entry["path"]).startswith("/"):
                problems.append(f"{key}[{index}].path: not an absolute path; give the full path, e.g. /etc/ovnk-dpu/...")
            if _mode(entry["mode"]) < 0:
                problems.append(f"{key}[{index}].mode: not an octal mode; write it as a quoted string, e.g. \"0600\"")
    return problems


def run(module: Any) -> dict:
    """The service_files module's work."""
    p = module.params
    problems = input_problems(p)
    if problems:
        raise InputError(problems, "invalid service files: ")
    directories = [(Path(d["path"]), _mode(d["mode"])) for d in p["directories"]]
    files = [(Path(f["path"]), f["content"].encode(), _mode(f["mode"]), f["label"]) for f in p["files"]]
    made = [str(path) for path, mode in directories if directory_differs(path, mode)]
    changed = [{"path": str(path), "label": label} for path, content, mode, label in files
               if file_differs(path, content, mode)]
    if not module.check_mode:
        for path, mode in directories:
            if str(path) in made:
                make_directory(path, mode)
        wanted = {c["path"] for c in changed}
        for path, content, mode, _label in files:
            if str(path) in wanted:
                write_file(path, content, mode)
    changed_paths = {c["path"] for c in changed}
    result = {"changed": bool(made or changed), "changed_files": changed,
              "changed_indexes": [i for i, f in enumerate(files) if str(f[0]) in changed_paths],
              "changed_labels": sorted({c["label"] for c in changed if c["label"]})}
    if module._diff:
        result["diff"] = {"before": {"out of date": made + [c["path"] for c in changed]}, "after": {"out of date": []}}
    return result
