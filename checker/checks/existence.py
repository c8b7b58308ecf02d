"""Wording that must not occur (Vale's ``existence``): regular expressions matched
anywhere in running text, with exceptions for the legitimate uses.

Chinese has no word boundaries, so a token is any regex match; ``exceptions`` (or
lookarounds inside a token) keep right uses such as 法制审核 from being flagged:
a token match lying inside an exception match is not reported.
"""

from __future__ import annotations

from checker.checks import _scan
from checker.checks.base import Option

NAME = "existence"
DESCRIPTION = "不应出现的写法（正则表达式，可设例外），如未填写的模板标记、密级标志"
OPTIONS = {
    "tokens": Option(list, required=True, items=str, regex=True, help="不应出现的写法（正则表达式）"),
    "exceptions": Option(list, default=[], items=str, regex=True,
                         help="例外（正则表达式）：落在例外匹配范围内的不报告"),
    **_scan.scan_options(),
}

PLACEHOLDERS = {
    "match": "匹配到的文字",
    "where": "位置（标题、正文、页眉、页脚）",
}

def _tokens(patterns: tuple) -> tuple:
    """One alternation of all tokens (one scan per block); separate patterns when
    they cannot be joined (e.g. the same group name in two tokens)."""
    joined = _scan.any_regex(patterns)
    return joined.patterns if isinstance(joined, _scan.AnyOf) else (joined,)


def check(report, rule):
    yield from _scan.limited(_findings(report, rule), rule.options)


def _findings(report, rule):
    opts = rule.options
    patterns = tuple(opts["tokens"])
    pieces = _scan.texts_for(report, opts, _scan.joined(patterns))
    if not pieces:
        return
    tokens = _tokens(patterns)
    exceptions = _scan.regexes(opts.get("exceptions"))
    where_names = _scan.WHERE_NAMES
    for piece in pieces:
        text = piece.text
        excluded = None
        for token in tokens:
            for m in token.finditer(text):
                start, end = m.span()
                if end == start:
                    continue
                if exceptions:
                    if excluded is None:
                        excluded = _scan.spans(exceptions, text)
                    if _scan.covered(excluded, start, end):
                        continue
                yield _scan.lazy(report, rule, block=piece.block,
                                 excerpt_text=_scan.near(text, start, end),
                                 values={"match": m.group(0).strip(), "where": where_names[piece.where]})
