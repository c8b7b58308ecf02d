"""Shared machinery of the text-scanning check types (existence, substitution,
consistency, conditional, year-wording, script, punctuation …).

Not a check type itself (the registry skips modules whose name starts with ``_``).
Regular expressions are compiled once per distinct option value (an LRU cache keyed
by the pattern text, never by object identity), and each check walks the blocks once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from ..errors import PackError
from ..textutil import excerpt
from .base import Option

# -- options most text checks share ------------------------------------------------------
WHERE = ("title", "body", "headers", "footers")
WHERE_NAMES = {"title": "标题", "body": "正文", "headers": "页眉", "footers": "页脚"}


def scan_options(where_default=("title", "body")) -> dict:
    return {
        "where": Option(list, default=list(where_default), items=str, choices=WHERE,
                        help="检查范围：title 标题、body 正文、headers 页眉、footers 页脚"),
        "sections": Option(list, default=[], items=str,
                           help="只检查这些部分（section key，如 achievements、plan）；不写则检查全文"),
        "max_findings": Option(int, default=None,
                               help="每个文件最多逐条报告的处数，其余合并为一句说明"),
    }


# -- compiled patterns --------------------------------------------------------------------
@lru_cache(maxsize=4096)
def regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def regexes(patterns: Iterable[str] | None) -> tuple[re.Pattern, ...]:
    return tuple(regex(p) for p in (patterns or ()))


class AnyOf:
    """Several patterns searched one by one (when they cannot be joined into one
    alternation, e.g. a pattern with global flags such as ``(?i)``)."""

    def __init__(self, patterns: tuple[re.Pattern, ...]):
        self.patterns = patterns

    def search(self, text: str, pos: int = 0):
        found = [m for m in (p.search(text, pos) for p in self.patterns) if m]
        return min(found, key=lambda m: m.start()) if found else None


@lru_cache(maxsize=1024)
def _any(patterns: tuple) -> re.Pattern | AnyOf:
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:
        return AnyOf(regexes(patterns))


def any_regex(patterns: Iterable[str] | None) -> re.Pattern | AnyOf | None:
    """One alternation of several patterns, for "does any of them occur" (``.search``)."""
    patterns = tuple(patterns or ())
    return _any(patterns) if patterns else None


# -- which text a check looks at ------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """One piece of text to scan: a block (``block`` set) or a header/footer."""

    text: str
    block: int | None
    where: str  # title | body | headers | footers
    section: str | None = None  # the part the block belongs to


_PIECES: list = [None, ()]  # [report, pieces] of the report scanned last


def _pieces(report) -> tuple[Text, ...]:
    """Every scannable piece of ``report``, computed once per report."""
    if _PIECES[0] is report:
        return _PIECES[1]
    skip = report.noise | report.toc
    title = set(report.meta.title_blocks)
    get = report.assignment.get
    pieces = [Text(b.text, b.index, "title" if b.index in title else "body", get(b.index))
              for b in report.document.blocks if b.index not in skip]
    for kind, items in (("headers", report.document.headers), ("footers", report.document.footers)):
        pieces.extend(Text(t, None, kind) for t in items if t and t.strip())
    _PIECES[0], _PIECES[1] = report, tuple(pieces)
    return _PIECES[1]


def texts(report, options: dict) -> list[Text]:
    """Blocks (no web noise, no table of contents) and, for docx, headers/footers,
    limited by the ``where`` and ``sections`` options."""
    where = options.get("where") or ("title", "body")
    sections = options.get("sections")
    pieces = _pieces(report)
    if sections:
        return [p for p in pieces if p.section in sections and p.block is not None and p.where in where]
    if len(where) == 4:
        return list(pieces)
    return [p for p in pieces if p.where in where]


# -- spans -----------------------------------------------------------------------------------
def spans(patterns: tuple[re.Pattern, ...], text: str) -> list[tuple[int, int]]:
    out = []
    for p in patterns:
        out.extend(m.span() for m in p.finditer(text))
    return out


def covered(span_list: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of ``span_list``."""
    return any(s <= start and end <= e for s, e in span_list)


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (clause ended by 。！？；) around [start, end)."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end)
    hi = m.end() if m else len(text)
    return lo, hi


def near(text: str, start: int, end: int) -> str:
    return excerpt(text, start, end)


# -- limiting findings --------------------------------------------------------------------------
OVERFLOW = "（同类问题另有{rest}处，未逐一列出）"


def limited(findings: Iterable, options: dict) -> Iterator:
    """At most ``max_findings`` findings; the last one says how many were left out."""
    cap = options.get("max_findings")
    if not cap or cap < 1:
        yield from findings
        return
    kept, rest = [], 0
    for f in findings:
        if len(kept) < cap:
            kept.append(f)
        else:
            rest += 1
    if rest and kept:
        kept[-1].message = kept[-1].message + OVERFLOW.format(rest=rest)
    yield from kept


