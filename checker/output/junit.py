"""JUnit XML (the Apache Ant shape that Jenkins and GitLab read).

One ``<testsuite>`` per input file and one ``<testcase>`` per file × rule that reported
something (``classname`` = the file, ``name`` = the rule id):

- the testcase *fails* when the rule reported an error or a warning — the findings
  that need an edit; a rule that reported only info (提示) findings is a passing
  testcase, and its findings are listed in the suite's ``<system-out>``;
- a file without findings gets one passing testcase named ``fazhi``, so every checked
  file shows up as a passed test;
- an unreadable file is one testcase with ``<error type="unreadable">``; a file fazhi
  itself failed on (an internal error, not the file's fault) one with ``<error type="internal">``.

The runner does not record which rules ran without findings, so passing rules are not
listed one by one.
"""

from __future__ import annotations

import socket
from datetime import datetime, timezone

from lxml import etree

from checker import regexcache
from checker.findings import Severity
from checker.output.sarif import finding_line, relative_path, unchecked_reason

FAILING = Severity.WARNING  # a rule with findings at or above this fails its testcase
PASS_NAME = "fazhi"
# characters XML 1.0 cannot carry (control characters a .docx or .txt may contain)
_NOT_XML = regexcache.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def _place(finding, kind) -> str:
    unit = "段" if kind == "docx" else "行"
    loc = finding.location
    if loc.block is None and loc.line is None:
        return "全文"
    where = f"第{finding_line(finding, kind)}{unit}"
    return f"{where}〔{loc.heading}〕" if loc.heading else where


def _finding_text(finding, kind) -> str:
    lines = [f"{finding.severity.chinese}  {_place(finding, kind)}  {finding.message}"]
    if finding.excerpt:
        lines.append(f"    原文：{finding.excerpt}")
    if finding.suggestion:
        lines.append(f"    建议：{finding.suggestion}")
    return "\n".join(lines)


def _hostname() -> str:
    try:
        return socket.gethostname() or "localhost"
    except OSError:
        return "localhost"


def _suite(parent, index: int, result, timestamp: str, host: str) -> None:
    name = _x(relative_path(result.path))
    suite = etree.SubElement(parent, "testsuite", name=name, package=name, id=str(index),
                             timestamp=timestamp, hostname=host, time="0")
    props = etree.SubElement(suite, "properties")
    for key, value in (("kind", result.kind), *(result.meta or {}).items()):
        if value is not None:
            etree.SubElement(props, "property", name=_x(key), value=_x(value))
    tests = failures = errors = 0
    notes = []
    if result.status == "unreadable":
        internal = getattr(result, "internal", False)
        case = etree.SubElement(suite, "testcase", name="检查文件" if internal else "读取文件", classname=name,
                                time="0")
        err = etree.SubElement(case, "error", type="internal" if internal else "unreadable",
                               message=_x(unchecked_reason(result)))
        err.text = _x(result.error or "")
        tests, errors = 1, 1
    else:
        by_rule: dict[str, list] = {}
        for f in result.findings:
            by_rule.setdefault(f.rule, []).append(f)
        for rule, findings in by_rule.items():
            tests += 1
            case = etree.SubElement(suite, "testcase", name=_x(rule), classname=name, time="0")
            failing = [f for f in findings if f.severity >= FAILING]
            if failing:
                failures += 1
                worst = max(f.severity for f in failing)
                head = failing[0].message if len(failing) == 1 else f"{failing[0].message}（共 {len(failing)} 处）"
                fail = etree.SubElement(case, "failure", type=worst.label, message=_x(head))
                fail.text = _x("\n".join(_finding_text(f, result.kind) for f in findings))
            else:
                notes.extend(f"[{rule}] {_finding_text(f, result.kind)}" for f in findings)
        if not by_rule:
            tests = 1
            etree.SubElement(suite, "testcase", name=PASS_NAME, classname=name, time="0")
    etree.SubElement(suite, "system-out").text = _x("\n".join(notes))
    etree.SubElement(suite, "system-err").text = _x(result.error or "")
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")


def build(results) -> etree._Element:
    root = etree.Element("testsuites")
    timestamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    host = _hostname()
    for i, result in enumerate(results):
        _suite(root, i, result, timestamp, host)
    return root


def render(results) -> str:
    body = etree.tostring(build(results), encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body
