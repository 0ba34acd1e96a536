"""The lease watchdog on a lab of its own, with real processes and OVN-K's short test intervals
(renew 1 s, lease 4 s): site.yml installs a monitor and a renewer per DPU under the lab's
supervisor; the faults of issue 12 are made for real (a renewer stopped, a DPU's namespace
gone, the tenant API server restarted, a Lease deleted, the monitor killed, a host Node
deleted) and each is timed against what the watchdog promises."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest
from kubernetes import client as k8s, config as k8s_config
from kubernetes.client.rest import ApiException
from prometheus_client.parser import text_string_to_metric_families
from pyroute2 import netns

from labtools import DAY2_OFF, LabUnderTest, destroyed_after

pytestmark = pytest.mark.lab

NS = "ovn-kubernetes"
RENEW, DURATION = 1, 4
PORT_BASE = 29400
MONITOR_PORT = PORT_BASE + 290
SHORT = ("-e", f"ovnk_dpu_ovnk_lease_renew_interval={RENEW}", "-e", f"ovnk_dpu_ovnk_lease_duration={DURATION}", *DAY2_OFF)
MONITOR = "ovnk-dpu-lease-monitor"
PROGRAM = "ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog.service"


@pytest.fixture(scope="module")
def lab(lab_parent):
    under_test = LabUnderTest(name="ovnkwd", port_base=PORT_BASE, state_parent=lab_parent)
    with destroyed_after(under_test):
        run = under_test.playbook("site.yml", *SHORT)
        assert run.rc == 0, run.output[-5000:]
        under_test.first_run = run
        yield under_test


def tenant(lab: LabUnderTest) -> k8s.ApiClient:
    return k8s_config.new_client_from_config(str(lab.state_dir / "tenant" / "admin.kubeconfig"))


def read_lease(lab: LabUnderTest, host: str):
    try:
        return k8s.CoordinationV1Api(tenant(lab)).read_namespaced_lease(f"ovn-dpu-{host}", NS)
    except ApiException as e:
        if e.status == 404:
            return None
        raise


def scrape(port: int) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
        text = answer.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def lease_state(host: str) -> str | None:
    """The state the monitor reports for host now (None: it has none)."""
    for (name, labels), value in scrape(MONITOR_PORT).items():
        if name == "ovnk_dpu_lease_state" and ("host", host) in labels and value == 1:
            return dict(labels)["state"]
    return None


def expirations(host: str) -> float:
    return scrape(MONITOR_PORT).get(("ovnk_dpu_lease_transitions_total", (("host", host), ("to", "expired"))), 0.0)


def wait_for(condition, timeout: float, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def service(lab: LabUnderTest, name: str, state: str) -> None:
    run = lab.playbook("tests/integration/playbooks/lab_service.yml", "-e", f"service={name}",
                       "-e", f"service_state={state}")
    assert run.rc == 0, run.output[-3000:]


def service_pid(lab: LabUnderTest, name: str) -> int | None:
    """The watchdog's own pid (the supervisor's child)."""
    try:
        supervisor = int((lab.state_dir / "run" / f"service-{name}.pid").read_text())
        children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    except (OSError, ValueError):
        return None
    return int(children[0]) if children else None


def node_events(lab: LabUnderTest, host: str, reason: str) -> list:
    events = k8s.CoreV1Api(tenant(lab)).list_namespaced_event(
        "default", field_selector=f"involvedObject.kind=Node,involvedObject.name={host},reason={reason}")
    return events.items


def first_renewal(lab: LabUnderTest, dpu: str) -> datetime:
    """When the renewer's latest start renewed first (its log: one line when renewing begins)."""
    lines = (lab.state_dir / "log" / f"service-ovnk-dpu-lease-renew-{dpu}.log").read_text().splitlines()
    start = max(i for i, line in enumerate(lines) if "renew mode:" in line)
    line = next(line for line in lines[start:] if line.endswith(": renewed"))
    return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")


