"""GitLab Code Quality output."""

from __future__ import annotations

import json

import pytest
from shapecheck import check_folder, submission

from checker.findings import Finding, Location, Severity
from checker.output import gitlab
from checker.runner import FileResult

REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return submission(tmp_path_factory.mktemp("gitlab") / "提交", ["styles"], ("空文件.docx", b""))


def run(folder):
    return check_folder(folder)


@pytest.fixture
def issues(folder, monkeypatch):
    monkeypatch.chdir(folder.parent)
    results = run(folder)
    return results, json.loads(gitlab.render(results))


def test_shape_and_severity_mapping(issues):
    results, data = issues
    findings = [(r, f) for r in results for f in r.findings]
    assert len(data) == len(findings) + 1  # + the unreadable file
    allowed = {"info", "minor", "major", "critical", "blocker"}
    for item in data:
        assert REQUIRED <= set(item)
        assert item["severity"] in allowed
        assert isinstance(item["location"]["lines"]["begin"], int) and item["location"]["lines"]["begin"] >= 1
        assert item["location"]["path"].startswith("提交/")
    by_rule = [i for i in data if i["check_name"] != gitlab.UNREADABLE_ID]
    for item, (result, finding) in zip(by_rule, findings):
        assert item["check_name"] == finding.rule
        assert item["severity"] == gitlab.SEVERITIES[finding.severity]
        assert item["description"].startswith(finding.message)
        expected_line = finding.location.block if result.kind == "docx" else finding.location.line
        assert item["location"]["lines"]["begin"] == (expected_line or 1)


def test_unreadable_is_blocker(issues):
    _, data = issues
    bad = [i for i in data if i["check_name"] == gitlab.UNREADABLE_ID]
    assert len(bad) == 1
    assert bad[0]["severity"] == "blocker" and bad[0]["location"]["path"] == "提交/空文件.docx"
    error = next(r.error for r in issues[0] if r.status == "unreadable")
    assert bad[0]["description"] == f"无法读取：{error}" and error


def test_fingerprints_stable_and_unique(issues, folder, monkeypatch):
    _, first = issues
    monkeypatch.chdir(folder.parent)
    second = json.loads(gitlab.render(run(folder)))
    prints = [i["fingerprint"] for i in first]
    assert prints == [i["fingerprint"] for i in second]
    assert len(set(prints)) == len(prints)


def test_fingerprint_depends_on_rule_path_block_message():
    def fp(rule="r.a", path="a.txt", block=3, message="m"):
        f = Finding(rule, Severity.WARNING, message, Location(block=block, line=block))
        return json.loads(gitlab.render([FileResult(path, "checked", kind="text", findings=[f])]))[0]["fingerprint"]

    base = fp()
    assert base == fp()
    assert len({base, fp(rule="r.b"), fp(path="b.txt"), fp(block=4), fp(message="n")}) == 5


def test_identical_findings_get_distinct_fingerprints():
    f = Finding("r.a", Severity.INFO, "m", Location(block=1))
    data = json.loads(gitlab.render([FileResult("a.docx", "checked", kind="docx", findings=[f, f])]))
    assert data[0]["fingerprint"] != data[1]["fingerprint"]
