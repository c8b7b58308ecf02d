"""A file fazhi itself failed on (an internal error) is labelled as such in the HTML, JUnit
and SARIF outputs, apart from a file that cannot be read; JSON keeps status "unreadable"."""

from __future__ import annotations

import json

import lxml.html
import pytest
from conftest import NANHU, NEED_SHARED, SCHEMAS
from lxml import etree

from checker import checks
from checker.output import html, json_format, junit, sarif
from checker.runner import check_file


@pytest.fixture
def results(tmp_path, monkeypatch):
    """An internal error (a check raises) and an unreadable file, as the runner makes them."""
    def check(report, rule):
        raise ValueError("boom")

    monkeypatch.setattr(checks.get("meta-present"), "check", check)
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"not a zip")
    monkeypatch.chdir(tmp_path)
    out = [check_file(NANHU).detached(), check_file(broken).detached()]
    assert [(r.status, r.internal) for r in out] == [("unreadable", True), ("unreadable", False)]
    return out


def test_html_labels_the_internal_error(results):
    doc = lxml.html.fromstring(html.render(results))
    internal, unreadable = (doc.get_element_by_id(f"file-{i}") for i in range(2))
    assert internal.xpath("string(h2/span)") == "内部错误"
    reason = internal.xpath("string(.//p[@class='unreadable-reason'])")
    assert reason == results[0].error and reason.startswith("内部错误") and "不是文件的问题" in reason
    assert "无法读取" not in internal.text_content()
    assert unreadable.xpath("string(h2/span)") == "无法读取"
    assert unreadable.xpath("string(.//p[@class='unreadable-reason'])") == f"无法读取：{results[1].error}"


def test_junit_labels_the_internal_error(results):
    doc = etree.fromstring(junit.render(results).encode("utf-8"))
    internal, unreadable = (s.find("testcase/error") for s in doc.findall("testsuite"))
    assert internal.get("type") == "internal" and internal.get("message") == results[0].error
    assert "无法读取" not in internal.get("message") and "不是文件的问题" in internal.get("message")
    assert unreadable.get("type") == "unreadable" and unreadable.get("message") == f"无法读取：{results[1].error}"
    path = SCHEMAS / "junit.xsd"
    if not path.is_file():
        pytest.skip(NEED_SHARED)
    schema = etree.XMLSchema(etree.parse(str(path)))
    assert schema.validate(doc), schema.error_log


def test_sarif_labels_the_internal_error(results):
    log = json.loads(sarif.render(results))
    internal, unreadable = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert internal["descriptor"]["id"] == "fazhi.internal-error"
    assert internal["message"]["text"].endswith(f"nanhu_dept_2022.txt：{results[0].error}")
    assert "无法读取" not in internal["message"]["text"]
    assert unreadable["descriptor"]["id"] == "fazhi.unreadable"
    assert unreadable["message"]["text"] == f"无法读取 坏.docx：{results[1].error}"
    path = SCHEMAS / "sarif-schema-2.1.0.json"
    if not path.is_file():
        pytest.skip(NEED_SHARED)
    import jsonschema

    errors = list(jsonschema.Draft4Validator(json.loads(path.read_text(encoding="utf-8"))).iter_errors(log))
    assert not errors, errors[:3]


def test_json_keeps_the_contract(results):
    files = json.loads(json_format.render(results))["files"]
    assert [f["status"] for f in files] == ["unreadable", "unreadable"]
    assert files[0]["error"].startswith("内部错误") and "internal" not in files[0]


def test_text_github_and_gitlab_label_the_internal_error(results):
    from checker.output import github, gitlab, text

    lines = text.render_file(results[0])
    assert lines[1].strip() == results[0].error and "无法读取" not in "\n".join(lines)
    assert text.render_file(results[1])[1].strip() == f"无法读取：{results[1].error}"
    summary = text.summary_line(results)
    assert "1 个文件无法读取" in summary and "1 个文件因 fazhi 内部错误未能检查" in summary
    notes = github.annotations(results)
    assert "title=内部错误" in notes[0] and "无法读取" not in notes[0]
    assert "title=无法读取" in notes[1]
    issues = gitlab.issues(results)
    assert issues[0]["description"] == results[0].error
    assert issues[1]["description"] == f"无法读取：{results[1].error}"
