"""The years a report names agree with each other: the opening sentence with the
title (``body``), part headings with the report year — the plan's with the year
after (``headings``), the plan's own year (``plan``), and the signature date with
the time a report on that year can be signed (``date``)."""

from __future__ import annotations

import datetime as dt

from checker import regexcache
from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "year-consistency"
DESCRIPTION = "报告中的年份前后一致：首句与标题、各部分标题、下一年度安排、成文日期"
ASPECTS = ("body", "headings", "plan", "date")
OPTIONS = {
    "aspect": Option(str, required=True, choices=ASPECTS,
                     help="body 首句年份与标题；headings 各部分标题中的年份；plan 安排部分的年份；date 成文日期"),
    "pattern": Option(str, default=None, regex=True,
                      help="找年份的正则表达式，须含命名分组 year（body、headings、plan 必填）"),
    "search_blocks": Option(int, default=None, help="body：在正文前几段中找（默认 2）"),
    "sections": Option(list, default=None, items=str,
                       help="headings：检查哪些部分的标题（默认 achievements、shortcomings、responsibility、plan）"),
    "next_year_sections": Option(list, default=None, items=str,
                                 help="headings/plan：这些部分应写报告年度的下一年（默认 plan）"),
    "max_depth": Option(int, default=None, help="headings：检查到第几级标题（默认 1，即一级标题）"),
    "earliest": Option(str, default=None, help="date：成文日期不早于报告年度的这一天（月-日，默认 12-01）"),
    "latest": Option(str, default=None, help="date：成文日期不晚于次年的这一天（月-日，默认 12-31）"),
}
DEFAULTS = {"search_blocks": 2, "sections": ["achievements", "shortcomings", "responsibility", "plan"],
            "next_year_sections": ["plan"], "max_depth": 1, "earliest": "12-01", "latest": "12-31"}


def _opt(rule, key):
    value = rule.options.get(key)
    return DEFAULTS[key] if value is None else value

_MONTH_DAY = regexcache.compile(r"^(\d{1,2})-(\d{1,2})$")

PLACEHOLDERS = {
    "found": "写的年份（date：写的日期）",
    "expected": "应为的年份",
    "heading": "headings：标题全文",
    "earliest": "date：最早日期",
    "latest": "date：最晚日期",
}

def validate_options(options: dict):
    aspect = options.get("aspect")
    if aspect in ("body", "headings", "plan"):
        pattern = options.get("pattern")
        if not pattern:
            return "pattern", f"aspect 为 {aspect} 时必须写 pattern"
        if "(?P<year>" not in pattern:
            return "pattern", "pattern 须含命名分组 (?P<year>…)"
    for key in ("earliest", "latest"):
        value = options.get(key)
        if value is not None:
            m = _MONTH_DAY.match(str(value))
            if not m:
                return key, f"应写成“月-日”，如 12-01，实际是 {value!r}"
            try:
                dt.date(2000, int(m.group(1)), int(m.group(2)))
            except ValueError:
                return key, f"日期 {value} 不存在"
    return None


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    year = report.meta.year
    if not year:
        return
    aspect = rule.options["aspect"]
    yield from {"body": _body, "headings": _headings, "plan": _plan, "date": _date}[aspect](report, rule, year)


def _finding(report, rule, block, text, m, found, expected, **extra):
    return make_finding(report, rule, block=block, excerpt_text=excerpt(text, m.start(), m.end()) if m else text,
                        values={"found": found, "expected": expected, **extra}, meta_fields=("year",))


def _body(report, rule, year):
    if report.meta.year_source != "title":
        return
    pattern = _scan.regex(rule.options["pattern"])
    blocks = [b for b in _scan.content(report) if b.index not in report.outline.by_block]
    for block in blocks[: _opt(rule, "search_blocks")]:
        m = pattern.search(block.text)
        if m:
            found = int(m.group("year"))
            if found != year:
                yield _finding(report, rule, block.index, block.text, m, found, year)
            return


def _expected(report, rule, key, year):
    return year + 1 if key in set(_opt(rule, "next_year_sections")) else year


def _headings(report, rule, year):
    pattern = _scan.regex(rule.options["pattern"])
    sections = set(_opt(rule, "sections"))
    max_depth = _opt(rule, "max_depth")
    heading_keys = {}
    for s in report.sections:
        if s.heading_block is not None:
            heading_keys.setdefault(s.heading_block, []).append(s.key)
    for h in report.outline.headings:
        keys = heading_keys.get(h.block) or [report.assignment.get(h.block)]
        if h.depth > max_depth and h.block not in heading_keys:
            continue
        keys = [k for k in keys if k in sections]
        if not keys:
            continue
        expected = {_expected(report, rule, k, year) for k in keys}
        for m in pattern.finditer(h.title):
            found = int(m.group("year"))
            if found not in expected:
                yield _finding(report, rule, h.block, h.text, None, found, min(expected), heading=h.text)
                break


def _plan(report, rule, year):
    pattern = _scan.regex(rule.options["pattern"])
    for key in _opt(rule, "next_year_sections"):
        for part in _scan.section_parts(report, key, own=True):
            expected = year + 1
            for i, block in enumerate(part.blocks):
                text = block.text[part.offset:] if i == 0 else block.text
                shift = part.offset if i == 0 else 0
                for m in pattern.finditer(text):
                    found = int(m.group("year"))
                    if found != expected:
                        start, end = m.start("year") + shift, m.end("year") + shift
                        yield make_finding(report, rule, block=block.index, section=key, meta_fields=("year",),
                                           excerpt_text=excerpt(block.text, start, end),
                                           values={"found": found, "expected": expected})


def _date(report, rule, year):
    meta = report.meta
    if not meta.date:
        return
    try:
        date = dt.date.fromisoformat(meta.date)
        em, ed = (int(x) for x in _opt(rule, "earliest").split("-"))
        lm, ld = (int(x) for x in _opt(rule, "latest").split("-"))
        earliest, latest = dt.date(year, em, ed), dt.date(year + 1, lm, ld)
    except ValueError:
        return
    if earliest <= date <= latest:
        return
    block = meta.date_block
    text = report.block(block).text if block else meta.date
    yield make_finding(report, rule, block=block, excerpt_text=text, meta_fields=("year", "date"),
                       values={"found": f"{date.year}年{date.month}月{date.day}日",
                               "earliest": f"{earliest.year}年{earliest.month}月{earliest.day}日",
                               "latest": f"{latest.year}年{latest.month}月{latest.day}日",
                               "expected": year})
