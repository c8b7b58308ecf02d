"""Blocks -> heading tree.

A heading is found from (a) a numbering label at the start of a block
(一、 （一） 1. （1） ①, typed or rendered from Word's automatic numbering) or
(b) a Word heading style / outline level on a short block. A numbered block whose
first sentence runs into body text is a *run-in* heading: its title is that
first sentence. ``一是……二是……`` enumerations are recorded as items of the block,
not headings. Numbering facts (the labels in order, skipped levels) stay on the
nodes for the numbering checks to judge.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from checker import regexcache
from checker.read.model import Block
from checker.read.labels import Label, cn_value, iter_items, parse_label

HEADING_MAX = 40  # a whole block this short (after its label) is a heading line
TITLE_MAX = 60  # a run-in heading sentence longer than this is a numbered paragraph
STYLED_MAX = 80
_SENTENCE_END = regexcache.compile(r"[。！？!?；;]")
_GAP = regexcache.compile(r"[ \t\u3000]+")
_TRAILING = "。；;，,：: \t\u3000"


@dataclass
class Heading:
    block: int  # 1-based block index
    rank: int  # 1 = 一、 level, 2 = （一）, 3 = 1., 4 = （1）, 5 = ①; styles: outline level + 1
    depth: int  # depth in the tree (1 = top)
    label: Label | None
    title: str  # heading text without its label
    run_in: bool  # body text follows in the same block
    styled: bool  # carries a Word heading style / outline level
    certain: bool = True  # False: the title's end is a guess (flattened text)
    parent: "Heading | None" = field(default=None, repr=False)
    children: list["Heading"] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return f"{self.label.text if self.label else ''}{self.title}"

    @property
    def path(self) -> str:
        parts, node = [], self
        while node is not None:
            parts.append(_short(node.text))
            node = node.parent
        return " › ".join(reversed(parts))


@dataclass
class Item:
    block: int
    number: int
    numeral: str
    offset: int


@dataclass
class Outline:
    headings: list[Heading]
    items: list[Item]
    by_block: dict[int, Heading]
    heading_blocks: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def top(self) -> list[Heading]:
        return [h for h in self.headings if h.depth == 1]

    def heading_for(self, block_index: int) -> Heading | None:
        """The innermost heading whose part contains ``block_index`` (headings are in
        block order: a binary search)."""
        blocks = self.heading_blocks
        if blocks is None or len(blocks) != len(self.headings):
            blocks = self.heading_blocks = [h.block for h in self.headings]
        k = bisect.bisect_right(blocks, block_index) - 1
        return self.headings[k] if k >= 0 else None


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_heading(body: str) -> tuple[str, bool, bool]:
    """(title, run_in, certain) for the text after a label; ``certain`` is False when
    the heading's end could not be found (text flattened without punctuation)."""
    body = body.strip()
    stripped = body.rstrip(_TRAILING)
    if len(stripped) <= HEADING_MAX and not _SENTENCE_END.search(stripped):
        return stripped, False, True
    # only a sentence end within TITLE_MAX and a gap within HEADING_MAX count (a later
    # one decides as none does): neither search need read the rest of a paragraph
    m = _SENTENCE_END.search(body, 0, TITLE_MAX + 1)
    gap = _GAP.search(body, 0, HEADING_MAX + 1)
    if gap and gap.start() <= HEADING_MAX and (not m or gap.start() < m.start()):
        return body[: gap.start()].rstrip(_TRAILING), True, True
    if m and m.start() <= TITLE_MAX:
        title = body[: m.start()].rstrip(_TRAILING)
        return title, True, True
    return _short(body, 30), True, False


def build_outline(blocks: list[Block], skip: set[int]) -> Outline:
    headings: list[Heading] = []
    items: list[Item] = []
    stack: list[Heading] = []
    for block in blocks:
        if block.index in skip:
            continue
        text = block.text
        label = parse_label(text)
        styled = block.outline_level is not None
        heading = None
        if label is not None:
            title, run_in, certain = split_heading(text[label.end:])
            if title:
                heading = Heading(block.index, label.rank, 0, label, title, run_in, styled, certain=certain)
        elif styled and len(text) <= STYLED_MAX and not _SENTENCE_END.search(text.rstrip(_TRAILING)):
            heading = Heading(block.index, block.outline_level + 1, 0, None, text.rstrip(_TRAILING), False, True)
        if heading is not None:
            while stack and stack[-1].rank >= heading.rank:
                stack.pop()
            heading.parent = stack[-1] if stack else None
            heading.depth = len(stack) + 1
            if heading.parent is not None:
                heading.parent.children.append(heading)
            stack.append(heading)
            headings.append(heading)
        for m in iter_items(text):
            value = cn_value(m.group("num"))
            if value:
                items.append(Item(block.index, value, m.group("num"), m.start()))
    return Outline(headings=headings, items=items, by_block={h.block: h for h in headings})
