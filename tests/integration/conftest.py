"""Fixtures of the lab integration tests (helpers in labtools.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from labtools import require_lab_host


@pytest.fixture(scope="session")
def lab_parent(tmp_path_factory) -> Path:
    require_lab_host()
    return tmp_path_factory.mktemp("labs")
