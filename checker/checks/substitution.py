"""Wrong wording and its right form (Vale's ``substitution``): each key of ``swap``
is a regular expression, its value the replacement (``\\1`` / ``\\g<name>`` refer to
the key's groups). Matches inside an ``exceptions`` match are not reported."""

from __future__ import annotations

import re

from checker import regexcache
from checker.checks import _scan
from checker.checks.base import Option

NAME = "substitution"
DESCRIPTION = "错误写法及其正确写法（正则表达式 → 替换文字），如“法制政府”→“法治政府”"
OPTIONS = {
    "swap": Option(dict, required=True, items=str,
                   help="映射：错误写法（正则表达式）→ 正确写法（可用 \\1 引用分组）"),
    "exceptions": Option(list, default=[], items=str, regex=True,
                         help="例外（正则表达式）：落在例外匹配范围内的不报告"),
    "since": Option(int, default=None,
                    help="从哪一年起适用：报告年度早于此年的不检查（此前那是规范写法）；报告年度不明时检查"),
    **_scan.scan_options(),
}

PLACEHOLDERS = {
    "match": "匹配到的错误写法",
    "replacement": "正确写法",
    "where": "位置（标题、正文、页眉、页脚）",
}

def validate_options(options: dict):
    swap = options.get("swap") or {}
    if not swap:
        return "swap", "至少要有一项“错误写法: 正确写法”"
    for wrong, right in swap.items():
        problem = _scan.bad_regex(wrong)
        if problem:
            return "swap", problem
        try:
            regexcache.compile(wrong).sub(right, "")  # parses the template: bad group references fail here
        except (re.error, IndexError) as exc:
            return "swap", f"“{right}”中的分组引用无效：{exc}"
    return None


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    yield from _scan.limited(_findings(report, rule), rule.options)


def _findings(report, rule):
    opts = rule.options
    since, year = opts.get("since"), report.meta.year
    if since is not None and year is not None and year < since:
        return
    wrongs = list(opts["swap"])
    pieces, where_found = _scan.candidates(report, opts, wrongs)
    # a replacement without a backslash is the text itself: Match.expand parses the template anew on every call
    swaps = [(_scan.regex(k), opts["swap"][k], "\\" not in opts["swap"][k], found)
             for k, found in zip(wrongs, where_found) if found != set()]
    if not swaps:
        return
    exceptions = _scan.regexes(opts.get("exceptions"))
    where_names = _scan.WHERE_NAMES
    for k in _scan.union(where_found, len(pieces)):
        piece = pieces[k]
        text = piece.text
        excluded = None
        for pattern, template, literal, found in swaps:
            if found is not None and k not in found:
                continue
            for m in pattern.finditer(text):
                start, end = m.span()
                if end == start:
                    continue
                if exceptions:
                    if excluded is None:
                        excluded = _scan.spans(exceptions, text)
                    if _scan.covered(excluded, start, end):
                        continue
                replacement = template if literal else m.expand(template)
                if replacement == m.group(0):
                    continue
                yield _scan.lazy(report, rule, block=piece.block,
                                 excerpt_text=_scan.near(text, start, end),
                                 values={"match": m.group(0), "replacement": replacement,
                                         "where": where_names[piece.where]})
