#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: service_files
short_description: Make a service's files on a machine match in one run - its program, configurations, credentials, units
version_added: 0.4.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - Makes every directory of O(directories) and every file of O(files) on the machine match (content and mode),
    writing only those that differ, each atomically and with its mode from the start (a secret is never readable
    by others, not even for a moment).
  - One module run for all the files of every service on a machine, where one M(ansible.builtin.copy) task per
    file would start a module process each.
  - Returns which files changed with their O(files[].label), so that a role restarts exactly the services whose
    files changed. Never returns or shows contents (O(files) is C(no_log)); the diff names the files only.
  - The lease_watchdog role calls it.
options:
  directories:
    description: Directories to make, each with its mode.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Absolute path.
        type: path
        required: true
      mode:
        description: Octal mode, as a string (C("0700")).
        type: str
        required: true
  files:
    description: Files and their content.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description: Absolute path.
        type: path
        required: true
      content:
        description: The whole content.
        type: str
        required: true
      mode:
        description: Octal mode, as a string (C("0600")).
        type: str
        required: true
      label:
        description: What the file belongs to (a service's name), returned for the files that changed.
        type: str
        default: ""
attributes:
  check_mode:
    support: full
    description: Reports which directories and files would change, writing nothing.
  diff_mode:
    support: full
    description: Names the files that would change (never their content).
  idempotent:
    support: full
    description: A second run with the same files changes nothing.
"""

EXAMPLES = r"""
- name: A service's configuration and its kubeconfig
  ovnk.dpu.service_files:
    directories:
      - {path: /etc/ovnk-dpu/lease-watchdog, mode: "0700"}
    files:
      - {path: /etc/ovnk-dpu/lease-watchdog/monitor.yaml, content: "{{ config | to_nice_yaml }}", mode: "0600", label: monitor}
      - {path: /etc/ovnk-dpu/lease-watchdog/monitor.kubeconfig, content: "{{ kubeconfig }}", mode: "0600", label: monitor}
"""

RETURN = r"""
changed_files:
  description: The files written (or that would be, in check mode), with their label.
  returned: always
  type: list
  elements: dict
  sample: [{path: /etc/ovnk-dpu/lease-watchdog/monitor.yaml, label: monitor}]
changed_labels:
  description: The labels of the files that changed, once each.
  returned: always
  type: list
  elements: str
  sample: [monitor]
changed_indexes:
  description:
    - The positions in O(files) of the files that changed. Ansible hides any returned string that equals a
      value of a C(no_log) option (a file's content), so a caller that needs to know which files changed
      reliably maps these numbers back to its own list.
  returned: always
  type: list
  elements: int
  sample: [0, 2]
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.machine import service_files


def main() -> None:
    run_entry(service_files)


if __name__ == "__main__":
    main()
