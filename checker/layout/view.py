"""What each block of a .docx report is for the layout checks, and its effective formatting.

Roles: ``title`` (report.meta.title_blocks; failing that, the leading centred title-like
blocks or a first line naming a document kind), ``addressee`` (a short line ending in a
colon right after the title, GB/T 9704 7.3.2), ``attachment`` (the "附件2" line heading an
attachment, 7.3.7), ``heading1``..``heading4`` (report.outline headings by rank),
``signature`` (the date block and the issuer line before it), ``body`` (every other content
block outside tables). A run-in heading ("（一）强化领导。正文……") is one paragraph with two
parts: its label and heading sentence are judged as the heading, the rest as body.

One :class:`LayoutView` is built per report and shared by every layout check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter

from checker import regexcache
from checker.checks.base import make_finding
from checker.findings import Location, Severity
from checker.layout.formatting import Formatting, ParagraphLayout, Span, count_chars, dominant, tally
from checker.layout.sections import page_numbers, read_sections, settings_flags
from checker.textutil import excerpt

ROLE_NAMES = {
    "title": "标题",
    "addressee": "主送机关",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "heading3": "三级标题",
    "heading4": "四级标题",
    "body": "正文",
    "signature": "署名和成文日期",
    "attachment": "附件标识",
}
ROLES = tuple(ROLE_NAMES)
HEADING_ROLES = ("heading1", "heading2", "heading3", "heading4")

_SENTENCE_PUNCT = regexcache.compile(r"[。，,；;！!？?]")
# A first line naming a document kind (《党政机关公文处理工作条例》第八条, and report kinds) is a
# title even when it is not centred yet (a raw draft).
_KIND_END = regexcache.compile(r"(决定|通知|通报|报告|意见|请示|批复|函|纪要|公告|通告|议案|决议|公报|方案|规划|"
                       r"计划|总结|办法|规定|细则|要点|情况)$")
_ABOUT = regexcache.compile(r"关于.{2,}")
_ADDRESSEE_END = regexcache.compile(r"[：:]\s*$")
# the "附件2" line heading an attachment (GB/T 9704 7.3.7), not the 附件说明 "附件：1.……" in the body
_ATTACHMENT = regexcache.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$")
TITLE_MAX = 70
ADDRESSEE_MAX = 120
ISSUER_MAX = 40


_ORGAN_SEPARATORS = regexcache.compile(r"[、，,\s]+")
_NOT_IN_ADDRESSEE = regexcache.compile(r"[。；;！!？?：:“”\"0-9０-９]")
ORGAN_MAX = 25
LINE_CHARS = 28  # GB/T 9704 5.2.3: 28 characters a line


def is_addressee(text: str) -> bool:
    """A 主送机关 line (GB/T 9704 7.3.2): names of organs separated by 、 or ， and a closing
    colon: no sentence punctuation, no figures, no name longer than an organ's name. A
    sentence ending in a colon, such as a lead paragraph closing "现将有关情况报告如下：", is
    not one; neither is a clause list longer than a line ("我局……，现将有关情况报告如下：")."""
    text = text.strip()
    if not text or len(text) > ADDRESSEE_MAX or not _ADDRESSEE_END.search(text):
        return False
    names = text.rstrip("：: \t\u3000")
    if not names or _NOT_IN_ADDRESSEE.search(names):
        return False
    if not all(0 < len(name) <= ORGAN_MAX for name in _ORGAN_SEPARATORS.split(names) if name):
        return False
    # one line of the type area (28 characters), or a longer list that enumerates with 、
    return len(text) <= LINE_CHARS or "、" in names


class Part:
    """Text of one block judged under one role (a run-in heading block has two parts)."""

    __slots__ = ("block", "role", "spans", "_tallies")

    def __init__(self, block: int, role: str, spans: list[Span]):
        self.block = block
        self.role = role
        self.spans = spans
        self._tallies = None

    def tally(self, weight: str) -> list:
        """:func:`tally` of the spans (worked out once per weight: several font rules judge
        a part of mixed formatting)."""
        tallies = self._tallies
        if tallies is None:
            tallies = self._tallies = {}
        found = tallies.get(weight)
        if found is None:
            found = tallies[weight] = tally(self.spans, weight)
        return found

    def __repr__(self) -> str:
        return f"Part(block={self.block}, role={self.role!r}, text={''.join(s.text for s in self.spans)!r})"


_NOTHING = ({}, [])
_BLOCK = attrgetter("block")
_ELEMENT, _INDEX = attrgetter("element"), attrgetter("index")


class ParagraphRole:
    __slots__ = ("block", "role", "layout", "_text")

    def __init__(self, block: int, role: str, layout: ParagraphLayout):
        self.block = block
        self.role = role
        self.layout = layout
        self._text = None

    @property
    def text(self) -> str:
        """The paragraph's text as its runs hold it, field results left out (joined once)."""
        if self._text is None:
            self._text = "".join(s.text for s in self.layout.spans if s.field is None)
        return self._text


