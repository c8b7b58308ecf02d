"""A report fact agrees with what the project config expects (year, level)."""

from checker.checks.base import Option, make_finding
from checker.analysis.meta import LEVEL_NAMES

NAME = "meta-expected"
DESCRIPTION = "报告年度、主体层级与项目配置（.fazhi.yaml）的要求一致"
OPTIONS = {"field": Option(str, required=True, choices=("year", "level"))}


def check(report, rule):
    field = rule.options["field"]
    expected = getattr(report.expected, field)
    value = getattr(report.meta, field)
    if expected in (None, "") or value in (None, "") or value == expected:
        return
    if field == "year" and report.meta.year_source == "config":
        return
    block = report.meta.title_blocks[0] if report.meta.title_blocks else None
    yield make_finding(report, rule, block=block, meta_fields=(field,), values={
        "value": value, "expected": expected,
        "value_name": LEVEL_NAMES.get(str(value), value), "expected_name": LEVEL_NAMES.get(str(expected), expected)})
