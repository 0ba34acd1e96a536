# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exponential backoff with jitter, for calls to an API server that went away."""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, initial: float, cap: float, factor: float = 2.0) -> None:
        self.initial, self.cap, self.factor = initial, cap, factor
        self.current = initial

    def next(self) -> float:
        """The next wait: the current delay with up to 20 % jitter, then the delay grows up to cap."""
        wait = self.current * random.uniform(0.8, 1.0)
        self.current = min(self.cap, self.current * self.factor)
        return wait

    def reset(self) -> None:
        self.current = self.initial
