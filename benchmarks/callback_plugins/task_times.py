# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a playbook's time goes: each task's and each play's wall time, written as JSON to $OVNK_DPU_TASK_TIMES
when the run ends. For benchmarks (benchmarks/lab_scale.py --profile), not the product.

    ANSIBLE_CALLBACK_PLUGINS=benchmarks/callback_plugins ANSIBLE_CALLBACKS_ENABLED=task_times \\
        OVNK_DPU_TASK_TIMES=/tmp/times.json ansible-playbook site.yml
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: task_times
type: aggregate
short_description: Each task's and play's wall time, as JSON
description: Writes each task's and each play's wall time to the file named by OVNK_DPU_TASK_TIMES.
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_times"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.tasks: list[dict] = []
        self.plays: list[dict] = []
        self._task_start = self._play_start = time.monotonic()

    def _close_task(self) -> None:
        if self.tasks and "seconds" not in self.tasks[-1]:
            self.tasks[-1]["seconds"] = round(time.monotonic() - self._task_start, 3)

    def _close_play(self) -> None:
        self._close_task()
        if self.plays and "seconds" not in self.plays[-1]:
            self.plays[-1]["seconds"] = round(time.monotonic() - self._play_start, 3)

    def v2_playbook_on_play_start(self, play) -> None:
        self._close_play()
        self.plays.append({"play": play.get_name()})
        self._play_start = time.monotonic()

    def v2_playbook_on_task_start(self, task, is_conditional) -> None:
        self._close_task()
        self.tasks.append({"play": self.plays[-1]["play"] if self.plays else "", "task": task.get_name()})
        self._task_start = time.monotonic()

    def v2_playbook_on_handler_task_start(self, task) -> None:
        self.v2_playbook_on_task_start(task, False)

    def v2_playbook_on_stats(self, stats) -> None:
        self._close_play()
        path = os.environ.get("OVNK_DPU_TASK_TIMES")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"plays": self.plays, "tasks": self.tasks}, handle, indent=1)
