"""Heading tree + the pack's section model -> semantic sections.

A part is *headed* (its own top-level heading, or a sub-heading / numbered item for
parts that allow it) or *inline* (a paragraph inside another part, found by the
pack's inline cues). A heading that names two parts counts for both. Every content
block ends up in exactly one part (the innermost) or in the preamble.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from checker import regexcache
from checker.checks._prefilter import requirements
from checker.read.model import Block
from checker.analysis.outline import Heading, Outline
from checker.textutil import excerpt

PREAMBLE = None
# where a heading's end is unknown (flattened text) only cues near its start count
UNCERTAIN_TITLE_CUE_WINDOW = 12


@dataclass
class SectionSpec:
    key: str
    name: str
    heading: list[str] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)
    inline_window: int = 160
    inline_pick: str = "first"
    inline_extent: str = "until_heading"
    not_inline_in: tuple = ()
    subheadings: bool = False
    fallback: str | None = None
    fallback_until: tuple = ()


@dataclass
class Section:
    key: str
    name: str
    title: str
    headed: bool
    start: int
    end: int
    heading_block: int | None = None
    cue: str | None = None  # the cue (regular expression) that matched
    match_block: int | None = None

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "headed": self.headed, "start": self.start, "end": self.end}


class SectionModel:
    def __init__(self, specs: list[dict]):
        self.specs = [SectionSpec(
            key=s["key"], name=s.get("name", s["key"]),
            heading=[str(p) for p in s.get("heading") or []],
            inline=[str(p) for p in s.get("inline") or []],
            inline_window=int(s.get("inline_window", 160)),
            inline_pick=s.get("inline_pick", "first"),
            inline_extent=s.get("inline_extent", "until_heading"),
            not_inline_in=tuple(s.get("not_inline_in") or ()),
            subheadings=bool(s.get("subheadings")),
            fallback=s.get("fallback"),
            fallback_until=tuple(s.get("fallback_until") or ()),
        ) for s in specs]
        self.by_key = {s.key: s for s in self.specs}
        self._compiled: dict[int | None, dict] = {}

    def name(self, key: str) -> str:
        spec = self.by_key.get(key)
        return spec.name if spec else key

    def _patterns(self, year: int | None) -> dict:
        if year not in self._compiled:
            def comp(p):
                if "{year}" in p or "{next_year}" in p:
                    if year is None:
                        return None
                    p = p.replace("{year}", str(year)).replace("{next_year}", str(year + 1))
                return regexcache.compile(p)
            self._compiled[year] = {
                s.key: ([c for c in map(comp, s.heading) if c], [c for c in map(comp, s.inline) if c])
                for s in self.specs
            }
        return self._compiled[year]

    def map(self, outline: Outline, blocks: list[Block], year: int | None) -> tuple[list[Section], dict[int, str | None]]:
        return _Mapper(self, outline, blocks, year).run()


def _first_match(patterns, text):
    for p in patterns:
        m = p.search(text)
        if m:
            return p, m
    return None, None


_SENTENCE_BREAK = regexcache.compile(r"[。！？!?]")


def _match_at_sentence_starts(patterns, text: str, window: int):
    """Match lying within ``window`` characters of the paragraph start or of a sentence
    start (an inline part may begin mid-paragraph: "……。但也存在一些问题和不足……").
    One scan per pattern: linear in the paragraph length."""
    starts = None
    for p in patterns:
        for m in p.finditer(text):
            if m.end() <= window:
                return p, m
            if starts is None:
                starts = [0] + [b.end() for b in _SENTENCE_BREAK.finditer(text)]
            nearest = starts[bisect.bisect_right(starts, m.start()) - 1]
            if m.end() <= nearest + window:
                return p, m
    return None, None


@lru_cache(maxsize=512)
def _needles(source: str) -> tuple[str, ...] | None:
    """Literals one of which every match of ``source`` holds (None: none known)."""
    found = requirements(source)
    return found[0] if found else None


class _Mapper:
    def __init__(self, model: SectionModel, outline: Outline, blocks: list[Block], year):
        self.model = model
        self.outline = outline
        self.blocks = blocks
        self._joined: tuple[str, list[int]] | None = None  # the blocks' texts joined, and their starts
        self._titles: tuple[str, list[int]] | None = None  # the headings' titles joined, and their starts
        self.patterns = model._patterns(year)
        self.assign: dict[int, str | None] = {b.index: PREAMBLE for b in blocks}
        self.sections: list[Section] = []
        self.last = blocks[-1].index if blocks else 0

    def heading_keys(self, heading: Heading) -> list[tuple[str, re.Pattern]]:
        found = []
        for spec in self.model.specs:
            p, m = _first_match(self.patterns[spec.key][0], heading.title)
            if p is not None and (heading.certain or m.start() <= UNCERTAIN_TITLE_CUE_WINDOW):
                found.append((spec.key, p))
        return found

    def run(self):
        self.map_top()
        found = {s.key for s in self.sections}
        for spec in self.model.specs:
            if spec.key not in found and spec.subheadings:
                if self.map_subheading(spec):
                    found.add(spec.key)
        for spec in self.model.specs:
            if spec.key not in found and spec.inline:
                if self.map_inline(spec):
                    found.add(spec.key)
        self.sections.sort(key=lambda s: (s.start, -s.end))
        return self.sections, self.assign

    # -- top level ------------------------------------------------------------------------
    def map_top(self):
        top = self.outline.top
        content = [b.index for b in self.blocks]
        if not top:
            leading = next((s for s in self.model.specs if s.fallback == "leading"), None)
            if leading and content:
                start = content[1] if len(content) > 1 else content[0]
                self.add(Section(leading.key, leading.name, _short_text(self.blocks, start), False, start, self.last))
            return
        leading_open = True
        previous: list[Section] = []
        for i, heading in enumerate(top):
            end = (top[i + 1].block - 1) if i + 1 < len(top) else self.last
            matches = self.heading_keys(heading)
            if not matches:
                fallback = next((s for s in self.model.specs if s.fallback == ("leading" if leading_open else "trailing")), None)
                if fallback is None:
                    continue
                matches = [(fallback.key, None)]
            keys = [k for k, _ in matches]
            for spec in self.model.specs:
                if spec.fallback == "leading" and set(keys) & set(spec.fallback_until):
                    leading_open = False
            current = []
            for key, cue in matches:
                prev = next((s for s in previous if s.key == key and s.end == heading.block - 1 and cue is None), None)
                if prev is not None:  # consecutive themed sections merge into one part
                    prev.end = end
                    current.append(prev)
                    continue
                section = Section(key, self.model.name(key), heading.text, True, heading.block, end,
                                  heading_block=heading.block, cue=cue.pattern if cue else None)
                self.sections.append(section)
                current.append(section)
            for idx in range(heading.block, end + 1):
                if idx in self.assign:
                    self.assign[idx] = keys[0]
            previous = current

    # -- sub-headings and numbered items -------------------------------------------------------
    def map_subheading(self, spec: SectionSpec) -> bool:
        patterns = self.patterns[spec.key][0]
        headings = self.outline.headings
        holding = self._titles_holding(patterns)
        for heading in headings if holding is None else [headings[i] for i in holding]:
            if heading.depth == 1 or self.assign.get(heading.block) in spec.not_inline_in:
                continue
            p, _ = _first_match(patterns, heading.title)
            if p is None:
                continue
            end = self._subtree_end(heading)
            self.add(Section(spec.key, spec.name, heading.text, True, heading.block, end,
                             heading_block=heading.block, cue=p.pattern))
            return True
        return False

    def _subtree_end(self, heading: Heading) -> int:
        after = [h for h in self.outline.headings if h.block > heading.block and h.rank <= heading.rank]
        return (after[0].block - 1) if after else self.last

    # -- inline paragraphs ----------------------------------------------------------------------
    def map_inline(self, spec: SectionSpec) -> bool:
        patterns = self.patterns[spec.key][1]
        candidates = []
        holding = self._blocks_holding(patterns)
        for block in self.blocks if holding is None else [self.blocks[i] for i in holding]:
            if self.assign.get(block.index) in spec.not_inline_in:
                continue
            heading = self.outline.by_block.get(block.index)
            if heading is not None and not heading.run_in:
                continue
            p, m = _match_at_sentence_starts(patterns, block.text, spec.inline_window)
            if p is not None:
                candidates.append((block, p, m))
                if spec.inline_pick == "first":
                    break
        if not candidates:
            return False
        block, p, m = candidates[-1]
        end = self._inline_end(block.index, spec.inline_extent)
        self.add(Section(spec.key, spec.name, excerpt(block.text, m.start(), m.end()), False, block.index, end,
                         cue=p.pattern, match_block=block.index))
        return True

    def _blocks_holding(self, patterns) -> list[int] | None:
        """Positions in ``self.blocks``, in order, of the blocks that hold a literal some
        match of one of ``patterns`` needs; the others cannot match. None: a pattern has
        no such literal (every block is a candidate)."""
        if self._joined is None:
            self._joined = _joined([b.text for b in self.blocks])
        return _holding(*self._joined, patterns)

    def _titles_holding(self, patterns) -> list[int] | None:
        """:meth:`_blocks_holding` for the titles of ``self.outline.headings``."""
        if self._titles is None:
            self._titles = _joined([h.title for h in self.outline.headings])
        return _holding(*self._titles, patterns)

    def _inline_end(self, start: int, extent: str) -> int:
        if extent == "block":
            return start
        later = [h for h in self.outline.headings if h.block > start]
        if extent == "to_end_of_part":
            later = [h for h in later if h.depth == 1]
        return (later[0].block - 1) if later else self.last

    def add(self, section: Section):
        self.sections.append(section)
        for idx in range(section.start, section.end + 1):
            if idx in self.assign:
                self.assign[idx] = section.key


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    """``texts`` joined with newlines, and where each starts."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    return "\n".join(texts), starts


def _holding(joined: str, starts: list[int], patterns) -> list[int] | None:
    """Positions, in order, of the texts (joined into ``joined``, starting at ``starts``)
    that hold a literal some match of one of ``patterns`` needs: the others cannot
    match. None: a pattern has no such literal. Each literal is looked up in the joined
    text, once per text holding it (a text found is left at once for the next)."""
    found: set[int] = set()
    last = len(starts) - 1
    for pattern in patterns:
        needles = _needles(pattern.pattern)
        if needles is None:
            return None
        for needle in needles:
            pos = joined.find(needle)
            while pos >= 0:
                k = bisect.bisect_right(starts, pos) - 1
                found.add(k)
                if k >= last:
                    break
                pos = joined.find(needle, starts[k + 1])
    return sorted(found)


def _short_text(blocks: list[Block], index: int) -> str:
    for b in blocks:
        if b.index == index:
            return excerpt(b.text, 0, 0, 30)
    return ""
