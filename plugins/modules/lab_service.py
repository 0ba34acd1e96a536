#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: lab_service
short_description: Start, stop, restart or reload a service of the lab
version_added: 0.2.0
author: ovnk.dpu contributors (@ovnk-dpu)
description:
  - What M(ansible.builtin.systemd_service) does to a unit on a real machine, for the lab, which runs every
    machine on one host. A role writes the service's unit as C(<state_dir>/<name>/services/<service>.json)
    (its command line and environment), where it would write a systemd unit; this module starts it under
    the lab's supervisor, which starts it again when it dies (as C(Restart=on-failure); exit statuses 2 and
    78 stay down, as C(RestartPreventExitStatus)).
  - The lab starts its services with it (after its nodes are Ready) and stops them first.
extends_documentation_fragment:
  - ovnk.dpu.lab
attributes:
  check_mode:
    support: full
    description: Reports whether the service would change, changes nothing.
  diff_mode:
    support: full
    description: Whether the service runs, before and after.
  idempotent:
    support: full
    description: O(state=started) and O(state=stopped) leave a service in that state alone.
options:
  service:
    description: The service, as its unit file is named (lowercase letters, digits, C(.) and C(-)).
    type: str
  services:
    description:
      - Several services brought to O(state) in one run, which waits once for all of them to stay up (a fleet's
        renewers start in seconds, not one after another). Exactly one of O(service) and O(services) is given.
    type: list
    elements: str
  state:
    description:
      - C(started) and C(stopped) are idempotent; C(restarted) always stops and starts it again;
        C(reloaded) sends it SIGHUP (through the supervisor).
    type: str
    choices: [started, stopped, restarted, reloaded]
    default: started
"""

EXAMPLES = r"""
- name: Start the lease monitor on the lab
  ovnk.dpu.lab_service:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    service: ovnk-dpu-lease-monitor

- name: Start every renewer at once
  ovnk.dpu.lab_service:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    services: [ovnk-dpu-lease-renew-dpu-0, ovnk-dpu-lease-renew-dpu-1]

- name: Restart it after its configuration changed
  ovnk.dpu.lab_service:
    bin_dir: /root/.cache/ovnk-dpu/lab/bin
    service: ovnk-dpu-lease-monitor
    state: restarted
"""

RETURN = r"""
service:
  description: The service's name.
  returned: with O(service)
  type: str
running:
  description: Whether the service's supervisor runs after the module ran (in check mode, before).
  returned: with O(service)
  type: bool
log:
  description: The service's log file (its output and its supervisor's).
  returned: with O(service)
  type: str
services:
  description: By service - whether it changed, whether it runs after the module ran, its log file.
  returned: always
  type: dict
  sample: {ovnk-dpu-lease-monitor: {changed: false, running: true, log: /var/lib/ovnk-dpu/lab/ovnkdpu/log/service-ovnk-dpu-lease-monitor.log}}
"""

from ansible_collections.ovnk.dpu.plugins.module_utils.common.module_run import run_entry
from ansible_collections.ovnk.dpu.plugins.module_utils.lab import lab_service


def main() -> None:
    run_entry(lab_service)


if __name__ == "__main__":
    main()
