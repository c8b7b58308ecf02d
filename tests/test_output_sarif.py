"""SARIF output: valid against the official 2.1.0 schema, and what GitHub code scanning needs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import FAZHI, NEED_SHARED, SCHEMAS
from shapecheck import check_folder, submission

from checker.output import formatter, sarif
from checker.runner import CheckOptions, check_paths, collect_inputs

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return submission(tmp_path_factory.mktemp("sarif") / "提交 材料", ["autonum"],
                      ("损坏的报告.docx", b"this is not a zip archive"))


@pytest.fixture(scope="module")
def results(folder):
    return check_folder(folder)


@pytest.fixture
def log(results, folder, monkeypatch) -> dict:
    monkeypatch.chdir(folder.parent)
    return json.loads(sarif.render(results))


@pytest.fixture(scope="module")
def validator():
    path = SCHEMAS / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip(NEED_SHARED)
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert "draft-04" in schema["$schema"]
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def test_valid_against_official_schema(log, validator):
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert log["version"] == "2.1.0"


def test_formatter_registry_picks_sarif():
    assert formatter("sarif") is sarif


def test_results_match_findings(log, results):
    run = log["runs"][0]
    findings = [(r, f) for r in results for f in r.findings]
    assert findings, "the seeds produce findings"
    assert len(run["results"]) == len(findings)
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.rule for _, f in findings})
    for item, (result, finding) in zip(run["results"], findings):
        assert item["ruleId"] == finding.rule
        assert rules[item["ruleIndex"]]["id"] == finding.rule
        assert item["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity.label]
        assert item["message"]["text"].startswith(finding.message)
        region = item["locations"][0]["physicalLocation"]["region"]
        if result.kind == "docx":
            assert region["startLine"] == (finding.location.block or 1)
        else:
            assert region["startLine"] == (finding.location.line or finding.location.block or 1)


def test_rules_have_descriptions_and_location_help(log):
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and "{" not in rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert ".docx" in rule["help"]["text"] and "段落" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_uris_relative_and_percent_encoded(log, folder):
    run = log["runs"][0]
    base = run["originalUriBaseIds"][sarif.SRCROOT]["uri"]
    assert base.startswith("file://") and base.endswith("/")
    for item in run["results"]:
        loc = item["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uriBaseId"] == sarif.SRCROOT
        assert loc["uri"].isascii() and " " not in loc["uri"]
        decoded = unquote(loc["uri"])
        assert decoded.startswith("提交 材料/")
        assert (folder.parent / decoded).is_file()


def test_path_outside_current_directory_is_absolute_file_uri(results, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    item = sarif.build(results)["runs"][0]["results"][0]
    loc = item["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and "uriBaseId" not in loc


def test_unreadable_file_is_a_tool_notification(log):
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert len(notes) == 1
    assert notes[0]["level"] == "error" and "无法读取" in notes[0]["message"]["text"]
    uri = notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri).endswith("损坏的报告.docx")


def test_fingerprints_stable_across_runs_and_unique(folder, log, monkeypatch):
    files, _ = collect_inputs([str(folder)])
    again = check_paths(files, CheckOptions(), jobs=1)  # a fresh run, in-process results
    monkeypatch.chdir(folder.parent)
    second = json.loads(sarif.render(again))
    first_prints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in log["runs"][0]["results"]]
    second_prints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in second["runs"][0]["results"]]
    assert first_prints == second_prints
    assert len(set(first_prints)) == len(first_prints)


def test_fingerprint_ignores_position_but_not_rule():
    from checker.findings import Finding, Location, Severity
    from checker.runner import FileResult

    def one(block, rule="national.title-missing"):
        f = Finding(rule, Severity.WARNING, "没有找到报告标题", Location(block=block))
        return FileResult("a.docx", "checked", kind="docx", findings=[f])

    def fp(result):
        return sarif.build([result])["runs"][0]["results"][0]["partialFingerprints"][sarif.FINGERPRINT_KEY]

    assert fp(one(3)) == fp(one(7))
    assert fp(one(3)) != fp(one(3, "national.year-unknown"))


def test_cli_writes_sarif_file(folder, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "fazhi.sarif"
    proc = subprocess.run([*FAZHI, "check", str(folder), "-f", "sarif", "-o", str(out), "-j", "2"],
                          capture_output=True, text=True, cwd=folder.parent,
                          env={**os.environ, "GITHUB_ACTIONS": ""})
    assert proc.returncode == 2, proc.stderr  # the unreadable file
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["runs"][0]["results"]
    assert proc.stdout == ""
