"""Heading numbering (一、 （一） 1. （1） ①) and 一是/二是 enumerations, judged from
the outline: gaps and repeats, skipped levels, labels written in a non-standard
way, mixed ways at one level, half-width parentheses.

Arabic items that run on across （一）/（二） (1…7 then 8…12) are not a gap: the first
label under a new parent may restart at 1 or continue the last number of its form.
A list may also restart at 1. Label patterns live in :mod:`checker.read.labels`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.read.labels import FORMS, format_label
from checker.read.numbering import chinese_counting
from checker.textutil import excerpt

NAME = "numbering"
DESCRIPTION = "标题编号和“一是、二是”的连续性、层级、写法与全半角"
ASPECTS = ("sequence", "levels", "punct", "mixed", "half-width", "items")
OPTIONS = {
    "aspect": Option(str, required=True, choices=ASPECTS,
                     help="sequence 编号连续；levels 不跳级；punct 编号后的标点；mixed 同级写法一致；"
                          "half-width 半角括号；items “一是、二是”连续"),
    "forms": Option(list, default=None, items=str, choices=tuple(FORMS),
                    help="检查哪些编号形式（默认全部）：cn 一、 paren_cn （一） arabic 1. paren_arabic （1） circled ①"),
    "allowed": Option(dict, default=None, items=list,
                      help="punct/mixed：每种编号形式允许的后缀标点，如 {arabic: ['.', '．']}；'' 表示不加标点"),
    "summary_ratio": Option((int, float), default=None,
                            help="half-width：半角编号占带括号编号的比例达到此值时，只报告一次"),
    "summary_message": Option(str, default=None, help="只报告一次时的提示信息（默认用 message）"),
    "max_findings": Option(int, default=None, help="每个文件最多逐条报告的处数"),
}

PLACEHOLDERS = {
    "label": "编号原文",
    "expected": "应为的编号",
    "previous": "sequence：前一个编号",
    "parent": "levels：上级编号",
    "majority": "mixed：多数写法",
    "count": "half-width：半角编号个数",
    "total": "half-width：带括号编号总数",
}

def validate_options(options: dict):
    for form, puncts in (options.get("allowed") or {}).items():
        if form not in FORMS:
            return "allowed", f"未知的编号形式 {form}（可用：{'、'.join(FORMS)}）"
        if not all(isinstance(p, str) for p in puncts):
            return "allowed", f"{form} 的允许标点应为文字列表"
    if options.get("aspect") == "punct" and not options.get("allowed"):
        return "allowed", "aspect 为 punct 时必须写 allowed"
    return None


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    aspect = rule.options["aspect"]
    yield from _scan.limited(_ASPECTS[aspect](report, rule), rule.options)


def _labelled(report, rule):
    forms = tuple(rule.options.get("forms") or FORMS)
    return _scan.cached(report, ("labelled", forms), lambda r: [
        h for h in r.outline.headings if h.label is not None and h.label.number is not None and h.label.form in forms])


def _finding(report, rule, h, expected="", **extra):
    return _scan.lazy(report, rule, block=h.block, excerpt_text=excerpt(h.text, 0, 0, 30),
                      values={"label": h.label.text.strip(), "expected": expected, **extra})


def _sequence(report, rule):
    last_in_group: dict = {}
    last_of_form: dict = {}
    for h in _labelled(report, rule):
        form, n = h.label.form, h.label.number
        group = (h.parent.block if h.parent else None, form)
        prev = last_in_group.get(group)
        if prev is None:
            run_on = last_of_form.get(form)
            if n != 1 and not (run_on is not None and n == run_on + 1):
                yield _finding(report, rule, h, format_label(form, 1), previous="")
        elif n != prev + 1 and n != 1:
            yield _finding(report, rule, h, format_label(form, prev + 1), previous=format_label(form, prev))
        last_in_group[group] = n
        last_of_form[form] = n


def _levels(report, rule):
    by_rank = {rank: form for form, (rank, _) in FORMS.items()}
    reported = set()
    for h in _labelled(report, rule):
        parent = h.parent
        if parent is None or parent.label is None or parent.block in reported:
            continue
        if h.label.rank > parent.label.rank + 1:
            reported.add(parent.block)
            missing = by_rank.get(parent.label.rank + 1)
            yield _finding(report, rule, h, format_label(missing, 1) if missing else "",
                           parent=parent.label.text.strip())


def _allowed(rule):
    return {form: set(p) for form, p in (rule.options.get("allowed") or {}).items()}


def _punct(report, rule):
    allowed = _allowed(rule)
    for h in _labelled(report, rule):
        ok = allowed.get(h.label.form)
        if ok is not None and h.label.punct not in ok:
            yield _finding(report, rule, h, format_label(h.label.form, h.label.number))


def _mixed(report, rule):
    allowed = _allowed(rule)
    by_form: dict = {}
    for h in _labelled(report, rule):
        ok = allowed.get(h.label.form)
        if ok is not None and h.label.punct not in ok:
            continue  # written in a non-standard way: the punct aspect's business
        by_form.setdefault(h.label.form, []).append(h)
    for form, heads in by_form.items():
        counts = Counter(h.label.punct for h in heads)
        if len(counts) < 2:
            continue
        first_seen = {}
        for h in heads:
            first_seen.setdefault(h.label.punct, h.block)
        majority = max(counts, key=lambda p: (counts[p], -first_seen[p]))
        example = next(h for h in heads if h.label.punct == majority)
        for h in heads:
            if h.label.punct != majority:
                yield _finding(report, rule, h, example.label.text.strip(), majority=example.label.text.strip())


def _half_width(report, rule):
    heads = [h for h in _labelled(report, rule) if h.label.form in ("paren_cn", "paren_arabic")]
    half = [h for h in heads if h.label.half_width_paren]
    if not half:
        return
    ratio = rule.options.get("summary_ratio")
    if ratio is not None and len(half) >= 2 and len(half) / len(heads) >= ratio:
        first = half[0]
        yield make_finding(report, rule, block=first.block, excerpt_text=excerpt(first.text, 0, 0, 30),
                           message=rule.options.get("summary_message") or None,
                           values={"label": first.label.text.strip(), "count": len(half), "total": len(heads),
                                   "expected": format_label(first.label.form, first.label.number)})
        return
    for h in half:
        yield _finding(report, rule, h, format_label(h.label.form, h.label.number), count=1, total=len(heads))


def _items(report, rule):
    last: dict = {}  # part (heading block) -> (last number, its block)
    heading_blocks = _scan.heading_blocks(report)
    for item in report.outline.items:
        k = bisect_right(heading_blocks, item.block) - 1  # the innermost heading above (outline.heading_for)
        key = heading_blocks[k] if k >= 0 else None
        prev, prev_block = last.get(key, (None, None))
        n = item.number
        if prev is not None and item.block != prev_block and n != prev + 1:
            prev = None  # a new paragraph that does not continue the list starts a new one
        expected = None
        if prev is None and n != 1:
            expected = 1
        elif prev is not None and n != prev + 1 and n != 1:
            expected = prev + 1
        last[key] = (n, item.block)
        if expected is None:
            continue
        text = report.block(item.block).text
        yield _scan.lazy(report, rule, block=item.block,
                         excerpt_text=excerpt(text, item.offset, item.offset + len(item.numeral) + 1),
                         values={"label": f"{item.numeral}是", "expected": f"{chinese_counting(expected)}是",
                                 "previous": f"{chinese_counting(prev)}是" if prev else ""})


_ASPECTS = {"sequence": _sequence, "levels": _levels, "punct": _punct, "mixed": _mixed,
            "half-width": _half_width, "items": _items}
