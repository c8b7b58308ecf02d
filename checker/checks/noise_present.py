"""Web-page leftovers were found (reported once, as a whole)."""

from checker.checks.base import make_finding
from checker.textutil import excerpt

NAME = "noise-present"
DESCRIPTION = "报告中残留网页内容（发布日期、点击数、分享按钮等）"
OPTIONS = {}


def check(report, rule):
    if not report.noise:
        return
    first = min(report.noise)
    text = report.block(first).text
    yield make_finding(report, rule, block=first, excerpt_text=excerpt(text, 0, 0, 30),
                       values={"count": len(report.noise), "first": excerpt(text, 0, 0, 12)})
