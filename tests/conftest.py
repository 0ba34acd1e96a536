"""Make `ansible_collections.ovnk.dpu` and kubernetes.core importable in tests.

scripts/test.sh lays out .collections/ansible_collections/{ovnk/dpu -> repo, kubernetes}.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO / ".collections"
sys.path.insert(0, str(COLLECTIONS))
