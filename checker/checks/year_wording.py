"""Wording that belongs to certain years (七五普法 2016—2020, 十九大/二十大, the two
editions of the 纲要, 政府法制办 before the 2018 reform …), judged against the report
year — or the year after it inside the plan.

Tense words in the same sentence keep honest uses from being flagged: a look back
(总结、收官、验收、以来 …) after the term's years, a look ahead (迎接、启动、谋划 …)
just before them. Only a match with neither is reported.
"""

from __future__ import annotations

from checker.checks import _scan
from checker.checks.base import Option

NAME = "year-wording"
DESCRIPTION = "与年份相关的提法（如七五普法、十九大、纲要版本）与报告年度相符，结合“总结”“迎接”等时态词判断"
OPTIONS = {
    "pattern": Option(str, required=True, regex=True, help="提法（正则表达式）"),
    "from": Option(int, default=None, help="该提法适用的第一年"),
    "until": Option(int, default=None, help="该提法适用的最后一年"),
    "past_cues": Option(list, default=[], items=str, regex=True,
                        help="回顾性用语（同一句中出现则允许在适用年份之后使用），正则表达式"),
    "past_grace": Option(int, default=None, help="适用年份结束后多少年内允许回顾性使用；不写则不限"),
    "future_cues": Option(list, default=[], items=str, regex=True,
                          help="前瞻性用语（同一句中出现则允许在适用年份之前使用），正则表达式"),
    "future_grace": Option(int, default=1, help="适用年份开始前多少年内允许前瞻性使用"),
    "plan_sections": Option(list, default=["plan"], items=str,
                            help="这些部分按“下一年度”（报告年度+1）判断"),
    "exceptions": Option(list, default=[], items=str, regex=True, help="例外（正则表达式）"),
    **_scan.scan_options(),
}

PLACEHOLDERS = {
    "match": "匹配到的提法",
    "period": "适用年份（如 2016—2020年）",
    "judged": "据以判断的年度（报告年度或下一年度）",
    "judged_year": "据以判断的年份",
    "from": "from",
    "until": "until",
}

def validate_options(options: dict):
    lo, hi = options.get("from"), options.get("until")
    if lo is None and hi is None:
        return "from", "from 和 until 至少写一个"
    if lo is not None and hi is not None and lo > hi:
        return "from", f"from（{lo}）不能晚于 until（{hi}）"
    return None


def period(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f"{lo}—{hi}年" if lo != hi else f"{lo}年"
    if lo is not None:
        return f"{lo}年起"
    return f"{hi}年及以前"


def verdict(year: int, lo, hi, sentence: str, past, future, past_grace, future_grace) -> bool:
    """True when using the term in ``sentence`` in ``year`` is fine."""
    if (lo is None or year >= lo) and (hi is None or year <= hi):
        return True
    if hi is not None and year > hi:
        if past is not None and past.search(sentence):
            return past_grace is None or year <= hi + past_grace
        return False
    if lo is not None and year < lo:
        return future is not None and year >= lo - (future_grace or 0) and bool(future.search(sentence))
    return True


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    if not report.meta.year:
        return
    yield from _scan.limited(_findings(report, rule), rule.options)


def _findings(report, rule):
    opts = rule.options
    pieces = _scan.texts_for(report, opts, opts["pattern"])
    if not pieces:
        return
    year = report.meta.year
    lo, hi = opts.get("from"), opts.get("until")
    pattern = _scan.regex(opts["pattern"])
    past = _scan.any_regex(opts.get("past_cues"))
    future = _scan.any_regex(opts.get("future_cues"))
    exceptions = _scan.regexes(opts.get("exceptions"))
    plan = set(opts.get("plan_sections") or ())
    for piece in pieces:
        text = piece.text
        in_plan = piece.section in plan
        judged = year + 1 if in_plan else year
        excluded = None
        for m in pattern.finditer(text):
            if exceptions:
                if excluded is None:
                    excluded = _scan.spans(exceptions, text)
                if _scan.covered(excluded, m.start(), m.end()):
                    continue
            s, e = _scan.sentence(text, m.start(), m.end())
            if verdict(judged, lo, hi, text[s:e], past, future, opts.get("past_grace"), opts.get("future_grace")):
                continue
            judged_text = f"下一年度（{judged}年）的安排" if in_plan else f"报告年度（{judged}年）"
            yield _scan.lazy(report, rule, block=piece.block,
                             excerpt_text=_scan.near(text, m.start(), m.end()),
                             values={"match": m.group(0), "period": period(lo, hi), "judged": judged_text,
                                     "judged_year": judged, "from": lo or "", "until": hi or ""})
