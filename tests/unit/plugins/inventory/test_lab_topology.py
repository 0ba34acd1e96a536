"""The inventory plugin, through the real ansible-inventory command."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ansible_collections.ovnk.dpu.plugins.inventory.lab_topology import lab_nodes

REPO = Path(__file__).resolve().parents[4]


def inventory(env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), **env_extra}
    return subprocess.run(
        ["ansible-inventory", "-i", str(REPO / "inventories/lab"), "--list"],
        cwd=REPO, env=env, capture_output=True, text=True, check=False,
    )


def plain(value):
    """ansible-inventory marks plugin-set values unsafe in its JSON; unwrap them."""
    if isinstance(value, dict):
        return value.get("__ansible_unsafe", {k: plain(v) for k, v in value.items()})
    return value


def test_pairs_and_workers_are_named_like_the_seed_topology():
    nodes = lab_nodes(2, 1)
    assert [n["name"] for n in nodes] == ["host-0", "dpu-0", "host-1", "dpu-1", "worker-0"]
    assert {n["name"]: n["peer"] for n in nodes}["dpu-1"] == "host-1"


def test_default_lab_inventory_has_two_pairs_and_a_worker():
    result = inventory({})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert sorted(data["dpu_hosts"]["hosts"]) == ["host-0", "host-1"]
    assert sorted(data["dpu_nodes"]["hosts"]) == ["dpu-0", "dpu-1"]
    assert data["full_nodes"]["hosts"] == ["worker-0"]
    assert set(data["tenant_cluster"]["children"]) == {"dpu_hosts", "full_nodes"}
    hostvars = plain(data["_meta"]["hostvars"])
    assert hostvars["dpu-1"]["ovnk_dpu_node_role"] == "dpu"
    assert hostvars["dpu-1"]["ovnk_dpu_peer"] == "host-1"
    assert hostvars["host-0"]["ansible_connection"] == "local"


def test_one_variable_scales_the_lab():
    data = json.loads(inventory({"OVNK_DPU_LAB_PAIRS": "5", "OVNK_DPU_LAB_FULL_WORKERS": "0"}).stdout)
    assert len(data["dpu_hosts"]["hosts"]) == 5 and len(data["dpu_nodes"]["hosts"]) == 5
    assert "full_nodes" not in data or not data["full_nodes"].get("hosts")


@pytest.mark.parametrize("value", ["0", "-3", "abc", "201"])
def test_a_bad_pair_count_stops_with_the_variable_named(value):
    """Not an empty inventory (which preflight would call "no nodes"): the run stops naming OVNK_DPU_LAB_PAIRS."""
    result = inventory({"OVNK_DPU_LAB_PAIRS": value})
    assert result.returncode != 0
    assert f"pairs (or OVNK_DPU_LAB_PAIRS) is '{value}'; set it to a whole number from 1 to 200" in result.stderr


def test_a_bad_worker_count_names_its_variable():
    result = inventory({"OVNK_DPU_LAB_FULL_WORKERS": "many"})
    assert result.returncode != 0
    assert "full_workers (or OVNK_DPU_LAB_FULL_WORKERS) is 'many'; set it to a whole number from 0" in result.stderr
