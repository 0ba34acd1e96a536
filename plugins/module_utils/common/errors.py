# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's two kinds of failure. Every module ends through module_run.exit_with,
which turns each (and API server, OVSDB and missing-library errors) into one clear fail_json."""

from __future__ import annotations


class InputError(Exception):
    """Bad input, found before anything was changed: every problem, each naming the field and the fix."""

    def __init__(self, problems: list[str] | str, prefix: str = "") -> None:
        self.problems = [problems] if isinstance(problems, str) else list(dict.fromkeys(problems))
        super().__init__(prefix + "; ".join(self.problems))


class OperationError(Exception):
    """A step failed after the input was found valid: the message names where (cluster, host,
    object) and what to look at."""
