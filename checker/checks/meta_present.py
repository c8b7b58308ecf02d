"""A report fact (title, year, issuer, date …) could be found."""

from checker.checks.base import Option, make_finding

NAME = "meta-present"
DESCRIPTION = "报告要素（标题、年度、发文机关等）能够识别"
FIELDS = ("title", "issuer", "year", "level", "date", "published")
OPTIONS = {"field": Option(str, required=True, choices=FIELDS)}


def check(report, rule):
    if getattr(report.meta, rule.options["field"]) in (None, ""):
        first = report.content_blocks()
        yield make_finding(report, rule, block=first[0].index if first else None)
