#!/usr/bin/env bash
# Set up this machine (once) and run every test: unit, lab integration, ansible-test
# sanity and ansible-lint, all through pytest. Extra arguments go to pytest
# (e.g. tests/unit, -k lab, -x).
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
setup_all
exec python -m pytest "${@:-tests}"
