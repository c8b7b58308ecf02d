"""This year's report against last year's (given with ``fazhi check --previous``).

- ``repeated``: a shortcoming stated again nearly word for word (difflib similarity of
  the two items, after dropping whitespace, punctuation and the 一是/二是 labels);
- ``followup``: last year's plan items that nothing in this year's achievements takes
  up (shared two-character terms, less the stop words), one finding listing them;
- ``copied``: passages of this year's text that are last year's sentences unchanged
  (years aside), ``min_chars`` long or more.

Nothing is reported when no previous report is attached (:mod:`checker.previous`).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from checker import previous as prev
from checker import regexcache
from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.checks.plan_answers import _items_of, _pairs
from checker.textutil import excerpt

NAME = "previous"
DESCRIPTION = "与上一年度报告比较（需用 --previous 指定）：不足照抄、上年安排没有下文、大段文字照搬"
OPTIONS = {
    "aspect": Option(str, required=True, choices=("repeated", "followup", "copied"),
                     help="repeated：不足与上一年度几乎相同；followup：上一年度安排在本年度成效中没有下文；"
                          "copied：大段文字与上一年度相同"),
    "section": Option(str, default=None,
                      help="repeated：比较的部分（默认 shortcomings）；followup：上一年度的安排所在部分（默认 plan）"),
    "targets": Option(list, default=["achievements", "responsibility", "other"], items=str,
                      help="followup：在本年度的这些部分中找下文"),
    "problem_cues": Option(list, default=[], items=str, regex=True,
                           help="repeated：没有列举条目时，含这些词的分句算一项不足（正则表达式）"),
    "min_similarity": Option(float, default=0.85, help="repeated：相似度达到多少算照抄（0～1）"),
    "min_chars": Option(int, default=12,
                        help="repeated：比较的条目至少多少字；copied：照搬的文字至少多少字"),
    "stopwords": Option(list, default=[], items=str, help="followup：比较双字词时忽略的常用词"),
    "min_shared": Option(int, default=3, help="followup：与本年度某一句共有多少个双字词算有下文"),
    "min_overlap": Option(float, default=0.4,
                          help="followup：共有的双字词还须占该项双字词的比例（0～1），以免只凭“行政复议”这样的领域名称算作有下文"),
    "max_items": Option(int, default=8, help="followup：提示信息中最多列出几项"),
    "max_findings": Option(int, default=None, help="每个文件最多逐条报告的处数，其余合并为一句说明"),
}

PLACEHOLDERS = {
    "item": "本年度的条目或文字",
    "previous": "上一年度的对应文字",
    "similarity": "相似度（如 92%）",
    "items": "followup：没有下文的上一年度安排",
    "count": "followup：没有下文的项数；copied：字数",
    "previous_year": "上一年度",
}

_DROP = regexcache.compile(r"[\s\W_]+|[一二三四五六七八九十]+是|^\s*[（(]?[一二三四五六七八九十\d]+[)）、.．]")
_YEAR = regexcache.compile(r"(?:19|20)\d\d(?=年)")
_SENTENCE = regexcache.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


def _norm(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text))


_LABEL = regexcache.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）、.．])\s*")


def _short(text: str, n: int = 40) -> str:
    text = _LABEL.sub("", text).strip(" ，,：:。；;")
    return text if len(text) <= n else text[:n] + "…"


def check(report, rule):
    before = prev.of(report)
    if before is None:
        return
    aspect = rule.options["aspect"]
    values = {"previous_year": before.meta.year or ""}
    if aspect == "repeated":
        found = _repeated(report, before, rule, values)
    elif aspect == "followup":
        found = _followup(report, before, rule, values)
    else:
        found = _copied(report, before, rule, values)
    yield from _scan.limited(found, rule.options)


# -- repeated shortcomings ------------------------------------------------------------------
def _items(report, key, cues):
    out = []
    for part in _scan.section_parts(report, key, own=True):
        out.extend(_items_of(report, part, cues))
    return out


def _repeated(report, before, rule, values):
    opts = rule.options
    key = opts.get("section") or "shortcomings"
    cues = _scan.any_regex(opts.get("problem_cues"))
    least = opts.get("min_chars") or 12
    theirs = [(it, _norm(it.text)) for it in _items(before, key, cues)]
    theirs = [(it, n) for it, n in theirs if len(n) >= least]
    if not theirs:
        return
    threshold = opts.get("min_similarity") or 0.85
    for item in _items(report, key, cues):
        mine = _norm(item.text)
        if len(mine) < least:
            continue
        best, best_ratio = None, 0.0
        for other, norm in theirs:
            matcher = SequenceMatcher(None, mine, norm, autojunk=False)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = other, ratio
        if best is None or best_ratio < threshold:
            continue
        text = report.block(item.block).text
        yield _scan.lazy(report, rule, block=item.block, section=key,
                         excerpt_text=excerpt(text, item.start, item.start + len(item.text)),
                         values={**values, "item": _short(item.text), "previous": _short(best.text),
                                 "similarity": f"{best_ratio:.0%}"})


# -- last year's plan and this year's achievements -----------------------------------------------
def _plan_items(report, key) -> list[str]:
    items = []
    for part in _scan.section_parts(report, key, own=True):
        found = _items_of(report, part, None)
        if len(found) == 1 and found[0].text == part.text:  # no enumeration: its sentences
            body = "\n".join(b.text for b in part.blocks if report.outline.by_block.get(b.index) is None
                             or report.outline.by_block[b.index].run_in)
            items.extend(m.group(0) for m in _SENTENCE.finditer(body))
        else:
            items.extend(it.text for it in found)
    return [t for t in items if len(_norm(t)) >= 6]


def _headline(text: str) -> str:
    m = re.search(r"[。；;！!？?]", text)
    return text[: m.start()] if m and m.start() > 6 else text


def _followup(report, before, rule, values):
    opts = rule.options
    key = opts.get("section") or "plan"
    planned = _plan_items(before, key)
    if not planned:
        return
    stop = set()
    for word in opts.get("stopwords") or ():
        stop |= {word[i:i + 2] for i in range(len(word) - 1)}
    sentences = []
    for target in opts.get("targets") or ():
        for part in _scan.section_parts(report, target, own=True):
            sentences.extend(_pairs(m.group(0), stop) for m in _SENTENCE.finditer(part.text))
    if not sentences:
        return  # no achievements found: other rules report the missing part
    need = opts.get("min_shared") or 3
    overlap = opts.get("min_overlap") or 0.0
    missing = []
    for item in planned:
        pairs = _pairs(_headline(item), stop)
        if len(pairs) < need:
            continue  # too little to judge
        wanted = max(need, overlap * len(pairs))
        if not any(len(pairs & got) >= wanted for got in sentences):
            missing.append(item)
    if not missing:
        return
    cap = max(1, opts.get("max_items") or 8)
    listed = "；".join(f"“{_short(_headline(t), 30)}”" for t in missing[:cap]) + ("等" if len(missing) > cap else "")
    parts = _scan.section_parts(report, "achievements") or _scan.section_parts(report, None)
    block = parts[0].block if parts else None
    yield make_finding(report, rule, block=block, section="achievements" if block else None,
                       excerpt_text=listed,
                       values={**values, "items": listed, "count": len(missing)})


# -- copied passages ---------------------------------------------------------------------------
def _copy_key(sentence: str) -> str:
    return _norm(_YEAR.sub("#", sentence))


def _copied(report, before, rule, values):
    least = rule.options.get("min_chars") or 60
    theirs = set()
    for block in _scan.content(before):
        for m in _SENTENCE.finditer(block.text):
            key = _copy_key(m.group(0))
            if len(key) >= 6:
                theirs.add(key)
    if not theirs:
        return
    for block in _scan.content(report):
        run_start = run_end = None
        chars = 0
        spans = []
        for m in list(_SENTENCE.finditer(block.text)) + [None]:
            key = _copy_key(m.group(0)) if m else ""
            if m and len(key) >= 6 and key in theirs:
                if run_start is None:
                    run_start, chars = m.start(), 0
                run_end = m.end()
                chars += len(key)
                continue
            if run_start is not None and chars >= least:
                spans.append((run_start, run_end, chars))
            run_start = None
        for start, end, chars in spans:
            passage = block.text[start:end]
            yield _scan.lazy(report, rule, block=block.index,
                             excerpt_text=excerpt(block.text, start, end, 0) if end - start <= 80
                             else passage[:60] + "…",
                             values={**values, "item": _short(passage, 30), "count": chars})
