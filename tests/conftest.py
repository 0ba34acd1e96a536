"""Make `ansible_collections.ovnk.dpu` and kubernetes.core importable in tests.

scripts/test.sh lays out .collections/ansible_collections/{ovnk/dpu -> repo, kubernetes}.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO / ".collections"
sys.path.insert(0, str(COLLECTIONS))


def pytest_collection_modifyitems(items) -> None:
    """Two workers (pytest-xdist, --dist loadgroup): a test file's tests stay together on one worker
    (its module-scoped lab), and so do the site tests, which share one lab across their files."""
    for item in items:
        path = Path(item.fspath)
        group = "site" if "site" in path.relative_to(REPO).parts[:3] else str(path.relative_to(REPO))
        item.add_marker(pytest.mark.xdist_group(group))
