"""The report speaks of each work area (the 纲要's chapters: 行政决策, 行政执法,
行政复议和应诉, 政务公开, 普法 …), each a set of keywords in the YAML. An area can
apply only from / until some report year (``since`` / ``until``)."""

from __future__ import annotations

from checker.checks import _scan
from checker.checks.base import Option, make_finding

NAME = "coverage"
DESCRIPTION = "报告涉及规定的各个工作领域（每个领域是一组关键词）"
OPTIONS = {
    "areas": Option(dict, required=True, items=list, help="映射：领域名称 → 关键词（正则表达式列表）"),
    "since": Option(dict, default={}, items=int, help="映射：领域名称 → 从哪个报告年度起要求"),
    "until": Option(dict, default={}, items=int, help="映射：领域名称 → 要求到哪个报告年度为止"),
    "exclude_sections": Option(list, default=["plan"], items=str,
                               help="不计入的部分（如下一年度安排：只写在计划里不算已做的工作）"),
}

PLACEHOLDERS = {
    "area": "领域名称",
}

def validate_options(options: dict):
    areas = options.get("areas") or {}
    if not areas:
        return "areas", "至少要有一个领域"
    for name, words in areas.items():
        if not words:
            return "areas", f"领域“{name}”没有关键词"
        for w in words:
            problem = _scan.bad_regex(w)
            if problem:
                return "areas", f"领域“{name}”：{problem}"
    for key in ("since", "until"):
        for name in options.get(key) or {}:
            if name not in areas:
                return key, f"领域“{name}”不在 areas 中"
    return None


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    opts = rule.options
    year = report.meta.year
    since, until = opts.get("since") or {}, opts.get("until") or {}
    wanted = []
    for name, words in opts["areas"].items():
        if year is not None and ((name in since and year < since[name]) or (name in until and year > until[name])):
            continue
        if year is None and (name in since or name in until):
            continue
        wanted.append((name, _scan.any_regex(words)))
    if not wanted:
        return
    excluded = set(opts.get("exclude_sections") or ())
    blocks = [b for b in _scan.content(report) if report.assignment.get(b.index) not in excluded]
    if not blocks:
        return
    text = "\n".join(b.text for b in blocks)
    anchor = report.sections_by_key("achievements")
    block = anchor[0].start if anchor else blocks[0].index
    for name, pattern in wanted:
        if not pattern.search(text):
            yield make_finding(report, rule, block=block, values={"area": name})
