"""The shipped packs kept on disk between runs (checker.packs.diskcache): the same packs as
loading the YAML, reloaded when a pack file changes, and never in the way when the cache
folder is unusable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import checker.packs.loader as loader
from checker.errors import PackError
from checker.packs import diskcache, yamlload
from checker.resources import rules_dir


@pytest.fixture()
def fresh(monkeypatch, tmp_path):
    """A process state without loaded packs, a cache folder of its own and a copy of the
    shipped packs (so a test may edit one)."""
    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    monkeypatch.setattr(loader, "rules_dir", lambda: rules)
    monkeypatch.setattr(loader, "_CACHE", {})
    monkeypatch.setattr(loader, "_DEFAULTS", {})
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    return rules


def _forget(monkeypatch):
    monkeypatch.setattr(loader, "_CACHE", {})
    monkeypatch.setattr(loader, "_DEFAULTS", {})


def _cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("packs-*.pickle")) if folder.is_dir() else []


def test_a_second_run_reads_the_packs_from_the_cache_unchanged(fresh, monkeypatch, tmp_path):
    first = loader.default_packs("docx")
    assert len(_cached_files(tmp_path / "cache")) == 1
    _forget(monkeypatch)

    def no_yaml(*_args, **_kwargs):
        raise AssertionError("the packs should come from the cache")

    monkeypatch.setattr(yamlload, "load_yaml", no_yaml)
    again = loader.default_packs("docx")
    assert again == first and [p.rules for p in again] == [p.rules for p in first]
    rule = next(iter(again[0].rules.values()))
    assert rule.full_id == f"{rule.pack}.{rule.id}" and rule.cache == {}
    # what error messages need survives: the line of each rule's source and of YAML keys
    assert rule.source == next(iter(first[0].rules.values())).source
    sections = next(p.sections for p in again if p.sections)
    assert sections[0].line_of("key") == next(p.sections for p in first if p.sections)[0].line_of("key")
    # load_pack of a shipped pack returns the cached object too
    assert loader.load_pack(again[0].path.stem) is again[0]


def test_a_run_with_cached_packs_does_not_import_pyyaml(tmp_path):
    """Checking a report with the packs in the cache needs no YAML parser (PyYAML costs a
    cold start tens of milliseconds); the first run, which fills the cache, does."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    script = ("import sys; from pathlib import Path; from checker.runner import check_text; "
              "check_text('2023年法治政府建设年度报告\\n一、主要成效'); print('yaml' in sys.modules)")
    env = {**os.environ, diskcache.CACHE_ENV: str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path)
            for _ in range(2)]
    assert [r.stdout.strip() for r in runs] == ["True", "False"], [r.stderr[-300:] for r in runs]


def test_an_edited_pack_is_loaded_and_validated_again(fresh, monkeypatch, tmp_path):
    loader.default_packs("text")
    _forget(monkeypatch)
    hygiene = fresh / "hygiene.yaml"
    hygiene.write_text(hygiene.read_text(encoding="utf-8").replace("severity: error", "severity: fatal", 1),
                       encoding="utf-8")
    with pytest.raises(PackError, match="hygiene.yaml"):
        loader.default_packs("text")


def test_an_unusable_cache_folder_is_ignored(fresh, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(diskcache.CACHE_ENV, str(blocker / "cache"))
    packs = loader.default_packs("docx")
    assert packs and blocker.read_text(encoding="utf-8") == "x"


def test_a_damaged_cache_file_is_replaced(fresh, monkeypatch, tmp_path):
    expected = loader.default_packs("docx")
    (cached,) = _cached_files(tmp_path / "cache")
    cached.write_bytes(cached.read_bytes()[:100])
    _forget(monkeypatch)
    assert loader.default_packs("docx") == expected
    assert cached.stat().st_size > 100


def test_an_empty_setting_turns_the_cache_off(fresh, monkeypatch, tmp_path):
    monkeypatch.setenv(diskcache.CACHE_ENV, "")
    assert diskcache.cache_dir() is None
    assert loader.default_packs("docx")
    assert not list(tmp_path.rglob("packs-*.pickle"))


def test_entries_left_by_other_versions_are_removed_after_a_while(fresh, tmp_path):
    import os
    import time

    folder = tmp_path / "cache"
    folder.mkdir()
    old, recent = folder / "packs-old.pickle", folder / "packs-recent.pickle"
    for entry, age_days in ((old, diskcache.STALE_DAYS + 1), (recent, 1)):
        entry.write_bytes(b"x")
        when = time.time() - age_days * 86400
        os.utime(entry, (when, when))
    loader.default_packs("docx")
    assert not old.exists() and recent.exists() and len(_cached_files(folder)) == 2
