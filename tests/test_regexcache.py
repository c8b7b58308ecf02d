"""Patterns made from stored code are exactly the patterns ``re`` makes, in this process and
in the next one; a store that is missing, damaged or turned off changes nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from checker import regexcache
from checker.checks import _prefilter
from checker.packs import diskcache
from conftest import ROOT
from test_checks_scan import EXTRA, PATTERNS

FLAGGED = [(r"abc|ÄÖ", re.IGNORECASE), (r"^\s*第.+条$", re.MULTILINE), (r"a.b", re.DOTALL), (r"\w+", re.ASCII)]


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    """An empty store in its own folder, as a new process sees it."""
    monkeypatch.setenv(diskcache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(regexcache, "_codes", None)
    monkeypatch.setattr(regexcache, "_memos", None)
    monkeypatch.setattr(regexcache, "_state", {"usable": None, "added": False})
    return tmp_path / "cache"


def _reopen(monkeypatch):
    """Forget what this process compiled: the next call reads the store like a new process."""
    monkeypatch.setattr(regexcache, "_codes", None)
    monkeypatch.setattr(regexcache, "_memos", None)
    monkeypatch.setattr(regexcache, "_state", {"usable": None, "added": False})


def test_every_pack_pattern_compiles_to_what_re_gives(fresh_store, monkeypatch):
    sources = [(p, 0) for p in PATTERNS + EXTRA] + FLAGGED
    built = [regexcache.compile(p, f) for p, f in sources]
    assert built == [re.compile(p, f) for p, f in sources]  # Pattern equality compares the code
    regexcache.save()
    assert list(fresh_store.glob("regex-*.pickle"))
    _reopen(monkeypatch)
    monkeypatch.setattr(regexcache, "_code_of", None)  # a miss would fail now: every pattern comes from the store
    again = [regexcache.compile(p, f) for p, f in sources]
    assert again == [re.compile(p, f) for p, f in sources]
    assert [(p.groupindex, p.groups, p.flags) for p in again] == [(p.groupindex, p.groups, p.flags) for p in built]


def test_prefilter_results_are_the_same_from_the_store(fresh_store, monkeypatch):
    def results():
        return [(_prefilter.compile(p), _prefilter.requirements(p), _prefilter.separable.__wrapped__(p),
                 _prefilter.start_probe(p)) for p in PATTERNS + EXTRA]

    first = results()
    regexcache.save()
    _reopen(monkeypatch)
    monkeypatch.setattr(_prefilter, "_tree", None)  # nothing may be worked out again
    assert results() == first


def test_a_bad_pattern_fails_as_in_re(fresh_store):
    with pytest.raises(re.error):
        regexcache.compile("(?P<a>x")
    with pytest.raises(re.error):
        regexcache.compile("[z-a]")


def test_a_damaged_store_is_ignored(fresh_store, monkeypatch):
    regexcache.compile("[一-龥]+办")
    regexcache.save()
    (entry,) = fresh_store.glob("regex-*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    _reopen(monkeypatch)
    assert regexcache.compile("[一-龥]+办") == re.compile("[一-龥]+办")


def test_an_entry_that_does_not_fit_is_compiled_afresh(fresh_store):
    regexcache.compile("(?P<y>\\d{4})年")
    regexcache._codes[("(?P<y>\\d{4})年", 0)] = ("not", "the", "arguments")
    assert regexcache.compile("(?P<y>\\d{4})年") == re.compile("(?P<y>\\d{4})年")


def test_without_a_cache_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv(diskcache.CACHE_ENV, "")
    _reopen(monkeypatch)
    assert regexcache.compile("法治[政府]+") == re.compile("法治[政府]+")
    regexcache.save()
    assert not list(tmp_path.rglob("regex-*.pickle"))


def test_when_stored_code_would_differ_re_compiles(fresh_store, monkeypatch):
    monkeypatch.setattr(regexcache, "_state", {"usable": False, "added": False})
    assert regexcache.compile("(?P<y>\\d{4})年") == re.compile("(?P<y>\\d{4})年")
    regexcache.save()
    assert not list(fresh_store.glob("regex-*.pickle"))


_CHILD = """
import sys
from checker import regexcache
if sys.argv[1] == "second":
    regexcache._code_of = None  # every pattern of the check must come from the store
from checker.runner import check_file
result = check_file(sys.argv[2])
print(len(result.findings))
"""


def test_a_second_process_compiles_nothing(tmp_path):
    from conftest import OWN_REPORTS

    env = {**os.environ, diskcache.CACHE_ENV: str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    report = str(OWN_REPORTS[0])
    runs = [subprocess.run([sys.executable, "-c", _CHILD, which, report], capture_output=True, text=True,
                           env=env, cwd=tmp_path, timeout=300) for which in ("first", "second")]
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
    assert runs[0].stdout == runs[1].stdout and int(runs[0].stdout) > 0
