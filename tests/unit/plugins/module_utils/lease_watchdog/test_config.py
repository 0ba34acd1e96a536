from __future__ import annotations

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.lease_watchdog import config


@pytest.fixture()
def kubeconfig(tmp_path):
    path = tmp_path / "tenant.kubeconfig"
    path.write_text("apiVersion: v1\nkind: Config\n")
    return str(path)


def test_a_monitor_config_takes_ovnks_defaults(kubeconfig):
    cfg = config.parse({"mode": "monitor", "kubeconfig": kubeconfig})
    assert (cfg.lease_duration, cfg.renew_interval, cfg.namespace) == (40, 10, "ovn-kubernetes")
    assert cfg.period == 10  # OVN-K's monitor period: min(renew interval, duration / 4)
    assert cfg.metrics_address == "127.0.0.1" and not cfg.taint


def test_every_problem_is_named_in_one_message(tmp_path):
    with pytest.raises(config.ConfigError) as err:
        config.parse({"mode": "renew", "kubeconfig": str(tmp_path / "nope"), "renew_interval": 40,
                      "hosts": ["host-0"], "metrics_port": 70000, "colour": "blue"}, source="w.yaml")
    message = str(err.value)
    assert message.startswith("w.yaml: ")
    assert "colour: not a setting" in message
    assert "renew_interval 40 must be below lease_duration 40" in message
    assert "metrics_port: 70000 must be a port number" in message
    assert f"kubeconfig: {tmp_path / 'nope'} does not exist" in message


@pytest.mark.parametrize("changes, expected", [
    ({"lease_duration": -4}, "lease_duration: -4 must be a number of seconds above 0"),
    ({"renew_interval": 0}, "renew_interval: 0 must be a number of seconds above 0"),
    ({"renew_interval": "1"}, "renew_interval: '1' must be a number of seconds above 0"),
    ({"hosts": []}, "renew mode renews one host's Lease, got 0 hosts"),
    ({"hosts": ["a", "b"]}, "renew mode renews one host's Lease, got 2 hosts"),
    ({"mode": "watch"}, "mode: 'watch' is not one of monitor, renew"),
    ({"kubeconfig": None}, "kubeconfig: not set"),
    ({"checks": {"ping": True}}, "checks.ping: not a check"),
])
def test_bad_settings_are_refused(kubeconfig, changes, expected):
    raw = {"mode": "renew", "kubeconfig": kubeconfig, "hosts": ["host-0"], **changes}
    with pytest.raises(config.ConfigError) as err:
        config.parse(raw)
    assert expected in str(err.value)


def test_a_monitor_runs_no_local_checks(kubeconfig):
    with pytest.raises(config.ConfigError, match="only renew mode runs local checks"):
        config.parse({"mode": "monitor", "kubeconfig": kubeconfig, "checks": {"netns": "x"}})


def test_a_file_that_is_not_yaml_or_not_there(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("mode: [monitor\n")
    with pytest.raises(config.ConfigError, match="not YAML"):
        config.load(bad)
    with pytest.raises(config.ConfigError, match="cannot read it"):
        config.load(tmp_path / "missing.yaml")


def test_lease_names_are_ovnks():
    assert config.lease_name("host-0") == "ovn-dpu-host-0"
    assert config.host_of("ovn-dpu-host-0") == "host-0" and config.host_of("kube-scheduler") is None
