"""Web-conversion artefacts the normalised view removed or could not repair: pinyin
glosses spliced after characters (``區(qū)``) and characters a mirror destroyed
(``?`` or U+FFFD in place of Chinese). Reported once for the whole report, with the
count and two or three places quoted from the original."""

from __future__ import annotations

from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "artefact"
DESCRIPTION = "网页转换残留：字后拼音、被替换成问号的汉字（全文合并为一条）"
QUOTES_ORIGINAL = True
OPTIONS = {
    "kind": Option(str, required=True, choices=("pinyin", "garbled"),
                   help="pinyin 字后拼音；garbled 被替换成“?”或“�”的汉字"),
    "show": Option(int, default=3, help="列出的示例处数"),
}
PLACEHOLDERS = {
    "count": "处数",
    "examples": "示例（原文摘录）",
    "items": "残留内容（不重复，最多列 6 个）",
}
EXAMPLE_RADIUS = 6
MAX_ITEMS = 6


def check(report, rule):
    normalised = getattr(report, "normalised", None)
    if normalised is None:
        return
    found = getattr(normalised, rule.options["kind"])
    skip = report.noise | report.toc
    found = [a for a in found if a.block not in skip]
    if not found:
        return
    examples, seen_blocks = [], set()
    for a in found:
        if a.block in seen_blocks:
            continue
        seen_blocks.add(a.block)
        text = report.original_text(a.block)
        examples.append(excerpt(text, a.start, a.end, EXAMPLE_RADIUS))
        if len(examples) >= max(1, rule.options.get("show") or 3):
            break
    items = list(dict.fromkeys(a.text for a in found))[:MAX_ITEMS]
    yield make_finding(report, rule, block=found[0].block, excerpt_text=examples[0], values={
        "count": len(found), "examples": "；".join(f"“{e}”" for e in examples), "items": "、".join(items)})
