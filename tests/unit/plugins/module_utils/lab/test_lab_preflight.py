from __future__ import annotations

import socket

from ansible_collections.ovnk.dpu.plugins.module_utils.lab import ports
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.lifecycle import Lab
from ansible_collections.ovnk.dpu.plugins.module_utils.lab.spec import build_spec


def lab_with(tmp_path, port_base: int) -> Lab:
    return Lab(build_spec(
        name="pre", state_dir=str(tmp_path / "state"), bin_dir=str(tmp_path / "bin"), port_base=port_base,
        nodes=[{"name": "host-0", "role": "dpu-host"}, {"name": "dpu-0", "role": "dpu"}],
        service_cidrs={"tenant": "10.96.0.0/16", "infra": "10.112.0.0/16"},
    ))


def test_missing_binaries_and_busy_ports_are_all_reported(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        lab = lab_with(tmp_path, port - 43)  # the squatter holds the tenant API port
        problems = lab.preflight()
    text = "\n".join(problems)
    for binary in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok",
                   "kwok-stages/pod/fast/pod-ready.yaml"):
        assert f"{tmp_path}/bin/{binary} is missing" in text
    assert f"port {port} (tenant kube-apiserver) is already used" in text
    assert not (tmp_path / "state").exists()  # preflight touches nothing


def test_ports_in_the_kernels_ephemeral_range_are_refused(tmp_path):
    low, high = ports.ephemeral_range()
    inside = [p for p in lab_with(tmp_path, low + 100).preflight() if p.startswith("port_base:")]
    assert inside == [f"port_base: ports {low + 100 + 43}-{low + 100 + 181} are in the kernel's range for outgoing "
                      f"connections ({low}-{high}), which may take them at any time; set ovnk_dpu_lab_port_base so the "
                      f"lab's ports stay below {low} (e.g. 16400)"]
    assert not [p for p in lab_with(tmp_path, 16400).preflight() if p.startswith("port_base:")]
