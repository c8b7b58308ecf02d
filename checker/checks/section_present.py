"""The pack's required parts are present (headed or inline)."""

from checker.checks.base import Option, make_finding
from checker.findings import Severity

NAME = "section-present"
DESCRIPTION = "报告包含规定的各个部分（有标题或以段落形式出现均可）"
OPTIONS = {
    "sections": Option(list, required=True, items=str, help="必须出现的部分（section key）"),
    "severity_by_section": Option(dict, default={}, items=str, choices=("error", "warning", "info", "off"),
                                  help="按部分改变严重程度，off 表示不检查该部分"),
}


def check(report, rule):
    present = {s.key for s in report.sections}
    per_section = rule.options.get("severity_by_section") or {}
    anchor = report.meta.title_blocks[0] if report.meta.title_blocks else (
        report.content_blocks()[0].index if report.content_blocks() else None)
    for key in rule.options["sections"]:
        if key in present or per_section.get(key) == "off":
            continue
        finding = make_finding(report, rule, block=anchor, section=key,
                               values={"section": key, "section_name": report.model.sections.name(key)})
        if key in per_section:
            finding.severity = Severity.parse(per_section[key])
        yield finding