def gone(pid: int) -> bool:
    """Exited (a zombie nobody reaped yet counts: the lab's processes are not our children)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def renewed_at(lab: LabUnderTest, host: str) -> datetime:
    return read_lease(lab, host).spec.renew_time


def test_site_runs_a_monitor_and_a_renewer_per_dpu(lab):
    assert "host-0: healthy: renewed" in lab.first_run.output and "host-1: healthy: renewed" in lab.first_run.output
    for name in (MONITOR, "ovnk-dpu-lease-renew-dpu-0", "ovnk-dpu-lease-renew-dpu-1"):
        assert service_pid(lab, name), f"{name} does not run"
    nodes = {n.metadata.name: n.metadata.uid for n in k8s.CoreV1Api(tenant(lab)).list_node().items}
    for host in ("host-0", "host-1"):
        lease = read_lease(lab, host)
        assert lease.spec.holder_identity == "ovnk-dpu-lease-watchdog"
        assert lease.spec.lease_duration_seconds == DURATION
        assert [(o.kind, o.name, o.uid) for o in lease.metadata.owner_references] == [("Node", host, nodes[host])]
        assert lease_state(host) == "healthy"
    services = lab.state_dir / "services"
    for kubeconfig in services.glob("*.kubeconfig"):
        assert kubeconfig.stat().st_mode & 0o777 == 0o600
        token = next(line for line in kubeconfig.read_text().splitlines() if "token:" in line).split(":", 1)[1]
        assert token.strip().strip('"') not in lab.first_run.output
    with urllib.request.urlopen(f"http://127.0.0.1:{MONITOR_PORT}/healthz", timeout=5) as answer:
        assert answer.status == 200


def test_second_run_changes_nothing(lab):
    # (check mode on the whole site: test_lab_site.py, with the lab's own watchdog settings)
    again = lab.playbook("site.yml", *SHORT)
    assert again.rc == 0 and again.changed == 0, again.output[-5000:]


def test_a_stopped_renewer_is_seen_within_duration_plus_one_interval_and_its_return_within_one(lab):
    before_events = len(node_events(lab, "host-0", "DPULeaseExpired"))
    service(lab, "ovnk-dpu-lease-renew-dpu-0", "stopped")
    last_renewal = renewed_at(lab, "host-0")
    assert wait_for(lambda: lease_state("host-0") == "expired", DURATION + RENEW + 10)
    seen = datetime.now(timezone.utc)
    assert (seen - last_renewal).total_seconds() <= DURATION + RENEW + 0.5  # + the scrape's own delay
    # The Event follows the metric by one API call.
    assert wait_for(lambda: len(node_events(lab, "host-0", "DPULeaseExpired")) == before_events + 1, 5)
    assert lease_state("host-1") == "healthy"  # the other DPU goes on

    service(lab, "ovnk-dpu-lease-renew-dpu-0", "started")
    assert wait_for(lambda: lease_state("host-0") == "healthy", 15)
    recovered = datetime.now()
    # Seen within one interval (the monitor's period) of the restarted renewer's first renewal.
    assert (recovered - first_renewal(lab, "dpu-0")).total_seconds() <= RENEW + 0.5
    assert wait_for(lambda: node_events(lab, "host-0", "DPULeaseRecovered"), 5)


def test_a_rebooted_dpu_stops_renewing_until_its_links_are_back(lab):
    """A DPU reboot: its processes and its network namespace are gone. The renewer's checks fail,
    so it stops renewing; lab start and the representors stage bring them back, and renewals resume."""
    for pidfile in (lab.state_dir / "nodes" / "dpu-1" / "ovs").glob("*.pid"):
        os.kill(int(pidfile.read_text()), signal.SIGKILL)
    netns.remove(f"{lab.name}-dpu-1")
    assert wait_for(lambda: lease_state("host-1") == "expired", DURATION + RENEW + 10)
    log = (lab.state_dir / "log" / "service-ovnk-dpu-lease-renew-dpu-1.log").read_text()
    assert "stopped renewing" in log and f"network namespace {lab.name}-dpu-1 is gone" in log
    assert lab.playbook("playbooks/lab.yml").rc == 0
    time.sleep(DURATION)
    assert lease_state("host-1") == "expired"  # the namespace is back, its representors are not
    pairing = lab.playbook("playbooks/pairing.yml", *SHORT)
    assert pairing.rc == 0, pairing.output[-3000:]
    assert wait_for(lambda: lease_state("host-1") == "healthy", RENEW * 2 + 5)


def test_an_api_server_restart_is_survived_without_a_false_expiry(lab):
    monitor = service_pid(lab, MONITOR)
    expired = {h: expirations(h) for h in ("host-0", "host-1")}
    apiserver = int((lab.state_dir / "run" / "tenant-kube-apiserver.pid").read_text())
    os.kill(apiserver, signal.SIGKILL)  # it crashed; lab start brings it back
    assert wait_for(lambda: gone(apiserver), 30)
    time.sleep(DURATION + RENEW)  # longer than a Lease lasts: nobody can renew meanwhile
    assert scrape(MONITOR_PORT)[("ovnk_dpu_lease_watchdog_api_reachable", ())] == 0
    assert lab.playbook("playbooks/lab.yml").rc == 0
    assert wait_for(lambda: scrape(MONITOR_PORT)[("ovnk_dpu_lease_watchdog_api_reachable", ())] == 1, 30)
    time.sleep(DURATION + RENEW)
    assert service_pid(lab, MONITOR) == monitor  # no crash, no restart
    assert {h: expirations(h) for h in expired} == expired
    assert all(lease_state(h) == "healthy" for h in expired)


def test_a_deleted_lease_is_recreated_by_its_renewer_with_its_owner(lab):
    k8s.CoordinationV1Api(tenant(lab)).delete_namespaced_lease("ovn-dpu-host-0", NS)
    lease = wait_for(lambda: read_lease(lab, "host-0"), RENEW * 3)
    assert lease is not None
    assert [(o.kind, o.name) for o in lease.metadata.owner_references] == [("Node", "host-0")]


def test_a_killed_monitor_is_started_again_and_rebuilds_its_state(lab):
    first = service_pid(lab, MONITOR)
    os.kill(first, signal.SIGKILL)
    assert wait_for(lambda: (service_pid(lab, MONITOR) or first) != first, 15)
    assert wait_for(lambda: _try(lambda: lease_state("host-0") == "healthy" and lease_state("host-1") == "healthy"), 15)


def _try(probe):
    try:
        return probe()
    except OSError:  # the endpoint is not up yet
        return False


def run_watchdog(lab: LabUnderTest, config: Path, **kwargs) -> subprocess.Popen:
    """The installed program, as its unit runs it (PYTHONPATH: its own lib, nothing else of ours)."""
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(lab.state_dir / "services" / "lib")}
    return subprocess.Popen([sys.executable, "-m", PROGRAM, "--config", str(config)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


@pytest.mark.parametrize("settings, message", [
    ({"renew_interval": 4}, "renew_interval 4 must be below lease_duration 4"),
    ({"lease_duration": -1}, "lease_duration: -1 must be a number of seconds above 0"),
    ({"kubeconfig": "/nonexistent/k"}, "kubeconfig: /nonexistent/k does not exist"),
    ({"metrics_port": MONITOR_PORT}, f"metrics_port: cannot listen on 127.0.0.1:{MONITOR_PORT}"),
])
def test_bad_configuration_fails_at_start_with_one_message(lab, tmp_path, settings, message):
    base = {"mode": "monitor", "kubeconfig": str(lab.state_dir / "tenant" / "admin.kubeconfig"),
            "renew_interval": RENEW, "lease_duration": DURATION, "metrics_port": 0}
    config = tmp_path / "bad.yaml"
    config.write_text("\n".join(f"{k}: {v}" for k, v in {**base, **settings}.items()) + "\n")
    proc = run_watchdog(lab, config)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert err.strip().count("\n") == 0 and message in err, err


def test_sighup_reloads_and_sigterm_stops_cleanly(lab, tmp_path):
    config = tmp_path / "monitor.yaml"
    kubeconfig = lab.state_dir / "services" / f"{MONITOR}.kubeconfig"
    ports = (PORT_BASE + 280, PORT_BASE + 281)

    def write(port: int) -> None:
        config.write_text(f"mode: monitor\nkubeconfig: {kubeconfig}\nrenew_interval: {RENEW}\n"
                          f"lease_duration: {DURATION}\nmetrics_port: {port}\n")

    write(ports[0])
    proc = run_watchdog(lab, config)
    try:
        assert wait_for(lambda: _try(lambda: bool(scrape(ports[0]))), 15)
        write(ports[1])
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: _try(lambda: bool(scrape(ports[1]))), 15)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "SIGHUP: configuration" in err and "signal SIGTERM: stopping" in err


def test_renew_mode_refuses_beside_ovnks_own_updater(lab, tmp_path):
    """OVN-K v1.3's dpu-mode updater renews as ovnkube-dpu-node: a second renewer must not run."""
    leases = k8s.CoordinationV1Api(tenant(lab))
    body = k8s.V1Lease(metadata=k8s.V1ObjectMeta(name="ovn-dpu-worker-0"),
                       spec=k8s.V1LeaseSpec(holder_identity="ovnkube-dpu-node", lease_duration_seconds=DURATION,
                                            renew_time=datetime.now(timezone.utc)))
    leases.create_namespaced_lease(NS, body)
    stop = threading.Event()

    def ovnk_updater() -> None:
        while not stop.wait(0.3):
            lease = leases.read_namespaced_lease("ovn-dpu-worker-0", NS)
            lease.spec.renew_time = datetime.now(timezone.utc)
            leases.replace_namespaced_lease("ovn-dpu-worker-0", NS, lease)

    updater = threading.Thread(target=ovnk_updater, daemon=True)
    updater.start()
    config = tmp_path / "renew.yaml"
    config.write_text(f"mode: renew\nkubeconfig: {lab.state_dir / 'tenant' / 'admin.kubeconfig'}\nhosts: [worker-0]\n"
                      f"renew_interval: {RENEW}\nlease_duration: {DURATION}\nmetrics_port: 0\n")
    try:
        proc = run_watchdog(lab, config)
        _out, err = proc.communicate(timeout=30)
    finally:
        stop.set()
        updater.join()
        leases.delete_namespaced_lease("ovn-dpu-worker-0", NS)
    assert proc.returncode == 78
    assert "is renewed by ovnkube-dpu-node (OVN-K's own dpu-mode updater" in err


