"""Shared machinery of the text-scanning check types (existence, substitution,
consistency, conditional, year-wording, script, punctuation …).

Not a check type itself (the registry skips modules whose name starts with ``_``).
Regular expressions are compiled once per distinct option value (an LRU cache keyed
by the pattern text, never by object identity), and each check walks the blocks once.

Keeping it cheap, without changing a finding:

- per-report data (the pieces to scan, their joined text, content blocks, heading
  positions) is computed once and kept on the report object (:func:`cached`);
- patterns that ``re`` would try at every position get a start-character lookahead,
  and the literals a match needs tell which pieces can hold one at all, found with
  one scan of the joined text (:mod:`._prefilter`, :func:`candidates`);
- findings past ``max_findings`` are counted, not built (:func:`lazy`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, compress, repeat
from operator import add, attrgetter
from typing import Iterable, Iterator, NamedTuple

from checker import regexcache
from checker.errors import PackError
from checker.textutil import excerpt
from checker.checks import _prefilter
from checker.checks.base import Option, make_finding

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
    """The compiled pattern (with a start-character lookahead when that makes ``re``
    skip positions faster; same matches, see :mod:`._prefilter`)."""
    return _prefilter.compile(pattern)


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


def joined(patterns: Iterable[str]) -> str:
    """The source of one alternation of ``patterns``."""
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1024)
def _any(patterns: tuple) -> re.Pattern | AnyOf:
    try:
        return regex(joined(patterns))
    except re.error:
        return AnyOf(regexes(patterns))


def any_regex(patterns: Iterable[str] | None) -> re.Pattern | AnyOf | None:
    """One alternation of several patterns, for "does any of them occur" (``.search``)."""
    patterns = tuple(patterns or ())
    return _any(patterns) if patterns else None


def _finder_group(needles: tuple[str, ...]) -> tuple:
    """``find(text, pos) -> offset | -1`` functions finding any of ``needles``: one
    ``str.find`` per character when all are single characters (a regex class mixing
    scripts is slower), else one regex alternation (faster than ``str.find`` on CJK)."""
    if all(len(n) == 1 for n in needles):
        return tuple(lambda text, pos, n=n: text.find(n, pos) for n in needles)
    return (_search_offset(_prefilter.alternation(needles)),)


def _search_offset(pattern: re.Pattern):
    def find(text: str, pos: int) -> int:
        m = pattern.search(text, pos)
        return m.start() if m else -1

    return find


@lru_cache(maxsize=4096)
def _finders(pattern: str) -> tuple[tuple, ...] | None:
    """Groups of finders (see :func:`_finder_group`): a text where ``pattern`` matches
    holds a hit of every group. From the literals the pattern needs — the most
    selective looking set, then only sets of single characters (cheap to look for) —
    or, failing those, a narrow class of the characters a match starts with. None:
    nothing selective."""
    sets = _prefilter.requirements(pattern)
    if sets:
        sets = sets[:1] + [s for s in sets[1:] if all(len(n) == 1 for n in s)]
        return tuple(_finder_group(s) for s in sets)
    first = _prefilter.start_probe(pattern)
    return None if first is None else ((_search_offset(first),),)


def may_match(pattern: str, text: str) -> bool:
    """False when ``text`` lacks something every match of ``pattern`` needs."""
    groups = _finders(pattern)
    return groups is None or all(any(find(text, 0) >= 0 for find in group) for group in groups)


# -- per-report data, computed once and kept on the report object ----------------------------
def cached(report, key: str, compute):
    """``compute(report)``, remembered in ``report.text_cache`` under ``key``."""
    store = report.text_cache
    try:
        return store[key]
    except KeyError:
        value = store[key] = compute(report)
        return value


# -- which text a check looks at ------------------------------------------------------------
class Text(NamedTuple):
    """One piece of text to scan: a block (``block`` set) or a header/footer (a tuple:
    made for every block of every report)."""

    text: str
    block: int | None
    where: str  # title | body | headers | footers
    section: str | None = None  # the part the block belongs to


def _all_pieces(report) -> tuple[Text, ...]:
    skip = report.noise | report.toc
    blocks = report.document.blocks
    if skip:  # the blocks whose index is not in skip ((index,) disjoint from it)
        blocks = list(compress(blocks, map(skip.isdisjoint, zip(map(_INDEX_OF, blocks)))))
    indexes = list(map(_INDEX_OF, blocks))
    # Text(text, block, title|body, section) for each block, built without a Python call each
    where = map(dict.get, repeat(dict.fromkeys(report.meta.title_blocks, "title")), indexes, repeat("body"))
    pieces = list(map(tuple.__new__, repeat(Text), zip(
        map(_TEXT_OF, blocks), indexes, where, map(report.assignment.get, indexes))))
    for kind, items in (("headers", report.document.headers), ("footers", report.document.footers)):
        pieces.extend(Text(t, None, kind) for t in items if t and t.strip())
    return tuple(pieces)


def _pieces(report) -> tuple[Text, ...]:
    """Every scannable piece of ``report``, computed once per report."""
    return cached(report, "pieces", _all_pieces)


def all_text(report) -> str:
    """Every block of the document and every header/footer, joined: a pattern whose
    literals are not in here occurs in no piece, no part and no heading."""
    def compute(r):
        texts = [b.text for b in r.document.blocks]
        texts.extend(t for t in (*r.document.headers, *r.document.footers) if t)
        return "\n".join(texts)

    return cached(report, "all_text", compute)


def absent(report, pattern: str) -> bool:
    """True when ``pattern`` cannot match anywhere in ``report`` (one fast test)."""
    return not may_match(pattern, all_text(report))


def texts(report, options: dict) -> tuple[Text, ...]:
    """Blocks (no web noise, no table of contents) and, for docx, headers/footers,
    limited by the ``where`` and ``sections`` options (once per report and selection)."""
    where = options.get("where")
    sections = options.get("sections")
    if _usual(where, sections):  # looked up first
        found = report.text_cache.get(_DEFAULT_TEXTS)
        if found is not None:
            return found
    where = where or _DEFAULT_WHERE
    pieces = _pieces(report)
    if sections:
        return cached(report, ("texts", tuple(where), tuple(sections)), lambda _r: tuple(
            p for p in pieces if p.section in sections and p.block is not None and p.where in where))
    if len(where) == 4:
        return pieces
    return cached(report, ("texts", tuple(where)), lambda _r: tuple(
        compress(pieces, map(frozenset(where).__contains__, map(_WHERE_OF, pieces)))))


_WHERE_OF, _TEXT_OF, _INDEX_OF = attrgetter("where"), attrgetter("text"), attrgetter("index")
_DEFAULT_WHERE = ("title", "body")
_USUAL_WHERE = (list(_DEFAULT_WHERE), _DEFAULT_WHERE)
_DEFAULT_TEXTS = ("texts", _DEFAULT_WHERE)  # the cache keys of the usual selection
_DEFAULT_JOINED = ("joined", _DEFAULT_WHERE, ())


def _usual(where, sections) -> bool:
    """Whether the ``where``/``sections`` options select the usual texts (title and body)."""
    return not sections and (not where or where in _USUAL_WHERE)


_SEPARATOR = "\n"


def _joined(report, key: tuple, pieces) -> tuple[str, list[int]]:
    """The texts of ``pieces`` joined by newlines, and where each starts (cached by the
    selection ``key``)."""
    def compute(_report):
        texts = list(map(_TEXT_OF, pieces))
        # piece k starts after the texts before it and one separator each
        starts = list(map(add, accumulate(map(len, texts), initial=0), range(len(texts))))
        return _SEPARATOR.join(texts), starts

    return cached(report, ("joined",) + key, compute)


def joined_texts(report, options: dict) -> tuple[str, list[int]]:
    """The texts of :func:`texts` joined by newlines, and where each starts (once per
    report and selection)."""
    where = options.get("where")
    sections = options.get("sections")
    if _usual(where, sections):  # looked up first
        found = report.text_cache.get(_DEFAULT_JOINED)
        if found is not None:
            return found
    key = (tuple(where or _DEFAULT_WHERE), tuple(sections or ()))
    return _joined(report, key, texts(report, options))


def piece_at(starts: list[int], offset: int) -> int:
    """Which piece the joined-text ``offset`` falls in."""
    return bisect_right(starts, offset) - 1


PROBE_MIN = 32  # pieces probed before judging whether a probe is selective


class _Everywhere(Exception):
    """The probe occurs in most pieces: keep them all."""


def _hits(find, text: str, starts: list[int], out: set[int]) -> None:
    """Add to ``out`` the pieces where ``find(text, pos)`` (an offset, -1 for none)
    finds something, one call per piece found."""
    last = len(starts) - 1
    found = 0
    pos = find(text, 0)
    while pos >= 0:
        k = bisect_right(starts, pos) - 1
        out.add(k)
        found += 1
        if k >= last:
            return
        if k >= PROBE_MIN and 2 * found > k:
            raise _Everywhere
        pos = find(text, starts[k + 1])


SELECTIVE = 10  # a candidate set of at most 1/SELECTIVE of the pieces is not narrowed further


def _indexes(report, options: dict, pieces, pattern: str) -> set[int] | None:
    """Positions in ``pieces`` of those where ``pattern`` may match; None: all of them.
    Each finder group gives the pieces holding one of its literals; a piece must be in
    every group's set. When the literals are not selective, the pattern itself is
    searched in the joined texts (:func:`matching_pieces`), where it can be."""
    found = _literal_indexes(report, options, pieces, pattern)
    if found is not None and len(found) * BROAD <= len(pieces):
        return found
    matched = matching_pieces(report, options, pattern)
    if matched is None:
        return found
    return matched if found is None else matched & found


BROAD = 4  # literal candidates in more than 1/BROAD of the pieces: search the pattern instead


def matching_pieces(report, options: dict, pattern: str) -> set[int] | None:
    """Positions in :func:`texts` of the pieces where ``pattern`` may match, found by
    searching the joined texts with the pattern itself: one search per piece found, the
    rest in C. A superset of the pieces where it matches: a match may run across the
    newline joining two pieces and name a piece where the pattern does not match on its
    own, so the caller searches each piece by itself. None when ``pattern`` does not
    allow it (see :func:`_prefilter.separable`)."""
    if not _prefilter.separable(pattern):
        return None
    try:
        search = _prefilter.start_search(pattern).search  # only where matches start is asked
    except re.error:
        return None
    return starting_pieces(search, *joined_texts(report, options))


def starting_pieces(search, text: str, starts: list[int]) -> set[int]:
    """The pieces of ``text`` (pieces joined by newlines, starting at ``starts``) in which
    a ``search(text, pos)`` match starts, searching each piece from its start until one
    is found."""
    out: set[int] = set()
    last = len(starts) - 1
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return out
        k = bisect_right(starts, m.start()) - 1
        out.add(k)
        if k >= last:
            return out
        # the rest of this piece cannot add anything; a match running into the next
        # pieces does not hide one starting there
        pos = starts[k + 1]


def _literal_indexes(report, options: dict, pieces, pattern: str) -> set[int] | None:
    groups = _finders(pattern)
    if groups is None:
        return None
    text, starts = joined_texts(report, options)
    out: set[int] | None = None
    for group in groups:
        found: set[int] = set()
        try:
            for find in group:
                _hits(find, text, starts, found)
        except _Everywhere:
            continue
        out = found if out is None else out & found
        if len(out) * SELECTIVE <= len(pieces):
            break
    return out


def candidates(report, options: dict, patterns) -> tuple[tuple[Text, ...], list[set[int] | None]]:
    """:func:`texts`, and for each of ``patterns`` the positions of the pieces it may
    match in (None: any piece): those holding its probe — literals every match
    contains, or else a character a match can start with — found in the joined texts
    with one call per piece found; the other pieces cannot match."""
    pieces = texts(report, options)
    if not pieces:
        return pieces, [set() for _ in patterns]
    return pieces, [_indexes(report, options, pieces, p) for p in patterns]


def union(found: list[set[int] | None], count: int):
    """The positions in any of ``found`` (None: all ``count``), in order."""
    if any(f is None for f in found):
        return range(count)
    return sorted(set().union(*found))


def texts_for(report, options: dict, *patterns: str) -> tuple[Text, ...] | list[Text]:
    """:func:`texts` that may hold a match of one of ``patterns`` (see
    :func:`candidates`), in reading order."""
    pieces, found = candidates(report, options, patterns)
    if any(f is None for f in found):
        return pieces
    return [pieces[k] for k in union(found, len(pieces))]


# -- spans -----------------------------------------------------------------------------------
def spans(patterns: tuple[re.Pattern, ...], text: str) -> list[tuple[int, int]]:
    out = []
    for p in patterns:
        out.extend(m.span() for m in p.finditer(text))
    return out


def covered(span_list: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of ``span_list``."""
    return any(s <= start and end <= e for s, e in span_list)


