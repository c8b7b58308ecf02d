"""Traditional characters in a simplified report (web mirrors), found with OpenCC in
the original text: the text is converted to simplified Chinese and the changed
characters counted. Reported once for the whole report: how many, which characters,
and two or three places. The converter is created once per process, on first use."""

from __future__ import annotations

from checker.analysis.normalize import opencc_converter, split_lines
from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "script"
DESCRIPTION = "简体报告中混入的繁体字（用 OpenCC 转换比对，全文合并为一条）"
QUOTES_ORIGINAL = True  # excerpts are taken from the original text
OPTIONS = {
    "config": Option(str, default="t2s", choices=("t2s", "tw2s", "hk2s", "t2s.json", "tw2s.json", "hk2s.json"),
                     help="OpenCC 转换方案：t2s 繁体→简体，tw2s 台湾正体→简体，hk2s 香港繁体→简体"),
    "ignore": Option(str, default="", help="不报告的字（如人名、地名中的专用字）"),
    "show": Option(int, default=3, help="列出的示例处数"),
    **_scan.scan_options(),
}
PLACEHOLDERS = {
    "chars": "繁体字（不重复，最多列 12 个）",
    "simplified": "对应的简体字",
    "count": "繁体字总数",
    "blocks": "含繁体字的段落数",
    "examples": "示例（原文摘录）",
    "where": "第一处的位置",
}
MAX_CHARS = 12
EXAMPLE_RADIUS = 8


def converter(config: str):
    return opencc_converter(config)


def traditional(text: str, convert, ignore: str = "", simplified: str | None = None) -> list[tuple[int, str, str]]:
    """(offset, character, simplified) for every character the conversion changes
    (``simplified``: the conversion of ``text``, when already made)."""
    if simplified is None:
        simplified = convert(text)
    if len(simplified) != len(text):  # a phrase changed length: judge character by character
        simplified = "".join(convert(ch) if len(convert(ch)) == 1 else ch for ch in text)
    return [(i, a, b) for i, (a, b) in enumerate(zip(text, simplified)) if a != b and a not in ignore]


def _original_pieces(report, options):
    pieces = _scan.texts(report, options)
    if getattr(report, "normalised", None) is None or not report.normalised.changed:
        return pieces
    return [_scan.Text(report.original_text(p.block), p.block, p.where, p.section) if p.block else p
            for p in pieces]


def check(report, rule):
    opts = rule.options
    convert = converter(opts.get("config") or "t2s").convert
    ignore = opts.get("ignore") or ""
    pieces = _original_pieces(report, opts)
    whole = "\n".join(p.text for p in pieces)
    simplified = convert(whole)
    if simplified == whole:  # the usual case: one conversion of the whole text
        return
    lines = split_lines(simplified, len(pieces)) or [None] * len(pieces)
    count, blocks, chars, examples, first = 0, 0, {}, [], None
    for piece, line in zip(pieces, lines):
        found = traditional(piece.text, convert, ignore, line)
        if not found:
            continue
        count += len(found)
        blocks += 1
        for _, a, b in found:
            chars.setdefault(a, b)
        if first is None:
            first = piece
        if len(examples) < max(1, opts.get("show") or 3):
            at = found[0][0]
            examples.append(excerpt(piece.text, at, at + 1, EXAMPLE_RADIUS))
    if not count:
        return
    shown = list(chars.items())[:MAX_CHARS]
    yield make_finding(report, rule, block=first.block, excerpt_text=examples[0], values={
        "chars": "".join(a for a, _ in shown), "simplified": "".join(b for _, b in shown),
        "count": count, "blocks": blocks, "examples": "；".join(f"“{e}”" for e in examples),
        "where": _scan.WHERE_NAMES[first.where]})
