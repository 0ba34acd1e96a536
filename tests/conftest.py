"""Make `ansible_collections.ovnk.dpu` and kubernetes.core importable in tests.

scripts/test.sh lays out .collections/ansible_collections/{ovnk/dpu -> repo, kubernetes}.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO / ".collections"
sys.path.insert(0, str(COLLECTIONS))


def pytest_xdist_make_scheduler(config, log):
    """Two workers (pytest-xdist): a test file's tests stay together on one worker (its module-scoped
    lab), and so do the files of tests/integration/site, which share one lab. The largest unit (the
    site tests) starts first."""
    from xdist.scheduler import LoadScopeScheduling  # pylint: disable=import-outside-toplevel

    class OneLabPerWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SITE if path.startswith(SITE + "/") else path

    return OneLabPerWorker(config, log)


SITE = "tests/integration/site"
