"""Offline stand-in for get-pip.py, used by ansible-test to put pip into its venvs.

ansible-test downloads get-pip.py from the internet, which is unreachable here;
scripts/lib/quality.sh caches the pip wheel next to this file and this installs it.
"""

import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WHEEL = sorted(glob.glob(os.path.join(HERE, "pip-*.whl")))[-1]
sys.path.insert(0, WHEEL)

from pip._internal.cli.main import main  # noqa: E402  pylint: disable=wrong-import-position

ARGS = [a for a in sys.argv[1:] if not a.startswith("pip==") and a not in ("--no-setuptools", "--no-wheel")]
sys.exit(main(["install", "--upgrade", "--force-reinstall", WHEEL] + ARGS))
