"""JUnit XML output: valid against the Ant JUnit schema, one testcase per file × rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NEED_SHARED, SCHEMAS
from shapecheck import check_folder, submission
from lxml import etree

from checker.findings import Finding, Location, Severity
from checker.output import junit
from checker.runner import FileResult


@pytest.fixture(scope="module")
def schema():
    path = SCHEMAS / "junit.xsd"
    if not path.is_file():
        pytest.skip(NEED_SHARED)
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return check_folder(submission(tmp_path_factory.mktemp("junit"), ["tracked"],
                                   ("旧格式.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)))


def parse(text: str):
    return etree.fromstring(text.encode("utf-8"))


def test_valid_against_schema(results, schema):
    doc = parse(junit.render(results))
    assert schema.validate(doc), schema.error_log
    assert doc.tag == "testsuites"
    assert len(doc.findall("testsuite")) == len(results)


def test_one_testcase_per_file_and_rule(results):
    doc = parse(junit.render(results))
    for suite, result in zip(doc.findall("testsuite"), results):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert all(c.get("classname") == suite.get("name") for c in cases)
        if result.status == "unreadable":
            continue
        rules = list(dict.fromkeys(f.rule for f in result.findings))
        assert [c.get("name") for c in cases] == (rules or [junit.PASS_NAME])
        failing = {f.rule for f in result.findings if f.severity >= Severity.WARNING}
        failed = {c.get("name") for c in cases if c.find("failure") is not None}
        assert failed == failing
        assert int(suite.get("failures")) == len(failing)
        infos_only = set(rules) - failing
        for rule in infos_only:
            assert f"[{rule}]" in suite.findtext("system-out")


def test_failure_carries_all_findings_of_the_rule(results):
    doc = parse(junit.render(results))
    result = next(r for r in results if any(f.severity == Severity.ERROR for f in r.findings))
    finding = next(f for f in result.findings if f.severity == Severity.ERROR)
    suite = doc.findall("testsuite")[results.index(result)]
    case = next(c for c in suite.findall("testcase") if c.get("name") == finding.rule)
    failure = case.find("failure")
    assert failure.get("type") == "error"
    assert finding.message in failure.text


def test_unreadable_file_is_an_error_testcase(results):
    doc = parse(junit.render(results))
    index = next(i for i, r in enumerate(results) if r.status == "unreadable")
    suite = doc.findall("testsuite")[index]
    assert suite.get("errors") == "1" and suite.get("failures") == "0"
    error = suite.find("testcase/error")
    assert error.get("type") == "unreadable"
    assert error.get("message") == f"无法读取：{results[index].error}" and results[index].error


def test_control_characters_do_not_break_xml(schema):
    f = Finding("national.title-form", Severity.WARNING, "标题“\x0b报告\x01”不是年度报告的通行写法",
                Location(block=1), excerpt="a\x0cb")
    doc = parse(junit.render([FileResult("x.docx", "checked", kind="docx", meta={"title": "t\x0b"},
                                         findings=[f])]))
    assert schema.validate(doc), schema.error_log
    assert "报告" in doc.find("testsuite/testcase/failure").get("message")


def test_file_without_findings_is_one_passing_testcase(schema):
    doc = parse(junit.render([FileResult(str(Path("好.txt")), "checked", kind="text", meta={})]))
    assert schema.validate(doc), schema.error_log
    case = doc.find("testsuite/testcase")
    assert case.get("name") == junit.PASS_NAME and len(case) == 0