def _nonspace(text: str) -> int:
    return len("".join(text.split()))  # str.split() splits on exactly the str.isspace() characters


_HEADING_END = "。．.；;，,：:！!？? \t\u3000"
_WHITESPACE = regexcache.compile(r"\s")  # the characters str.isspace() accepts


def _closing(text: str, start: int = 0) -> int:
    """Length of the run of sentence-closing punctuation and spaces at ``text[start:]``."""
    rest = text[start:] if start else text
    return len(rest) - len(rest.lstrip(_HEADING_END))


def _cut(span: Span, at: int) -> tuple[Span, Span]:
    """``span`` split before character ``at``; the tail's counts are the rest of the span's."""
    head_text = span.text[:at]
    ea, latin, visible = count_chars(head_text)
    return (Span(head_text, span.run, span.props, span.field, (ea, latin, visible)),
            Span(span.text[at:], span.run, span.props, span.field,
                 (span.ea - ea, span.latin - latin, span.visible - visible)))


def split_spans(spans: list[Span], count: int) -> tuple[list[Span], list[Span]]:
    """Split after the ``count``-th visible (non-space) character and the punctuation that
    closes the heading sentence."""
    head: list[Span] = []
    tail: list[Span] = []
    seen = 0
    closed = False  # the closing punctuation is already in the head
    for span in spans:
        if seen >= count:
            tail.append(span)
            continue
        if seen + span.visible <= count:
            head.append(span)
            seen += span.visible
            continue
        cut = 0
        text = span.text
        need = count - seen
        if _WHITESPACE.search(text, 0, need) is None:  # no space before: the need-th character
            cut, seen = need, count
        else:
            for i, ch in enumerate(text):
                if not ch.isspace():
                    seen += 1
                    if seen == count:
                        cut = i + 1
                        break
        cut += _closing(text, cut)
        if cut < len(text):
            first, rest = _cut(span, cut)
            head.append(first)
            tail.append(rest)
            closed = True
        else:
            head.append(span)
    while tail and not closed:  # the sentence's closing punctuation belongs to the heading
        first = tail[0]
        keep = _closing(first.text)
        if not keep:
            break
        if keep < len(first.text):
            piece, rest = _cut(first, keep)
            head.append(piece)
            tail[0] = rest
            break
        head.append(first)
        tail.pop(0)
    return head, tail


def heading_chars(block, heading) -> int:
    """Visible characters of a run-in heading's label and sentence as they sit in the runs
    (an automatic-numbering label is not in the runs)."""
    title = _nonspace(heading.title)
    if block.label:
        return title
    label_end = heading.label.end if heading.label is not None else 0
    return _nonspace(block.text[:label_end]) + title