def dpu_not_ready_taint(lab: LabUnderTest, host: str) -> bool:
    taints = k8s.CoreV1Api(tenant(lab)).read_node(host).spec.taints or []
    return any(t.key == "k8s.ovn.org/dpu-not-ready" and t.effect == "NoSchedule" for t in taints)


def test_the_optional_taint_goes_on_with_an_expiry_and_off_with_the_recovery(lab, tmp_path):
    """For OVN-K <= 1.2 (no Lease gating of its own): a monitor with taint on. Its account gets
    patch on Nodes only then; here it runs with the admin's."""
    config = tmp_path / "taint.yaml"
    config.write_text(f"mode: monitor\nkubeconfig: {lab.state_dir / 'tenant' / 'admin.kubeconfig'}\nhosts: [host-0]\n"
                      f"renew_interval: {RENEW}\nlease_duration: {DURATION}\nmetrics_port: 0\ntaint: true\n")
    proc = run_watchdog(lab, config)
    try:
        time.sleep(2)
        assert not dpu_not_ready_taint(lab, "host-0")
        service(lab, "ovnk-dpu-lease-renew-dpu-0", "stopped")
        assert wait_for(lambda: dpu_not_ready_taint(lab, "host-0"), DURATION + RENEW + 5)
        service(lab, "ovnk-dpu-lease-renew-dpu-0", "started")
        assert wait_for(lambda: not dpu_not_ready_taint(lab, "host-0"), RENEW * 3 + 5)
    finally:
        proc.terminate()
        proc.communicate(timeout=15)


def test_a_deleted_host_node_takes_its_lease_along_for_good(lab):
    """Last: it removes host-1. The garbage collector deletes the Lease with its owner; neither the
    renewer nor the monitor brings it back, and the monitor drops the host."""
    k8s.CoreV1Api(tenant(lab)).delete_node("host-1")
    assert wait_for(lambda: read_lease(lab, "host-1") is None, 30)
    time.sleep(RENEW * 3)
    assert read_lease(lab, "host-1") is None
    assert wait_for(lambda: lease_state("host-1") is None, 10)
    log = (lab.state_dir / "log" / "service-ovnk-dpu-lease-renew-dpu-1.log").read_text()
    assert "host-1: Node host-1 is gone: its Lease is not recreated" in log
    assert service_pid(lab, "ovnk-dpu-lease-renew-dpu-1")  # it waits; it does not crash
