"""One report, one way of writing a thing (Vale's ``consistency``): of several
variants (name → regular expression), once more than one occurs, every occurrence
of the less used ones is reported against the most used one."""

from __future__ import annotations

from collections import Counter

from checker.checks import _scan
from checker.checks.base import Option

NAME = "consistency"
DESCRIPTION = "同一事物全文写法一致：几种写法同时出现时，报告少数写法"
OPTIONS = {
    "variants": Option(dict, required=True, items=str,
                       help="映射：写法名称 → 正则表达式（至少两种）"),
    **_scan.scan_options(where_default=("body",)),
}

PLACEHOLDERS = {
    "match": "少数写法的原文",
    "variant": "少数写法的名称",
    "count": "少数写法出现次数",
    "majority": "多数写法的名称",
    "majority_count": "多数写法出现次数",
}

def validate_options(options: dict):
    variants = options.get("variants") or {}
    if len(variants) < 2:
        return "variants", "至少要有两种写法"
    for pattern in variants.values():
        problem = _scan.bad_regex(pattern)
        if problem:
            return "variants", problem
    return None


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    yield from _scan.limited(_findings(report, rule), rule.options)


def _findings(report, rule):
    opts = rule.options
    names = list(opts["variants"])
    pieces, where_found = _scan.candidates(report, opts, [opts["variants"][n] for n in names])
    variants = [(name, _scan.regex(opts["variants"][name]), found)
                for name, found in zip(names, where_found) if found != set()]
    if len(variants) < 2:
        return  # at most one variant occurs
    hits = []  # (variant name, piece, match) in reading order
    for k in _scan.union(where_found, len(pieces)):
        piece = pieces[k]
        for name, pattern, found in variants:
            if found is not None and k not in found:
                continue
            for m in pattern.finditer(piece.text):
                if m.end() > m.start():
                    hits.append((name, piece, m))
    counts = Counter(name for name, _, _ in hits)
    if len(counts) < 2:
        return
    order = {name: i for i, (name, _, _) in enumerate(reversed(hits))}  # earliest occurrence wins ties
    majority = max(counts, key=lambda n: (counts[n], order[n]))
    for name, piece, m in hits:
        if name == majority:
            continue
        yield _scan.lazy(report, rule, block=piece.block,
                         excerpt_text=_scan.near(piece.text, m.start(), m.end()),
                         values={"match": m.group(0), "variant": name, "count": counts[name],
                                 "majority": majority, "majority_count": counts[majority]})
