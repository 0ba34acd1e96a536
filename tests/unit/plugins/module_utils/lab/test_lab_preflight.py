from __future__ import annotations

import socket

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
