"""service_files' work: only what differs is written, with its mode from the start; the changed
files are returned with their labels, never their content; check mode writes nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.ovnk.dpu.plugins.module_utils.machine import service_files as file_set
from ansible_collections.ovnk.dpu.plugins.module_utils.common.errors import InputError


def module(tmp_path, check_mode=False, **files):
    params = {"directories": [{"path": str(tmp_path / "etc"), "mode": "0700"}],
              "files": [{"path": str(tmp_path / "etc" / name), "content": content, "mode": "0600", "label": name}
                        for name, content in files.items()]}
    return SimpleNamespace(params=params, check_mode=check_mode, _diff=True)


def test_only_what_differs_is_written_and_reported_by_label(tmp_path):
    first = file_set.run(module(tmp_path, a="one", b="two"))
    assert first["changed"] and first["changed_labels"] == ["a", "b"]
    assert (tmp_path / "etc").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "etc" / "a").read_text() == "one" and (tmp_path / "etc" / "a").stat().st_mode & 0o777 == 0o600
    again = file_set.run(module(tmp_path, a="one", b="two"))
    assert not again["changed"] and again["changed_files"] == []
    (tmp_path / "etc" / "b").chmod(0o644)
    changed = file_set.run(module(tmp_path, a="one!", b="two"))
    assert changed["changed_labels"] == ["a", "b"]
    assert "one!" not in str(changed)


def test_check_mode_reports_and_writes_nothing(tmp_path):
    result = file_set.run(module(tmp_path, check_mode=True, a="one"))
    assert result["changed"] and result["diff"]["before"]["out of date"] == [str(tmp_path / "etc"), str(tmp_path / "etc" / "a")]
    assert not (tmp_path / "etc").exists()


def test_a_file_is_never_readable_by_others_while_written(tmp_path, monkeypatch):
    seen = []
    real_replace = file_set.os.replace

    def spy(source, target):
        seen.append(oct(file_set.os.stat(source).st_mode & 0o777))
        real_replace(source, target)
    monkeypatch.setattr(file_set.os, "replace", spy)
    file_set.run(module(tmp_path, secret="token"))
    assert seen == ["0o600"]
    assert [p.name for p in (tmp_path / "etc").iterdir()] == ["secret"]


def test_a_bad_mode_is_named(tmp_path):
    bad = module(tmp_path, a="x")
    bad.params["files"][0]["mode"] = "rw-------"
    with pytest.raises(InputError, match=r'files\[0\].mode: not an octal mode'):
        file_set.run(bad)
