"""The site tests share one lab, installed once the way a user installs it: molecule's default
scenario (create, converge) with -vvv and --diff, so the security tests can search everything the
install printed. The files run in order: install, bad input, security, faults, upgrade, teardown;
each also runs alone (the fixture installs)."""

from __future__ import annotations

import time

import pytest

from labtools import LabUnderTest
from sitetools import molecule


@pytest.fixture(scope="package")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkci", port_base=26400, state_parent=lab_parent)
    marker = time.time()
    # The first install, as verbose as Ansible gets and with every diff: what the security tests read.
    under_test.first_run = molecule(under_test, "converge", env={"ANSIBLE_VERBOSITY": "3", "ANSIBLE_DIFF_ALWAYS": "1"})
    under_test.installed_at = marker
    yield under_test
    # Whatever a test left behind, the lab goes.
    under_test.playbook("playbooks/lab.yml", "-e", "lab_action=destroy")
