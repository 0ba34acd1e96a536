"""The DPUs' CNI plugin (roles/node_taints/files/error-cni), run as the kubelet's runtime runs it:
every ADD fails with a CNI error naming why, DEL/CHECK/STATUS succeed, VERSION answers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[3] / "roles" / "node_taints" / "files" / "error-cni"
CONFIG = json.dumps({"cniVersion": "0.4.0", "name": "error-cni", "type": "error-cni"})


def cni(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(PLUGIN)], input=CONFIG, capture_output=True, text=True, check=False,
                          env={"CNI_COMMAND": command, "CNI_CONTAINERID": "c", "CNI_NETNS": "/proc/1/ns/net",
                               "CNI_IFNAME": "eth0", "CNI_PATH": "/opt/cni/bin", "PATH": "/usr/bin:/bin"})


def test_every_add_fails_with_the_reason():
    result = cni("ADD")
    assert result.returncode == 7
    error = json.loads(result.stdout)
    assert error == {"cniVersion": "0.4.0", "code": 7, "msg": "Not Supported",
                     "details": "Only host backed pods supported on DPU in Infra Cluster."}


def test_cleanup_and_status_succeed_so_the_node_stays_ready():
    for command in ("DEL", "CHECK", "STATUS", "GC"):
        assert cni(command).returncode == 0, command


def test_version_and_unknown_commands():
    assert "0.4.0" in json.loads(cni("VERSION").stdout)["supportedVersions"]
    assert cni("FROB").returncode == 4