_SENTENCE_ENDS = "。！？!?；;\n"
_SENTENCE_END = regexcache.compile(f"[{re.escape(_SENTENCE_ENDS)}]")


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (clause ended by 。！？；) around [start, end)."""
    lo = max(map(text.rfind, _SENTENCE_ENDS, repeat(0), repeat(start))) + 1
    m = _SENTENCE_END.search(text, end)
    hi = m.end() if m else len(text)
    return lo, hi


def near(text: str, start: int, end: int) -> str:
    return excerpt(text, start, end)


# -- limiting findings --------------------------------------------------------------------------
OVERFLOW = "（同类问题另有{rest}处，未逐一列出）"


def lazy(report, rule, **fields):
    """``make_finding(report, rule, **fields)``, built only when :func:`limited` keeps it
    (past ``max_findings`` only the count matters)."""
    return partial(make_finding, report, rule, **fields)


def limited(findings: Iterable, options: dict) -> Iterator:
    """At most ``max_findings`` findings; the last one says how many were left out.
    Items are findings or :func:`lazy` ones."""
    cap = options.get("max_findings")
    if not cap or cap < 1:
        for f in findings:
            yield f() if callable(f) else f
        return
    kept, rest = [], 0
    for f in findings:
        if len(kept) < cap:
            kept.append(f() if callable(f) else f)
        else:
            rest += 1
    if rest and kept:
        kept[-1].message = kept[-1].message + OVERFLOW.format(rest=rest)
    yield from kept


# -- validation of nested option values ------------------------------------------------------
def bad_regex(pattern) -> str | None:
    """Why ``pattern`` cannot be used (same rules as the pack loader), or None."""
    from checker.packs.regexsafety import backtracking_risk

    if not isinstance(pattern, str):
        return f"“{pattern!r}”不是文字"
    try:
        regexcache.compile(pattern)
    except re.error as exc:
        return f"正则表达式“{pattern}”无效：{exc}"
    if backtracking_risk(pattern):
        return f"正则表达式“{pattern[:40]}”含嵌套的重复（如 (a+)+），匹配时间可能急剧增长，请改写"
    return None


def require_valid(rule, validate) -> None:
    """Raise PackError when ``validate`` (a check module's ``validate_options``) rejects
    the rule's options.

    The pack loader validates each option's type; nested values (regex keys of a
    mapping, lists inside a mapping) are checked here, once per rule object (a rule
    changed by a setting is a new object with a cache of its own).
    """
    if "problem" not in rule.cache:
        rule.cache["problem"] = validate(rule.options)
    problem = rule.cache["problem"]
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


def content(report) -> list:
    """``report.content_blocks()`` (no noise, table of contents or title), computed once."""
    return cached(report, "content", lambda r: r.content_blocks())


def _content_indexes(report) -> list[int]:
    return cached(report, "content_indexes", lambda r: [b.index for b in content(r)])


def heading_blocks(report) -> list[int]:
    """The blocks of the outline's headings, in order (for bisecting)."""
    return cached(report, "heading_blocks", lambda r: [h.block for h in r.outline.headings])


def section_parts(report, key: str | None, own: bool = False) -> list[Part]:
    """Each occurrence of part ``key`` (None: the whole report body) as a Part.

    With ``own``, blocks that belong to another part nested in or following this one
    (e.g. the plan paragraph after an inline shortcomings paragraph) are left out —
    unless that leaves nothing (a heading naming two parts gives its blocks to one)."""
    blocks_all = content(report)
    if key is None:
        if not blocks_all:
            return []
        return [Part("全文", blocks_all[0].index, list(blocks_all))]
    indexes = _content_indexes(report)
    parts = []
    for s in report.sections_by_key(key):
        blocks = blocks_all[bisect_left(indexes, s.start):bisect_right(indexes, s.end)]
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
    headings = report.outline.headings
    starts = heading_blocks(report)
    part_headings = {s.heading_block for s in report.sections_by_key(key)} if key is not None else set()
    for part in section_parts(report, key):
        lo, hi = part.blocks[0].index, part.blocks[-1].index
        inside = headings[bisect_left(starts, lo):bisect_right(starts, hi)]
        # the part's own heading is no sub-part
        inner = [h for h in inside if not (h.block == lo and part.offset == 0 and h.block in part_headings)]
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
