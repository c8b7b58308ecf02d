"""A report fact, when present, matches a pattern (e.g. the title's usual form)."""

from checker import regexcache
from checker.checks.base import Option, make_finding
from checker.checks.meta_present import FIELDS

NAME = "meta-pattern"
DESCRIPTION = "报告要素的写法符合规范（如标题格式）"
OPTIONS = {
    "field": Option(str, required=True, choices=FIELDS),
    "pattern": Option(str, required=True, regex=True),
}


def check(report, rule):
    value = getattr(report.meta, rule.options["field"])
    if value in (None, ""):
        return
    if regexcache.compile(rule.options["pattern"]).search(str(value)):
        return
    block = report.meta.title_blocks[0] if rule.options["field"] == "title" and report.meta.title_blocks else None
    yield make_finding(report, rule, block=block, excerpt_text=str(value), values={"value": value},
                       meta_fields=(rule.options["field"],))