class LayoutView:
    """Roles and parts are worked out on first use (the page and page-number checks need
    neither), page setup likewise."""

    def __init__(self, report):
        self.report = report
        doc = report.document.parts  # python-docx Document or checker.read.package.Package
        self.fmt = Formatting(doc)
        self.even_and_odd, self._gutter_at_top = settings_flags(doc)
        self._sections = None
        self._block_of = None
        self._roles: dict[int, str] | None = None
        self._parts: list[Part] = []
        self._paragraph_roles: list[ParagraphRole] = []
        self._selected: dict = {}  # ("parts" | "paragraphs", roles) -> list; "by role" -> paragraphs
        self._by_props: dict | None = None  # role -> what parts_by_props gives
        self._page_numbers: dict = {}  # id(footer root) -> (root, page_numbers())

    @property
    def roles(self) -> dict[int, str]:
        """Block index -> role, for every block a layout rule judges."""
        if self._roles is None:
            self._assign_roles()
        return self._roles

    @property
    def parts(self) -> list[Part]:
        """The judged text in document order (a run-in heading block gives two parts)."""
        if self._roles is None:
            self._assign_roles()
        return self._parts

    # -- roles --------------------------------------------------------------------------------
    def _assign_roles(self) -> None:
        report = self.report
        roles: dict[int, str] = {}
        content = [b for b in report.content_blocks() if not b.in_table and b.element is not None]
        title = self._title_blocks()
        for index in title:
            roles[index] = "title"
        signature = self._signature_blocks(content)
        addressee = self._addressee_block(content, title)
        for block in content:
            if block.index in roles:
                continue
            if block.index in signature:
                roles[block.index] = "signature"
                continue
            if block.index == addressee:
                roles[block.index] = "addressee"
                continue
            if "附" in block.text and _ATTACHMENT.match(block.text.strip()):
                roles[block.index] = "attachment"
                continue
            heading = report.outline.by_block.get(block.index)
            if heading is not None and heading.rank <= 4:
                roles[block.index] = f"heading{heading.rank}"
            else:
                roles[block.index] = "body"
        by_block, paragraph = report.outline.by_block, self.fmt.paragraph
        parts: list[Part] = []
        paragraph_roles: list[ParagraphRole] = []
        blocks = report.document.blocks
        for index in sorted(roles):  # document order; tables, often most blocks, are not walked
            block, role = blocks[index - 1], roles[index]
            layout = paragraph(block.element)
            paragraph_roles.append(ParagraphRole(block.index, role, layout))
            spans = layout.spans
            if role in HEADING_ROLES and by_block[block.index].run_in:
                head, tail = split_spans(spans, heading_chars(block, by_block[block.index]))
                parts.append(Part(block.index, role, head))
                if any(s.visible for s in tail):
                    parts.append(Part(block.index, "body", tail))
            else:
                parts.append(Part(block.index, role, spans))
        self._roles, self._parts, self._paragraph_roles = roles, parts, paragraph_roles

    def _title_blocks(self) -> tuple:
        report = self.report
        if report.meta.title_blocks:
            return tuple(i for i in report.meta.title_blocks if not report.block(i).in_table)
        # No report title recognised: take the leading centred, title-like blocks (an unnumbered
        # styled "heading" among them is a title: GB/T 9704 headings are never centred), or a
        # first line that names a document kind; a following line counts when it is set like
        # the first (a title over two lines).
        skip = report.noise | report.toc
        found, look, joined, first_centred = [], None, "", False
        for block in report.document.blocks:
            if block.index in skip:
                continue
            text = block.text.strip()
            if not found and _ATTACHMENT.match(text):
                continue  # an attachment's title sits under its "附件2" line
            heading = report.outline.by_block.get(block.index)
            if (block.in_table or block.element is None or len(text) > TITLE_MAX or _SENTENCE_PUNCT.search(text)
                    or _ADDRESSEE_END.search(text) or (heading is not None and heading.label is not None)):
                break
            layout = self.fmt.paragraph(block.element)
            centred = layout.alignment == "center"
            font = (dominant(layout.spans, lambda p: p.east_asian, "ea")[0],
                    dominant(layout.spans, lambda p: p.size)[0])
            if not found:
                if not centred and not (_KIND_END.search(text) or _ABOUT.search(text)):
                    break
                first_centred = centred
            elif font != look or (centred != first_centred) or (
                    not centred and not _KIND_END.search(joined + text)):
                break
            look = font
            joined = "".join(report.block(i).text.strip() for i in found) if found else ""
            joined += text
            found.append(block.index)
            if len(found) == 3:
                break
        return tuple(found)

    def _signature_blocks(self, content) -> set[int]:
        report = self.report
        date = report.meta.date_block
        if date is None or not report.has_block(date) or report.block(date).in_table:
            return self._right_aligned_tail(content)
        out = {date}
        issuer = self.issuer_block()
        if issuer is not None:
            out.add(issuer)
        return out

    def _right_aligned_tail(self, content) -> set[int]:
        """Without a recognisable date (e.g. a template's date prompt), the short right-aligned
        lines closing the document are still its signature block."""
        found: set[int] = set()
        for block in reversed(content[-2:]):
            text = block.text.strip()
            if (len(text) > ISSUER_MAX or text.endswith(("。", "；", ";"))
                    or self.report.outline.by_block.get(block.index) is not None
                    or self.fmt.paragraph(block.element).alignment != "right"):
                break
            found.add(block.index)
        return found

    def issuer_block(self) -> int | None:
        """The issuer line right before the date, if there is one."""
        report = self.report
        date = report.meta.date_block
        if date is None or date <= 1:
            return None
        prev = report.block(date - 1)
        text = prev.text.strip()
        if (prev.in_table or date - 1 in report.noise or date - 1 in report.meta.title_blocks
                or report.outline.by_block.get(date - 1) is not None
                or not text or len(text) > ISSUER_MAX or _SENTENCE_PUNCT.search(text) or _ADDRESSEE_END.search(text)):
            return None
        return prev.index

    def _addressee_block(self, content, title) -> int | None:
        """The addressee line after the title (short lines such as a document number may
        come between)."""
        after = max(title) if title else 0
        between = 0
        for block in content:
            if block.index <= after:
                continue
            text = block.text.strip()
            if self.report.outline.by_block.get(block.index) is not None:
                return None
            if _ATTACHMENT.match(text):
                continue
            if is_addressee(text):
                return block.index
            if _ADDRESSEE_END.search(text):
                return None  # a sentence ending in a colon ("现将有关情况报告如下：") opens the body
            between += 1
            if between > 2 or len(text) > 30 or _SENTENCE_PUNCT.search(text):
                return None
        return None

    # -- access for checks --------------------------------------------------------------------
    def paragraph(self, index: int) -> ParagraphLayout:
        return self.fmt.paragraph(self.report.block(index).element)

    def parts_for(self, roles) -> list[Part]:
        """The parts of ``roles`` in document order (one list per set of roles: several
        rules ask for the same)."""
        key = ("parts", frozenset(roles))
        found = self._selected.get(key)
        if found is None:
            found = self._selected[key] = [p for p in self.parts if p.role in key[1]]
        return found

    def section_of(self, index: int):
        """The section holding block ``index``."""
        sections = self.sections
        if len(sections) == 1:
            return sections[0]  # what the walk below gives for any block
        for section in sections:
            if section.last_block is not None and index <= section.last_block:
                return section
        return self.sections[-1] if self.sections else None

    def parts_by_props(self, role: str) -> tuple[dict, list]:
        """The parts of ``role`` in document order, split in two: those whose runs all share
        one set of run properties, by it (``id(props)`` -> (props, [(position, part,
        (East-Asian, Latin, visible) characters)])), and the others ([(position, part)]).
        A font rule then judges each set of properties once rather than each part."""
        if self._by_props is None:
            by_role: dict = {}
            for position, part in enumerate(self.parts):
                spans = part.spans
                if not spans:
                    continue  # a part without runs has no characters to judge
                uniform, mixed = by_role.get(part.role) or by_role.setdefault(part.role, ({}, []))
                first = spans[0]
                props = first.props
                if len(spans) == 1:
                    counts = (first.ea, first.latin, first.visible)
                else:
                    ea = latin = visible = 0
                    uniform_props = True
                    for span in spans:  # one pass: the same properties throughout, and the counts
                        if span.props is not props:
                            uniform_props = False
                            break
                        ea += span.ea
                        latin += span.latin
                        visible += span.visible
                    if not uniform_props:
                        mixed.append((position, part))
                        continue
                    counts = (ea, latin, visible)
                entry = uniform.get(id(props))
                if entry is None:
                    entry = uniform[id(props)] = (props, [])
                entry[1].append((position, part, counts))
            self._by_props = by_role
        return self._by_props.get(role) or _NOTHING

    def page_numbers(self, footer_root) -> list:
        """:func:`page_numbers` of a footer, read once (several page-number rules ask)."""
        found = self._page_numbers.get(id(footer_root))
        if found is None:
            found = self._page_numbers[id(footer_root)] = (footer_root, page_numbers(self.fmt, footer_root))
        return found[1]

    def paragraphs_for(self, roles) -> list[ParagraphRole]:
        """The paragraphs of ``roles`` in document order (shared like :meth:`parts_for`)."""
        key = ("paragraphs", frozenset(roles))
        found = self._selected.get(key)
        if found is None:
            if self._roles is None:
                self._assign_roles()
            by_role = self._paragraphs_by_role()
            lists = [by_role[role] for role in key[1] if role in by_role]
            # each role's paragraphs are in document order, and a paragraph has one role
            found = lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists), key=_BLOCK)
            self._selected[key] = found
        return found

    def _paragraphs_by_role(self) -> dict:
        """Role -> its paragraphs in document order (split once; several rules ask)."""
        found = self._selected.get("by role")
        if found is None:
            found = self._selected["by role"] = {}
            for para in self._paragraph_roles:
                found.setdefault(para.role, []).append(para)
        return found

    @property
    def block_of(self) -> dict:
        """``w:p`` element -> block index."""
        if self._block_of is None:
            blocks = self.report.document.blocks
            found = dict(zip(map(_ELEMENT, blocks), map(_INDEX, blocks)))  # built in C: blocks are many
            found.pop(None, None)  # blocks without an element (none in a .docx)
            self._block_of = found
        return self._block_of

    @property
    def sections(self):
        if self._sections is None:
            self._sections = read_sections(self.report.document.parts, self.block_of, self._gutter_at_top)
        return self._sections


