"""The regex pre-tests read Python's private parser (re._parser). Without it every pattern
takes the plain path: the findings must be exactly the same, only slower."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from checker.checks import _prefilter
from checker.runner import CheckOptions, check_file
from conftest import OWN_REPORTS, ROOT

PACKS = ["national", "terms", "hygiene", "reviewer", "example-province"]

_WITHOUT_PARSER = """
import json, sys
from checker.checks import _prefilter
_prefilter._sre_parse = None  # as on a Python whose private parser is gone or changed
from checker.runner import CheckOptions, check_file
packs = json.loads(sys.argv[1])
out = {}
for path in sys.argv[2:]:
    r = check_file(path, CheckOptions(packs=packs))
    out[path] = [[f.rule, f.location.block, f.message] for f in r.findings]
assert _prefilter.start_class("(?<![原旧])法制办") is None  # the pre-tests are really off
print(json.dumps(out, ensure_ascii=False))
"""


def test_same_findings_without_the_private_parser(tmp_path):
    paths = [str(p) for p in OWN_REPORTS]
    env = {**os.environ, "FAZHI_CACHE_DIR": ""}  # no stored pre-test results either (checker.regexcache)
    proc = subprocess.run([sys.executable, "-c", _WITHOUT_PARSER, json.dumps(PACKS), *paths],
                          capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    without = json.loads(proc.stdout)
    assert _prefilter.start_class("(?<![原旧])法制办") == "[\\U00006cd5]"  # here they are on (法)
    for path in paths:
        found = check_file(path, CheckOptions(packs=PACKS)).findings
        assert [[f.rule, f.location.block, f.message] for f in found] == without[path], path
        assert found  # the reports do give findings: the comparison is not empty


def test_unknown_tree_shapes_give_up_instead_of_failing(monkeypatch):
    class Odd:
        state = type("S", (), {"flags": 0})()

        def __iter__(self):
            return iter([("not-an-op", None)])

    monkeypatch.setattr(_prefilter, "_sre_parse", type("P", (), {"parse": staticmethod(lambda s: Odd())}))
    _prefilter._tree.cache_clear()
    try:
        assert _prefilter.compile("(?:党的)?十九大").pattern == "(?:党的)?十九大"
        assert _prefilter.requirements("法制办") == []
        assert _prefilter.probe("(?:党的)?十九大") is None
    finally:
        _prefilter._tree.cache_clear()
