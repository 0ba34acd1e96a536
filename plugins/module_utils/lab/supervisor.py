# -*- coding: utf-8 -*-
# Copyright: (c) 2026, ovnk.dpu contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's stand-in for systemd: run one service, start it again when it dies.

    python3 supervise.py --name NAME --no-restart-status 2 --no-restart-status 78 -- ARGV...

As a unit with Restart=on-failure and RestartPreventExitStatus: a service that exits 0 or with
one of the no-restart statuses stays down (and so does the supervisor); any other exit or a
signal starts it again after a growing delay (1 s up to 10 s, back to 1 s after a minute up).
SIGTERM and SIGINT stop the service (SIGTERM, then SIGKILL after 10 s) and the supervisor;
SIGHUP is passed on (reload). Standard library only: the lab writes this file out as it is and
runs it with the service's interpreter.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time

STOP_TIMEOUT = 10.0
HEALTHY_AFTER = 60.0


def supervise(name: str, argv: list[str], no_restart: set[int]) -> int:
    state = {"stopping": False, "child": None}

    def on_stop(signum, _frame) -> None:
        state["stopping"] = True
        if state["child"] is not None:
            state["child"].send_signal(signal.SIGTERM)

    def on_hup(_signum, _frame) -> None:
        if state["child"] is not None:
            state["child"].send_signal(signal.SIGHUP)

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    signal.signal(signal.SIGHUP, on_hup)
    delay = 1.0
    while True:
        started = time.monotonic()
        state["child"] = subprocess.Popen(argv)  # pylint: disable=consider-using-with
        _say(f"supervisor {name}: started pid {state['child'].pid}")
        code = _wait(state)
        if state["stopping"]:
            _say(f"supervisor {name}: stopped")
            return 0
        if code == 0 or code in no_restart:
            _say(f"supervisor {name}: exited {code}; not restarting")
            return code
        delay = 1.0 if time.monotonic() - started > HEALTHY_AFTER else delay
        _say(f"supervisor {name}: exited {code}; restarting in {delay:.0f}s")
        if _sleep_unless_stopped(state, delay):
            return 0
        delay = min(delay * 2, 10.0)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _wait(state: dict) -> int:
    """The child's exit status; once stopping, SIGKILL if it outlives STOP_TIMEOUT."""
    child, kill_at = state["child"], None
    while True:
        try:
            return child.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if state["stopping"]:
                kill_at = kill_at or time.monotonic() + STOP_TIMEOUT
                if time.monotonic() > kill_at:
                    child.kill()


def _sleep_unless_stopped(state: dict, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if state["stopping"]:
            return True
        time.sleep(0.1)
    return state["stopping"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="supervise")
    parser.add_argument("--name", required=True)
    parser.add_argument("--no-restart-status", type=int, action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the service's command after --")
    return supervise(args.name, command, set(args.no_restart_status))


if __name__ == "__main__":
    raise SystemExit(main())