def forget_view(report) -> None:
    """Drop the cached view (after the document was changed, e.g. by the repair)."""
    report.layout = None


def layout_view(report) -> LayoutView | None:
    """The shared view of ``report`` (None for text inputs, which carry no layout). It is
    kept on the report itself, so it lives and dies with the report."""
    if report.document.kind != "docx" or report.document.parts is None:
        return None
    if report.layout is None:
        report.layout = LayoutView(report)
    return report.layout


# -- grouping findings ------------------------------------------------------------------------
@dataclass
class Run:
    """The judged items (blocks or sections) sharing one defect: the same defect kind and the
    same actual value, wherever they are in the document."""

    key: object
    detail: dict
    anchor: int | None  # block to report at: the first item's
    numbers: list = field(default_factory=list)  # item numbers in document order, each once
    roles: list = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.numbers[0]

    @property
    def last(self) -> int:
        return self.numbers[-1]

    @property
    def count(self) -> int:
        return len(self.numbers)

    @property
    def role_name(self) -> str:
        return "、".join(ROLE_NAMES.get(r, r) for r in self.roles)


def group_runs(items) -> list[Run]:
    """``items``: (number, defect kind or None, detail dict, anchor block, role) in order.
    One run per defect kind and ``detail["actual"]``; several parts of one block count once."""
    runs: dict = {}
    last_key = last_detail = run = None
    for number, key, detail, anchor, role in items:
        if key is None:
            continue
        if key is not last_key or detail is not last_detail:  # items of one verdict share its detail
            group = (key, detail.get("actual"))
            run = runs.get(group)
            if run is None:
                run = runs[group] = Run(key, detail, anchor)
            last_key, last_detail = key, detail
        numbers = run.numbers
        if not numbers or numbers[-1] != number:
            numbers.append(number)
        if role and role not in run.roles:
            run.roles.append(role)
    return list(runs.values())


