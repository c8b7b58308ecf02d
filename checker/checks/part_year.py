"""Part-year figures in a report on the whole year: ``1-10月`` ``1至10月`` ``截至2023年11月``
beside a figure. One finding per report, listing the places, so the drafter can update
them all to full-year figures before publication.

A match names the months it covers through the named groups of the rule's patterns:
``month`` (the last month covered; 12 or more is the whole year) and ``year`` (when
written, it must be the report year — ``截至2024年2月`` in the report on 2023 is after
the year, not part of it).
"""

from __future__ import annotations

from checker.checks import _numbers as num
from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "part-year"
DESCRIPTION = "年度报告中使用不满一年的数据（如“1-10月”“截至2023年11月”），全文合并报告一次"
OPTIONS = {
    "patterns": Option(list, required=True, items=str, regex=True,
                       help="不满一年的时段（正则表达式）；命名分组 month 为截止的月份，year 为年份（可省）"),
    "figure": Option(str, default=None, regex=True,
                     help="同一句中还要有数据（正则表达式）才算；不写则不要求"),
    "exclude_sections": Option(list, default=["plan"], items=str,
                               help="不检查这些部分（下一年度安排中的时段是计划，不是数据）"),
    "max_places": Option(int, default=5, help="提示信息中最多列出几处"),
    **_scan.scan_options(),
}

PLACEHOLDERS = {
    "places": "各处的写法，如“1至10月”“截至2023年11月”",
    "count": "处数",
}


def validate_options(options: dict):
    for p in options.get("patterns") or ():
        problem = _scan.bad_regex(p)
        if problem:
            return "patterns", problem
        if "month" not in _scan.regex(p).groupindex:
            return "patterns", f"“{p}”应有命名分组 (?P<month>…)"
    return None


def _number(text: str | None) -> int | None:
    if not text:
        return None
    value = num.parse(text)
    return int(value) if value is not None and value.denominator == 1 else None


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    opts = rule.options
    patterns = _scan.regexes(opts["patterns"])
    figure = _scan.regex(opts["figure"]) if opts.get("figure") else None
    excluded = set(opts.get("exclude_sections") or ())
    year = report.meta.year
    places = []  # (block, start, end, text, piece text)
    # the patterns one by one: their alternation shares no literal (nor, with the same
    # group names, compiles), so it would select every piece
    for piece in _scan.texts_for(report, opts, *opts["patterns"]):
        if piece.block is None or piece.section in excluded:
            continue
        for pattern in patterns:
            for m in pattern.finditer(piece.text):
                month = _number(m.group("month"))
                if month is None or not 1 <= month < 12:
                    continue
                written = _number(m.groupdict().get("year"))
                if written is not None and written != year:
                    continue
                if figure is not None:
                    lo, hi = _scan.sentence(piece.text, m.start(), m.end())
                    if not figure.search(piece.text, m.end(), hi):
                        continue
                places.append((piece.block, m.start(), m.end(), m.group(0), piece.text))
    if not places:
        return
    places.sort()
    cap = max(1, opts.get("max_places") or 5)
    written = list(dict.fromkeys(p[3] for p in places))
    shown = "".join(f"“{w}”" for w in written[:cap]) + ("等" if len(written) > cap else "")
    block, start, end, _, text = places[0]
    yield make_finding(report, rule, block=block, excerpt_text=excerpt(text, start, end),
                       values={"places": shown, "count": len(places)})
