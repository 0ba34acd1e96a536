"""roles/kind: the kind config it renders from the sample inventory (inventories/kind) is seed 004's topology, the
inventory's names are checked against kind's, the clusters are made only when kind lacks them (stand-in CLIs), and
on a machine without a Docker engine the role stops at once with a message naming it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import init_plugin_loader
from ansible.template import Templar, trust_as_template

from ansible_collections.ovnk.dpu.plugins.module_utils.inventory import topology

REPO = Path(__file__).resolve().parents[3]
ROLE = REPO / "roles" / "kind"
INVENTORY = REPO / "inventories" / "kind"
BIN = Path(sys.executable).parent
SEED_PAIRS = {"dpu-worker": "dpu-worker2", "dpu-worker3": "dpu-worker4"}


def _trusted(value):
    """Inventory values read as JSON carry no template trust; the inventory's own files would."""
    if isinstance(value, str):
        return trust_as_template(value)
    if isinstance(value, dict):
        return {k: _trusted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_trusted(v) for v in value]
    return value


def _hosts_of(name: str, exported: dict) -> list[str]:
    group = exported.get(name, {})
    hosts = list(group.get("hosts", []))
    for child in group.get("children", []):
        hosts += [h for h in _hosts_of(child, exported) if h not in hosts]
    return hosts