LISTED = 4  # ranges named in a message before "…"


def _ranges(numbers: list[int], limit: int | None = None) -> list[str]:
    """"5", "7–9" … for the runs of consecutive ``numbers``; at most ``limit`` of them."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:]:
        if n == prev + 1:
            prev = n
            continue
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
        if limit is not None and len(out) >= limit:
            return out
        start = prev = n
    out.append(f"{start}" if start == prev else f"{start}–{prev}")
    return out


def block_range(run: Run, unit: str = "段") -> str:
    """"第5段", "第2–19段", or "第5、7、9…段，共23段：" (the full list is in the finding's JSON)."""
    ranges = _ranges(run.numbers, LISTED + 1)  # the message names LISTED of them, then "…"
    if len(ranges) == 1:
        return f"第{ranges[0]}{unit}"
    shown = "、".join(ranges[:LISTED]) + ("…" if len(ranges) > LISTED else "")
    return f"第{shown}{unit}，共{run.count}{unit}："


def section_range(run: Run, total: int) -> str:
    if total <= 1:
        return "全文"
    if run.count == total:
        return f"全部{total}节"
    return block_range(run, "节")


def emit(report, rule, runs, values, severity=None, unit_blocks: bool = True):
    """Findings for ``runs``: ``values(run)`` gives the message placeholders; {blocks},
    {count} and {role} are filled here. ``severity(run)`` may return a severity name that
    replaces the rule's for that run. A finding about several blocks carries all of them
    (``location.blocks``); its location is the first."""
    for run in runs:
        filled = {"blocks": block_range(run), "count": run.count, "role": run.role_name}
        filled.update(values(run))
        text = None
        if run.anchor is not None and report.has_block(run.anchor):
            text = excerpt(report.block(run.anchor).text, 0, 0, 30)
        finding = make_finding(report, rule, block=run.anchor, values=filled, excerpt_text=text)
        if unit_blocks and run.count > 1:
            at = finding.location
            finding.location = Location(at.block, at.line, at.heading, tuple(run.numbers))
        if severity is not None:
            name = severity(run)
            if name:
                finding.severity = Severity.parse(name)
        yield finding
