"""A dated fact (publication date, signature date) is before a deadline in the year after the report year."""

import datetime as dt

from checker.checks.base import Option, make_finding

NAME = "date-deadline"
DESCRIPTION = "发布日期或成文日期在规定时限之前（报告年度的次年某月某日）"
OPTIONS = {
    "field": Option(str, required=True, choices=("published", "date")),
    "month": Option(int, required=True),
    "day": Option(int, required=True),
    "levels": Option(list, default=["government", "department"], items=str, choices=("government", "department")),
}


def check(report, rule):
    meta = report.meta
    value = getattr(meta, rule.options["field"])
    if not value or not meta.year:
        return
    levels = rule.options.get("levels") or []
    if meta.level is not None and meta.level not in levels:
        return
    if meta.level is None and len(levels) < 2:
        return
    try:
        deadline = dt.date(meta.year + 1, rule.options["month"], rule.options["day"])
        date = dt.date.fromisoformat(value)
    except ValueError:
        return
    if date < deadline:
        return
    block = meta.date_block if rule.options["field"] == "date" else meta.published_block
    yield make_finding(report, rule, block=block, values={
        "value": f"{date.year}年{date.month}月{date.day}日",
        "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日"})