# -- validation of nested option values ------------------------------------------------------
def bad_regex(pattern) -> str | None:
    """Why ``pattern`` cannot be used (same rules as the pack loader), or None."""
    from ..regexsafety import backtracking_risk

    if not isinstance(pattern, str):
        return f"“{pattern!r}”不是文字"
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"正则表达式“{pattern}”无效：{exc}"
    if backtracking_risk(pattern):
        return f"正则表达式“{pattern[:40]}”含嵌套的重复（如 (a+)+），匹配时间可能急剧增长，请改写"
    return None


_VALIDATED: dict = {}  # id(options) -> (options, validate, problem); keeps options alive so ids stay unique


def require_valid(rule, validate) -> None:
    """Raise PackError when ``validate`` (a check module's ``validate_options``) rejects
    the rule's options.

    The pack loader validates each option's type; nested values (regex keys of a
    mapping, lists inside a mapping) are checked here, once per options mapping.
    """
    options = rule.options
    known = _VALIDATED.get(id(options))
    if known is not None and known[0] is options and known[1] is validate:
        problem = known[2]
    else:
        problem = validate(options)
        if len(_VALIDATED) > 4096:
            _VALIDATED.clear()
        _VALIDATED[id(options)] = (options, validate, problem)
    if problem is not None:
        key, reason = problem
        path, _, line = (rule.source or "").rpartition(":")
        raise PackError(path or rule.full_id, int(line) if line.isdigit() else None,
                        f"规则 {rule.id} 的选项 {key}：{reason}")


CJK = "\u3400-\u9fff\uf900-\ufaff"


# -- parts of the report ------------------------------------------------------------------------
@dataclass
class Part:
    """A stretch of blocks: a whole section occurrence or one of its sub-parts."""

    name: str  # heading text (or the section's name / cue excerpt)
    block: int  # where to report it
    blocks: list  # Block objects (content only)
    offset: int = 0  # inline parts: where the part starts inside its first block
    inline: bool = False  # found by an inline cue inside a paragraph, not by a heading

    @property
    def text(self) -> str:
        if not self.blocks:
            return ""
        first = self.blocks[0].text[self.offset:]
        return "\n".join([first] + [b.text for b in self.blocks[1:]])


def inline_offset(report, section) -> int:
    """For an inline part: where its cue matched inside the block (0 when headed)."""
    if section.headed or section.match_block is None or not section.cue:
        return 0
    cue = section.cue
    year = report.meta.year
    if year is not None:
        cue = cue.replace("{year}", str(year)).replace("{next_year}", str(year + 1))
    try:
        m = regex(cue).search(report.block(section.match_block).text)
    except re.error:
        return 0
    return m.start() if m else 0


def section_parts(report, key: str | None, own: bool = False) -> list[Part]:
    """Each occurrence of part ``key`` (None: the whole report body) as a Part.

    With ``own``, blocks that belong to another part nested in or following this one
    (e.g. the plan paragraph after an inline shortcomings paragraph) are left out —
    unless that leaves nothing (a heading naming two parts gives its blocks to one)."""
    content = report.content_blocks()
    if key is None:
        if not content:
            return []
        return [Part("全文", content[0].index, content)]
    parts = []
    for s in report.sections_by_key(key):
        blocks = [b for b in content if s.start <= b.index <= s.end]
        if own:
            mine = [b for b in blocks if report.assignment.get(b.index) == key]
            blocks = mine or blocks
        if not blocks:
            continue
        offset = inline_offset(report, s) if blocks[0].index == (s.match_block or -1) else 0
        parts.append(Part(s.title or s.name, s.match_block or s.start, blocks, offset, inline=not s.headed))
    return parts


def sub_parts(report, key: str | None) -> list[Part]:
    """The direct sub-parts (shallowest headings inside) of each occurrence of ``key``;
    a part without sub-headings is its own single sub-part."""
    out = []
    for part in section_parts(report, key):
        indexes = [b.index for b in part.blocks]
        lo, hi = indexes[0], indexes[-1]
        inner = [h for h in report.outline.headings if lo <= h.block <= hi
                 and not (key is not None and h.block == lo and part.offset == 0 and _is_part_heading(report, key, h))]
        if not inner:
            out.append(part)
            continue
        depth = min(h.depth for h in inner)
        heads = [h for h in inner if h.depth == depth]
        by_index = {b.index: b for b in part.blocks}
        for i, h in enumerate(heads):
            end = heads[i + 1].block - 1 if i + 1 < len(heads) else hi
            blocks = [by_index[j] for j in range(h.block, end + 1) if j in by_index]
            if blocks:
                out.append(Part(h.text, h.block, blocks))
    return out


def _is_part_heading(report, key, heading) -> bool:
    return any(s.heading_block == heading.block for s in report.sections_by_key(key))
