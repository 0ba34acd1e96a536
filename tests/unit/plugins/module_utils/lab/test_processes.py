"""Real processes (sleep) and real sockets: no mocks."""

from __future__ import annotations

import os
import socket
import sys
import time

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import ports, processes


def sleeper(tmp_path, seconds="300") -> processes.Process:
    return processes.Process(
        name="sleeper",
        argv=["/bin/sleep", seconds],
        pidfile=tmp_path / "run" / "sleeper.pid",
        log=tmp_path / "log" / "sleeper.log",
        markers=("sleep", seconds),
    )


def test_start_find_and_stop_a_detached_process(tmp_path):
    proc = sleeper(tmp_path)
    pid = processes.start(proc)
    try:
        assert processes.running_pid(proc) == pid
        assert os.getsid(pid) == pid  # its own session: outlives the Ansible module
        time.sleep(0.3)
        assert not processes.is_gone(proc, pid)
    finally:
        assert processes.stop(proc) is True
    assert processes.running_pid(proc) is None
    assert not proc.pidfile.exists()
    assert processes.stop(proc) is False


def test_a_recycled_pid_is_never_taken_for_ours(tmp_path):
    proc = sleeper(tmp_path)
    proc.pidfile.parent.mkdir(parents=True)
    proc.pidfile.write_text(f"{os.getpid()}\n")  # a live process that is not the sleeper
    assert processes.running_pid(proc) is None
    assert processes.stop(proc) is False  # and it is not signalled


def test_a_process_that_dies_at_once_is_detected(tmp_path):
    proc = processes.Process(
        name="false", argv=["/bin/sh", "-c", "echo boom; exit 3", "marker"], pidfile=tmp_path / "f.pid",
        log=tmp_path / "f.log", markers=("sh", "marker"),
    )
    pid = processes.start(proc)
    deadline = time.monotonic() + 5
    while not processes.is_gone(proc, pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes.is_gone(proc, pid)
    assert "boom" in processes.log_tail(proc.log)


def test_leftover_sweep_finds_processes_by_path(tmp_path):
    marker = f"301.{os.getpid()}"  # no other process on the machine mentions it
    proc = sleeper(tmp_path, seconds=marker)
    pid = processes.start(proc)
    assert processes.pids_mentioning(marker) == [pid]
    processes.kill_all([pid])
    assert processes.running_pid(proc) is None


def test_busy_port_names_the_owner_and_ignores_our_own():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        (problem,) = ports.busy_ports({port: "tenant kube-apiserver"}, ours=set())
        assert f"port {port} (tenant kube-apiserver) is already used by pid {os.getpid()}" in problem
        assert os.path.basename(sys.executable)[:6] in problem or "python" in problem
        assert "ovnk_dpu_lab_port_base" in problem
        assert ports.busy_ports({port: "x"}, ours={os.getpid()}) == []
    assert ports.busy_ports({port: "x"}, ours=set()) == []
