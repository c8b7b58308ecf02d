"""Every shortcoming is taken up by some item of the next year's plan.

Shortcoming items are the 一是/二是 enumerations of the part, else its sub-headings,
else its clauses that carry a problem cue (有待、不够、缺乏 …). An item is answered
when a plan item shares one of its key concepts (groups of terms in the YAML); an
item without any known concept is answered by enough shared two-character terms.
"""

from __future__ import annotations

from itertools import compress
from operator import methodcaller

from checker import regexcache
from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "plan-answers"
DESCRIPTION = "存在的每项不足在下一年度安排中都有对应措施（按关键词重合判断）"
OPTIONS = {
    "source": Option(str, default="shortcomings", help="不足所在的部分（section key）"),
    "target": Option(str, default="plan", help="安排所在的部分（section key）"),
    "concepts": Option(dict, required=True, items=list,
                       help="映射：概念名称 → 表示该概念的词语（正则表达式列表）"),
    "problem_cues": Option(list, default=[], items=str, regex=True,
                           help="没有列举条目时，含这些词的分句算一项不足（正则表达式）"),
    "general": Option(list, default=[], items=str, regex=True,
                      help="笼统的引子（如“还存在一些不足”），含这些写法的分句不算一项不足（正则表达式）"),
    "stopwords": Option(list, default=[], items=str, help="比较双字词时忽略的常用词"),
    "min_shared": Option(int, default=2, help="没有已知概念的不足项：与安排共有多少个双字词算有对应"),
    "headline": Option(str, default="[。；;！!？?]", regex=True,
                       help="取不足项第一句作为要点（句末标点，正则表达式）"),
}

_CJK_RUN = regexcache.compile(f"[{_scan.CJK}]{{2,}}")
_CLAUSE = regexcache.compile(r"[。；;，,！!？?：:\n]")

PLACEHOLDERS = {
    "item": "不足项（开头部分）",
    "concepts": "不足项涉及的概念",
}

def validate_options(options: dict):
    for name, words in (options.get("concepts") or {}).items():
        if not words:
            return "concepts", f"概念“{name}”没有词语"
        for w in words:
            problem = _scan.bad_regex(w)
            if problem:
                return "concepts", f"概念“{name}”：{problem}"
    return None


class _Item:
    __slots__ = ("block", "start", "text")

    def __init__(self, block, start, text):
        self.block, self.start, self.text = block, start, text


def _items_of(report, part, key_cues, general=None) -> list[_Item]:
    """Items of a part: 一是/二是 spans, else sub-headings, else clauses with a cue
    (not the part's own heading line, not a general lead-in such as 存在一些不足)."""
    indexes = {b.index: b for b in part.blocks}
    first = part.blocks[0].index if part.blocks else None
    enum = [it for it in report.outline.items
            if it.block in indexes and not (it.block == first and it.offset < part.offset)]
    items = []
    if len(enum) >= 2:
        for i, it in enumerate(enum):
            text = indexes[it.block].text
            end = enum[i + 1].offset if i + 1 < len(enum) and enum[i + 1].block == it.block else len(text)
            items.append(_Item(it.block, it.offset, text[it.offset:end]))
        return items
    heads = [h for h in report.outline.headings if h.block in indexes and h.block != part.block]
    if len(heads) >= 2:
        for i, h in enumerate(heads):
            end = heads[i + 1].block if i + 1 < len(heads) else max(indexes) + 1
            text = "\n".join(indexes[j].text for j in range(h.block, end) if j in indexes)
            items.append(_Item(h.block, 0, text))
        return items
    if key_cues is None:
        return [_Item(part.block, part.offset, part.text)]
    for i, block in enumerate(part.blocks):
        heading = report.outline.by_block.get(block.index)
        if heading is not None and not heading.run_in:
            continue  # a heading line (二、存在的不足和原因) names the part, it is no item
        start = part.offset if i == 0 else 0
        text = block.text
        if i == 0 and part.inline:  # skip the clause holding the part's own cue (…存在一些不足)
            m = _CLAUSE.search(text, start)
            start = m.end() if m else len(text)
        pos = start
        for m in list(_CLAUSE.finditer(text, start)) + [None]:
            end = m.start() if m else len(text)
            clause = text[pos:end]
            if key_cues.search(clause) and not (general is not None and general.search(clause)):
                items.append(_Item(block.index, pos, clause))
            pos = m.end() if m else len(text)
    return items


def _concepts(text, concepts) -> set:
    """The names of the concepts whose pattern occurs in ``text`` (``concepts``: names,
    patterns; searched from C, this runs for every item against every concept)."""
    names, patterns = concepts
    return set(compress(names, map(methodcaller("search", text), patterns)))


def _pairs(text, stop) -> set:
    """Every two adjacent Chinese characters in ``text``, less the stop pairs."""
    return {run[i:i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)} - stop


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    opts = rule.options
    sources = _scan.section_parts(report, opts["source"], own=True)
    targets = _scan.section_parts(report, opts["target"], own=True)
    if not sources or not targets:
        return
    concepts = rule.cache.get("concepts")
    if concepts is None:
        concepts = rule.cache["concepts"] = (tuple(opts["concepts"]),
                                             tuple(_scan.any_regex(words) for words in opts["concepts"].values()))
    cues = _scan.any_regex(opts.get("problem_cues"))
    general = _scan.any_regex(opts.get("general"))
    stop = rule.cache.get("stop_pairs")
    if stop is None:  # the stop words' character pairs, once per rule
        stop = rule.cache["stop_pairs"] = {word[i:i + 2] for word in opts.get("stopwords") or ()
                                           for i in range(len(word) - 1)}
    headline = _scan.regex(opts["headline"])
    plan_items = [it for part in targets for it in _items_of(report, part, None)]
    plan_concepts = [_concepts(it.text, concepts) for it in plan_items]
    plan_pairs = None  # computed when an item without a known concept needs them
    for part in sources:
        for item in _items_of(report, part, cues, general):
            m = headline.search(item.text)
            key_text = item.text[: m.start()] if m and m.start() > 0 else item.text
            wanted = _concepts(key_text, concepts)
            if wanted:
                answered = any(wanted & got for got in plan_concepts)
            else:
                if plan_pairs is None:
                    plan_pairs = [_pairs(it.text, stop) for it in plan_items]
                pairs = _pairs(key_text, stop)
                answered = any(len(pairs & got) >= (opts.get("min_shared") or 2) for got in plan_pairs)
            if answered:
                continue
            block_text = report.block(item.block).text
            shown = key_text.strip(" ，,：:")
            yield make_finding(report, rule, block=item.block, section=opts["source"],
                               excerpt_text=excerpt(block_text, item.start, item.start + len(key_text)),
                               values={"item": excerpt(shown, 0, 0, 30), "concepts": "、".join(sorted(wanted))})
