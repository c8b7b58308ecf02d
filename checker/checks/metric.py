"""Size of a part (Vale's ``metric``): characters, sentences and enumerated items,
each against a minimum from the rule — e.g. shortcomings must be specific: several
items (一是/二是, numbered sub-headings) or enough substance, not one vague sentence."""

from __future__ import annotations

from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "metric"
DESCRIPTION = "某部分的篇幅：字数、句数、列举的条目数达到规定的下限"
OPTIONS = {
    "section": Option(str, required=True, help="要衡量的部分（section key）"),
    "min_chars": Option(int, default=None, help="至少多少字（不计空白）"),
    "min_sentences": Option(int, default=None, help="至少多少句"),
    "min_items": Option(int, default=None, help="至少列举多少条（“一是……二是……”或小标题）"),
    "pass_if": Option(str, default="any", choices=("any", "all"),
                      help="any：达到任一下限即通过；all：须全部达到"),
    "sentence_end": Option(str, default="[。！？!?；;]", regex=True, help="句末标点（正则表达式）"),
}

PLACEHOLDERS = {
    "chars": "字数",
    "sentences": "句数",
    "items": "列举的条目数",
    "section_name": "部分名称",
    "min_chars": "min_chars",
    "min_sentences": "min_sentences",
    "min_items": "min_items",
}

def validate_options(options: dict):
    if all(options.get(k) is None for k in ("min_chars", "min_sentences", "min_items")):
        return "min_chars", "min_chars、min_sentences、min_items 至少写一个"
    return None


def measure(report, part, sentence_end) -> dict:
    heading = report.outline.by_block.get(part.block)
    text = part.text
    if heading is not None and not heading.run_in and not part.inline:
        text = "\n".join(b.text for b in part.blocks if b.index != part.block)  # the part's own heading line
    chars = len("".join(text.split()))  # characters that are not whitespace (str.isspace)
    ends = sum(1 for _ in sentence_end.finditer(text))
    sentences = ends + (1 if text.strip() and not sentence_end.search(text.rstrip()[-1:]) else 0)
    indexes = {b.index for b in part.blocks}
    first = part.blocks[0].index if part.blocks else None
    items = [it for it in report.outline.items
             if it.block in indexes and not (it.block == first and it.offset < part.offset)]
    headings = [h for h in report.outline.headings if h.block in indexes and h.block != part.block]
    return {"chars": chars, "sentences": sentences, "items": max(len(items), len(headings))}


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    opts = rule.options
    key = opts["section"]
    end = _scan.regex(opts["sentence_end"])
    limits = {"chars": opts.get("min_chars"), "sentences": opts.get("min_sentences"), "items": opts.get("min_items")}
    limits = {k: v for k, v in limits.items() if v is not None}
    for part in _scan.section_parts(report, key, own=True):
        values = measure(report, part, end)
        met = [values[k] >= v for k, v in limits.items()]
        ok = any(met) if opts.get("pass_if", "any") == "any" else all(met)
        if ok:
            continue
        shown = next((b.text for b in part.blocks if b.index != part.block), None) if not part.inline else None
        yield make_finding(report, rule, block=part.block, section=key,
                           excerpt_text=excerpt(shown if shown else part.text.split("\n")[0], 0, 0, 40),
                           values={**values, "section_name": report.model.sections.name(key),
                                   **{f"min_{k}": v for k, v in limits.items()}})
