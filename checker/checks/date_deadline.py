"""A dated fact (publication date, signature date) is before a deadline in the year
after the report year.

The regulation says "每年4月1日之前" (and "3月1日前" for departments): a date *before*
the deadline day is on time, the deadline day itself is already late — the last day
on time is the day before (31 March), and the message names it.
"""

import datetime as dt

from checker.checks.base import Option, make_finding

NAME = "date-deadline"
DESCRIPTION = "发布日期或成文日期在规定时限之前（报告年度的次年某月某日之前，当日已逾期）"
OPTIONS = {
    "field": Option(str, required=True, choices=("published", "date")),
    "month": Option(int, required=True),
    "day": Option(int, required=True),
    "levels": Option(list, default=["government", "department"], items=str, choices=("government", "department")),
}
PLACEHOLDERS = {
    "value": "发布日期或成文日期",
    "deadline": "时限日（此日之前为按时）",
    "last_day": "按时的最后一天（时限日的前一天）",
    "days_late": "逾期天数（时限日当天为 1）",
}


def _cn(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def check(report, rule):
    meta = report.meta
    field = rule.options["field"]
    value = getattr(meta, field)
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
    block = meta.date_block if field == "date" else meta.published_block
    yield make_finding(report, rule, block=block, meta_fields=("year", field), values={
        "value": _cn(date), "deadline": _cn(deadline), "last_day": _cn(deadline - dt.timedelta(days=1)),
        "days_late": (date - deadline).days + 1})
