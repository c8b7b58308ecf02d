"""If one thing is written, another must be too (Vale's ``conditional``): e.g. an
abbreviation needs its full name (before it, with ``before: true``). Judged per
block, per part or over the whole report."""

from __future__ import annotations

from checker.checks import _scan
from checker.checks.base import Option, make_finding

NAME = "conditional"
DESCRIPTION = "写了甲就要写乙（如简称须有全称），在同一段、同一部分或全文内判断"
OPTIONS = {
    "if": Option(str, required=True, regex=True, help="条件：出现这一写法时（正则表达式）"),
    "then": Option(str, required=True, regex=True, help="要求：也必须出现这一写法（正则表达式）"),
    "scope": Option(str, default="document", choices=("block", "section", "document"),
                    help="在哪个范围内要求：block 同一段，section 同一部分，document 全文"),
    "before": Option(bool, default=False, help="true 表示要求的写法须出现在条件写法之前"),
    **_scan.scan_options(where_default=("title", "body")),
}

PLACEHOLDERS = {
    "match": "条件写法的原文",
}

def check(report, rule):
    yield from _scan.limited(_findings(report, rule), rule.options)


def _scope_key(report, scope, piece):
    if scope == "block":
        return ("block", piece.block, piece.where)
    if scope == "section":
        return ("section", report.assignment.get(piece.block) if piece.block else piece.where)
    return ("document",)


def _findings(report, rule):
    opts = rule.options
    pieces, (if_found, then_found) = _scan.candidates(report, opts, [opts["if"], opts["then"]])
    if if_found == set():
        return  # the condition occurs nowhere
    cond = _scan.regex(opts["if"])
    need = None if then_found == set() else _scan.regex(opts["then"])
    scope, before = opts.get("scope", "document"), bool(opts.get("before"))
    satisfied: set = set()  # scopes where `then` has been seen (so far, when `before`)
    pending: dict = {}  # scope -> first unanswered `if` (piece, match)
    for k in _scan.union([if_found, then_found], len(pieces)):  # other pieces change nothing
        piece = pieces[k]
        key = _scope_key(report, scope, piece)
        text = piece.text
        first_need = need.search(text) if need is not None and (then_found is None or k in then_found) else None
        if if_found is not None and k not in if_found:
            if first_need:
                satisfied.add(key)
            continue
        for m in cond.finditer(text):
            if key in satisfied:
                break
            if first_need and (not before or first_need.start() < m.start()):
                break
            pending.setdefault(key, (piece, m))
            break
        if first_need:
            satisfied.add(key)
    for key, (piece, m) in pending.items():
        if not before and key in satisfied:
            continue
        yield make_finding(report, rule, block=piece.block,
                           excerpt_text=_scan.near(piece.text, m.start(), m.end()),
                           values={"match": m.group(0)})