@pytest.fixture(scope="module")
def inventory() -> dict:
    init_plugin_loader()  # lookups and filters, as ansible-playbook finds them
    """The sample inventory as ansible-inventory reads it: its all-group settings, groups and hostvars."""
    out = subprocess.run([BIN / "ansible-inventory", "-i", INVENTORY, "--list", "--export"], cwd=REPO,
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg")}).stdout
    exported = json.loads(out)
    settings = exported["all"]["vars"]
    groups = {name: _hosts_of(name, exported) for name in exported if name != "_meta"}
    hostvars = {host: {**settings, **own} for host, own in exported["_meta"]["hostvars"].items()}
    return {"settings": settings, "groups": groups, "hostvars": hostvars}


def templar_for(inventory: dict, **overrides) -> Templar:
    """The role's defaults over the inventory, with the ovnk_dpu fact the topology role resolves from it."""
    loader = DataLoader()
    defaults = loader.load_from_file(str(ROLE / "defaults" / "main.yml"), trusted_as_template=True)
    variables = {**_trusted(inventory["settings"]), "groups": inventory["groups"],
                 "hostvars": _trusted(inventory["hostvars"]), "ansible_check_mode": False, **_trusted(overrides)}
    plain = Templar(loader=loader, variables=variables)
    written = {k: plain.template(v) for k, v in variables.items() if k.startswith("ovnk_dpu_")}
    node_written = {host: {k: v for k, v in own.items() if k.startswith("ovnk_dpu_") and inventory["settings"].get(k) != v}
                    for host, own in inventory["hostvars"].items()}
    resolved = topology.resolve(inventory["groups"], written, node_written)
    return Templar(loader=loader, variables={**variables, **defaults, "ovnk_dpu": resolved})


def render_configs(templar: Templar) -> dict[str, dict]:
    source = trust_as_template((ROLE / "templates" / "kind-config.yaml.j2").read_text())
    configs = {}
    for cluster in templar.template(trust_as_template("{{ kind_clusters }}")):
        text = templar.copy_with_new_env(available_variables={**templar.available_variables,
                                                              "kind_cluster": cluster}).template(source)
        configs[cluster["name"]] = yaml.safe_load(text)
    return configs


def test_the_config_is_a_kind_cluster_with_ovnk_networking(inventory):
    configs = render_configs(templar_for(inventory))
    assert list(configs) == ["dpu"]  # seed 004: one cluster for both sides
    config = configs["dpu"]
    assert config["kind"] == "Cluster" and config["apiVersion"] == "kind.x-k8s.io/v1alpha4"
    networking = config["networking"]
    assert networking["disableDefaultCNI"] is True and networking["kubeProxyMode"] == "none"
    assert networking["podSubnet"] == inventory["settings"]["ovnk_dpu_ovnk_cluster_cidr"] == "10.244.0.0/16"
    assert networking["serviceSubnet"] == inventory["settings"]["ovnk_dpu_ovnk_service_cidr"] == "10.96.0.0/16"
    patches = "\n".join(config["kubeadmConfigPatches"])
    assert "-service-lb-controller" in patches and "dnsDomain: cluster.local" in patches
    assert "stream_server_port = '33333'" in config["containerdConfigPatches"][0]


def test_one_node_per_inventory_node_in_kinds_order_with_seed_004s_labels(inventory):
    nodes = render_configs(templar_for(inventory))["dpu"]["nodes"]
    # kind names the nodes by their place: control plane, then <cluster>-worker, -worker2, ...
    names = ["dpu-control-plane"] + [f"dpu-worker{n if n > 1 else ''}" for n in range(1, len(nodes))]
    assert sorted(names) == sorted(inventory["groups"]["ovnk_nodes"])
    roles = {"full": "control-plane", "dpu-host": "worker", "dpu": "worker"}
    for name, node in zip(names, nodes):
        ovnk_role = inventory["hostvars"][name]["ovnk_dpu_node_role"]
        assert node["role"] == roles[ovnk_role], name
        assert node["labels"]["k8s.ovn.org/zone-name"] == name
        assert ("k8s.ovn.org/dpu-host" in node["labels"]) == (ovnk_role == "dpu-host"), name
        assert ("k8s.ovn.org/dpu" in node["labels"]) == (ovnk_role == "dpu"), name
    assert nodes[0]["labels"]["k8s.ovn.org/ovnkube-db"] == "true"
    # The control plane is an OVN-K (full) node of the inventory: schedulable, as seed 004 untaints it.
    assert "taints: []" in nodes[0]["kubeadmConfigPatches"][0]
    # Seed 004's pairs: host dpu-worker <-> DPU dpu-worker2, dpu-worker3 <-> dpu-worker4.
    assert {h: inventory["hostvars"][h]["ovnk_dpu_peer"] for h in inventory["groups"]["dpu_hosts"]} == SEED_PAIRS


def test_a_separate_infra_cluster_gets_the_dpus_and_its_own_ranges(inventory):
    renamed = {"dpu-worker3": "dpu-worker2", "dpu-worker2": "infra-worker", "dpu-worker4": "infra-worker2"}
    groups = {g: [renamed.get(h, h) for h in hosts] for g, hosts in inventory["groups"].items()}
    hostvars = {renamed.get(h, h): v for h, v in inventory["hostvars"].items()}
    templar = templar_for({**inventory, "groups": groups, "hostvars": hostvars},
                          ovnk_dpu_kind_infra_cluster="infra", ovnk_dpu_infra_kubeconfig="/tmp/infra.kubeconfig")
    assert templar.template(trust_as_template("{{ kind_naming_problems }}")) == []
    clusters = {c["name"]: c for c in templar.template(trust_as_template("{{ kind_clusters }}"))}
    assert clusters["dpu"]["sides"] == ["tenant"] and clusters["infra"]["sides"] == ["infra"]
    assert clusters["infra"]["kubeconfigs"] == ["/tmp/infra.kubeconfig"]
    configs = render_configs(templar)
    assert [n["role"] for n in configs["dpu"]["nodes"]] == ["control-plane", "worker", "worker"]
    infra = configs["infra"]
    assert [n["role"] for n in infra["nodes"]] == ["control-plane", "worker", "worker"]
    assert all("k8s.ovn.org/dpu" in n["labels"] for n in infra["nodes"][1:])
    assert infra["networking"]["podSubnet"] == "10.245.0.0/16" != configs["dpu"]["networking"]["podSubnet"]
    # The infra control plane is no inventory node: it keeps kubeadm's taint.
    assert "taints" not in "".join(infra["nodes"][0]["kubeadmConfigPatches"])


def test_names_kind_cannot_give_are_refused_with_the_fix(inventory):
    renamed = {"dpu-worker3": "host-1", "dpu-worker4": "dpu-worker5"}
    groups = {g: [renamed.get(h, h) for h in hosts] for g, hosts in inventory["groups"].items()}
    hostvars = {renamed.get(h, h): v for h, v in inventory["hostvars"].items()}
    problems = templar_for({**inventory, "groups": groups, "hostvars": hostvars}).template(
        trust_as_template("{{ kind_naming_problems }}"))
    assert any(p.startswith("host-1 (tenant cluster dpu): kind names its nodes dpu-control-plane") for p in problems)
    assert any("numbered 1, 2, 5" in p for p in problems), problems
    assert templar_for(inventory).template(trust_as_template("{{ kind_naming_problems }}")) == []


def _playbook(tmp_path: Path, tasks_from: str, **variables) -> Path:
    playbook = tmp_path / "play.yml"
    play = {"hosts": "localhost", "gather_facts": False,
            "vars": {"ansible_python_interpreter": sys.executable, "ansible_connection": "local", **variables},
            "tasks": [{"name": "The kind role",
                       "ansible.builtin.include_role": {"name": "ovnk.dpu.kind", "tasks_from": tasks_from}}]}
    playbook.write_text(yaml.safe_dump([play]))
    return playbook


def _run(playbook: Path, path: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": path, "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    return subprocess.run([BIN / "ansible-playbook", "-i", INVENTORY, str(playbook), *args], cwd=REPO,
                          capture_output=True, text=True, check=False, env=env)


def _docker_engine_answers() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, check=False, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.parametrize("tasks_from", ["prerequisites", "main"])
def test_without_a_docker_engine_the_role_stops_naming_it(tmp_path, tasks_from):
    if _docker_engine_answers():
        pytest.skip("a Docker engine runs here: the prerequisites pass")
    state = tmp_path / "state"
    playbook = _playbook(tmp_path, tasks_from, ovnk_dpu_kind_config_dir=str(state / "configs"),
                         ovnk_dpu_tenant_kubeconfig=str(state / "dpu.kubeconfig"))
    run = _run(playbook, f"{BIN}:{os.environ['PATH']}")
    output = run.stdout + run.stderr
    assert run.returncode == 2, output[-3000:]
    assert "the kind platform needs a Docker engine (docker info failed: " in output, output[-3000:]
    assert "install them or use ovnk_dpu_platform: lab" in output
    assert "failed=1" in output and "changed=0" in output
    assert not state.exists()  # no config rendered, no cluster, no kubeconfig


STUB = """#!/bin/sh
echo "$(basename "$0") $*" >> {log}
{body}
"""


def _stub(directory: Path, name: str, body: str, log: Path) -> None:
    path = directory / name
    path.write_text(STUB.format(log=log, body=body))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_a_working_docker_without_kind_names_the_kind_cli(tmp_path):
    stubs, log = tmp_path / "bin", tmp_path / "calls.log"
    stubs.mkdir()
    _stub(stubs, "docker", "exit 0", log)
    run = _run(_playbook(tmp_path, "prerequisites", ovnk_dpu_kind_cli=str(tmp_path / "no-kind")),
               f"{stubs}:{BIN}:/usr/bin:/bin")
    output = run.stdout + run.stderr
    assert run.returncode == 2 and "needs a Docker engine (running) and the kind CLI (" in output, output[-3000:]
    assert "no-kind version failed: could not run it (not on PATH?)" in output


KIND_STUB = """case "$1 $2" in
  "get clusters") [ -f {existing} ] && echo dpu; exit 0 ;;
  "create cluster") touch {existing}; exit 0 ;;
  "get kubeconfig") printf 'apiVersion: v1\\nkind: Config\\nclusters: []\\n'; exit 0 ;;
  "version ") echo "kind v0.30.0 go1.24.6 linux/amd64"; exit 0 ;;
esac
exit 0"""
DOCKER_STUB = """case "$1" in
  inspect) echo '[{"Name": "/dpu-control-plane", "NetworkSettings": {"Networks": {"kind": {"IPAddress": "172.18.0.3"}}}}]' ;;
esac
exit 0"""


def test_the_cluster_is_created_once_and_its_kubeconfig_written_0600(tmp_path):
    """Stand-in docker and kind CLIs: the first run creates the cluster from the rendered config, the second finds it."""
    stubs, log, state = tmp_path / "bin", tmp_path / "calls.log", tmp_path / "state"
    stubs.mkdir()
    _stub(stubs, "kind", KIND_STUB.format(existing=tmp_path / "exists"), log)
    _stub(stubs, "docker", DOCKER_STUB, log)
    kubeconfig = state / "kube" / "dpu.kubeconfig"
    variables = {"ovnk_dpu_kind_config_dir": str(state / "configs"), "ovnk_dpu_tenant_kubeconfig": str(kubeconfig)}
    tasks = [{"ansible.builtin.include_role": {"name": "ovnk.dpu.kind", "tasks_from": name}}
             for name in ("prerequisites", "clusters")]
    tasks.append({"ansible.builtin.copy": {"content": "{{ kind_api_urls | to_json }}\n{{ ovnk_dpu.settings.ovnk_dpu_ovnk_api_url }}\n",
                                           "dest": str(tmp_path / "urls"), "mode": "0600"}})
    playbook = tmp_path / "play.yml"
    playbook.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks,
                                         "vars": {"ansible_python_interpreter": sys.executable, **variables}}]))
    path = f"{stubs}:{BIN}:/usr/bin:/bin"

    first = _run(playbook, path)
    assert first.returncode == 0, first.stdout[-3000:]
    config = state / "configs" / "dpu.yaml"
    creates = [line for line in log.read_text().splitlines() if line.startswith("kind create cluster")]
    assert creates == [f"kind create cluster --name dpu --image kindest/node:v1.34.0 --config {config} "
                       f"--kubeconfig {kubeconfig}"]
    assert yaml.safe_load(config.read_text())["networking"]["disableDefaultCNI"] is True
    assert stat.S_IMODE(kubeconfig.stat().st_mode) == 0o600 and "kind: Config" in kubeconfig.read_text()
    assert (tmp_path / "urls").read_text().splitlines() == ['{"dpu": "https://172.18.0.3:6443"}',
                                                            "https://172.18.0.3:6443"]
    assert "clusters: []" not in first.stdout  # the kubeconfig's content is never shown

    log.write_text("")
    second = _run(playbook, path)
    assert second.returncode == 0, second.stdout[-3000:]
    assert "kind create cluster" not in log.read_text() and "changed=0" in second.stdout, second.stdout[-3000:]
