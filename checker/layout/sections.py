"""Page setup and footers of every section (``w:sectPr``): paper, margins, document grid,
footers inherited through sections, and the page-number paragraphs in them (simple and
complex PAGE fields, in text boxes and frames too) with their text form and position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import regexcache
from checker.layout.formatting import (JC_NAMES, TWIPS_PER_MM, Formatting, ParagraphLayout, Span, first_children,
                                       int_or_none)
from checker.read.ooxml import W, on_off, wattr

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
_P, _PPR, _SECTPR = W + "p", W + "pPr", W + "sectPr"
_PGSZ, _PGMAR, _DOCGRID, _PGNUMTYPE, _TITLEPG = (W + t for t in ("pgSz", "pgMar", "docGrid", "pgNumType", "titlePg"))
_SECT_TAGS = frozenset((_PGSZ, _PGMAR, _DOCGRID, _PGNUMTYPE, _TITLEPG))
_FOOTER_REF = W + "footerReference"


def on_off_child(child) -> bool | None:
    """:func:`on_off` of an element already found: None when absent."""
    if child is None:
        return None
    return child.get(W + "val") not in ("0", "false", "off")


@dataclass
class SectionLayout:
    number: int  # 1-based
    sect_pr: object
    width: int | None  # twips
    height: int | None
    orient: str  # portrait | landscape
    margins: dict  # top/bottom/left/right/gutter/header/footer, twips
    gutter_at_top: bool
    title_page: bool
    footers: dict  # "default" | "even" | "first" -> footer root element (inherited ones included)
    grid_pitch: int | None = None  # w:docGrid w:linePitch (twips) when the grid sets line pitch
    number_format: str | None = None  # w:pgNumType w:fmt ("numberInDash" renders "- 1 -")
    grid_type: str | None = None  # w:docGrid w:type: lines | linesAndChars | snapToChars | None (no grid)
    char_space: int | None = None  # w:docGrid w:charSpace (4096ths of a point beyond the base size)
    first_block: int | None = None
    last_block: int | None = None

    @property
    def landscape(self) -> bool:
        if self.width and self.height:
            return self.width > self.height
        return self.orient == "landscape"

    def type_area_points(self) -> tuple[float, float] | None:
        """(width, height) of the type area in points, None when the page setup is incomplete."""
        if not self.width or not self.height:
            return None
        m = self.margins
        if any(m.get(side) is None for side in ("top", "bottom", "left", "right")):
            return None
        gutter = m.get("gutter") or 0
        width = self.width - m["left"] - m["right"] - (0 if self.gutter_at_top else gutter)
        height = self.height - m["top"] - m["bottom"] - (gutter if self.gutter_at_top else 0)
        return width / 20, height / 20

    def margin_mm(self, side: str) -> float | None:
        value = self.margins.get(side)
        if value is None:
            return None
        if side == "left" and not self.gutter_at_top:
            value += self.margins.get("gutter") or 0
        if side == "top" and self.gutter_at_top:
            value += self.margins.get("gutter") or 0
        return value / TWIPS_PER_MM


def _section_paragraphs(body) -> set:
    """Paragraphs of ``body`` that end a section (``w:p/w:pPr/w:sectPr``), found by walking the
    few ``w:sectPr`` elements rather than looking into every paragraph."""
    owners = set()
    for sect in body.iter(_SECTPR):
        ppr = sect.getparent()
        if ppr is not None and ppr.tag == _PPR:
            p = ppr.getparent()
            if p is not None and p.tag == _P:
                owners.add(p)
    return owners


def _section_scan(body, block_of: dict) -> tuple[list, list]:
    """(``w:sectPr`` of every section in order, (first block, last block) of each)."""
    owners = _section_paragraphs(body)
    if not owners:  # one section (the common case): its first and last block, found from either end
        final = body.find(W + "sectPr")
        return ([final] if final is not None else []), [(_first_block(body, block_of), _last_block(body, block_of))]
    found, ranges = [], []
    first = last = None
    for p in body.iter(_P):
        index = block_of.get(p)
        if index is not None:
            first = index if first is None else first
            last = index
        if owners and p in owners:
            found.append(p.find(f"{W}pPr/{W}sectPr"))
            ranges.append((first, last))
            first = last = None
    ranges.append((first, last))
    final = body.find(W + "sectPr")
    if final is not None:
        found.append(final)
    return found, ranges


def _first_block(body, block_of: dict) -> int | None:
    """The block of the first paragraph of ``body`` (document order) that is one."""
    for p in body.iter(_P):
        index = block_of.get(p)
        if index is not None:
            return index
    return None


def _last_block(body, block_of: dict) -> int | None:
    """The block of the last paragraph of ``body`` (document order) that is one: the last
    one inside the last child of ``body`` that holds any."""
    for child in body.iterchildren(reversed=True):
        last = None
        for p in child.iter(_P):
            index = block_of.get(p)
            if index is not None:
                last = index
        if last is not None:
            return last
    return None


def section_elements(body):
    """``w:sectPr`` of every section in order (paragraph-level ones, then the body's)."""
    return _section_scan(body, {})[0]


def read_sections(docx_document, block_of: dict, gutter_at_top: bool | None = None) -> list[SectionLayout]:
    """Every section with its page setup, footers (inherited through sections) and first block
    (``gutter_at_top``: the document setting, when the caller has read it)."""
    part = docx_document.part
    body = docx_document.element.body
    if gutter_at_top is None:
        gutter_at_top = settings_flags(docx_document)[1]
    elements, ranges = _section_scan(body, block_of)
    sections = []
    inherited: dict = {}
    related = None
    if not elements:  # no w:sectPr at all: everything is left to the application's defaults
        first, last = ranges[0]
        return [SectionLayout(number=1, sect_pr=None, width=None, height=None, orient="portrait", margins={},
                              gutter_at_top=gutter_at_top, title_page=False, footers={}, first_block=first,
                              last_block=last)]
    for n, sect in enumerate(elements, start=1):
        child = first_children(sect, _SECT_TAGS)  # what sect.find(tag) gives for each
        pg, mar = child.get(_PGSZ), child.get(_PGMAR)
        footers = dict(inherited)
        for ref in sect.iterchildren(_FOOTER_REF):
            rid = ref.get("{%s}id" % R_NS)
            kind = wattr(ref, "type") or "default"
            try:
                if related is None:
                    related = part.related_parts  # built anew on each access: once here
                footers[kind] = related[rid].element
            except (KeyError, AttributeError):
                footers.pop(kind, None)
        inherited = footers
        margins = {}
        if mar is not None:
            for side in ("top", "bottom", "left", "right", "gutter", "header", "footer"):
                value = int_or_none(wattr(mar, side))
                if value is not None:
                    margins[side] = abs(value) if side in ("top", "bottom") else value
        grid = child.get(_DOCGRID)
        pitch = grid_type = char_space = None
        if grid is not None and wattr(grid, "type") in ("lines", "linesAndChars", "snapToChars"):
            grid_type = wattr(grid, "type")
            pitch = int_or_none(wattr(grid, "linePitch"))
            char_space = int_or_none(wattr(grid, "charSpace"))
        first, last = ranges[n - 1] if n - 1 < len(ranges) else (None, None)
        num_type = child.get(_PGNUMTYPE)
        sections.append(SectionLayout(
            number=n, sect_pr=sect,
            width=int_or_none(wattr(pg, "w")) if pg is not None else None,
            height=int_or_none(wattr(pg, "h")) if pg is not None else None,
            orient=(wattr(pg, "orient") if pg is not None else None) or "portrait",
            margins=margins, gutter_at_top=gutter_at_top,
            title_page=bool(on_off_child(child.get(_TITLEPG))),
            footers=footers, grid_pitch=pitch or None, first_block=first, last_block=last,
            number_format=wattr(num_type, "fmt") if num_type is not None else None,
            grid_type=grid_type, char_space=char_space,
        ))
    return sections


def _settings_root(docx_document):
    try:
        return docx_document.settings.element
    except (AttributeError, KeyError, NotImplementedError):
        return None


_FLAGS = ("evenAndOddHeaders", "gutterAtTop")


def settings_flags(docx_document) -> tuple[bool, bool]:
    """(``evenAndOddHeaders``, ``gutterAtTop``) of the document settings; a settings part
    that names neither is not parsed."""
    mentions = getattr(docx_document, "mentions", None)
    if mentions is not None and not mentions("settings", *_FLAGS):
        return False, False
    settings = _settings_root(docx_document)
    if settings is None:
        return False, False
    return bool(on_off(settings, _FLAGS[0])), bool(on_off(settings, _FLAGS[1]))


@dataclass
class PageNumber:
    """A page-number paragraph of a footer."""

    form: str  # visible text with the field result replaced by "PAGE", whitespace collapsed
    position: str  # left | center | right | justify | outside | inside
    spans: list[Span]
    element: object


_VML_POS = regexcache.compile(r"mso-position-horizontal\s*:\s*([a-z]+)")


def page_numbers(fmt: Formatting, footer_root) -> list[PageNumber]:
    """Paragraphs of a footer (text boxes and frames included) that hold a PAGE field."""
    found = []
    seen_forms = set()
    for p in footer_root.iter(_P):
        layout = fmt.paragraph(p)
        if not any(s.field == "PAGE" for s in layout.spans):
            continue
        parts, last_page = [], False
        for span in layout.spans:
            if span.field == "PAGE":
                if not last_page:
                    parts.append("PAGE")
                last_page = True
            else:
                parts.append(span.text)
                last_page = False
        form = re.sub(r"\s+", " ", "".join(parts)).strip()
        position = _position(p, layout)
        key = (form, position)
        if key in seen_forms:
            continue  # mc:AlternateContent keeps the same text box twice
        seen_forms.add(key)
        found.append(PageNumber(form=form, position=position, spans=layout.spans, element=p))
    return found


def _position(p, layout: ParagraphLayout) -> str:
    frame = p.find(f"{W}pPr/{W}framePr")
    if frame is not None and wattr(frame, "xAlign"):
        return JC_NAMES.get(wattr(frame, "xAlign"), wattr(frame, "xAlign"))
    node = p.getparent()
    while node is not None:
        tag = node.tag
        if tag == V + "shape" or tag == V + "rect" or tag == V + "roundrect":
            m = _VML_POS.search(node.get("style") or "")
            if m and m.group(1) in ("left", "center", "right", "outside", "inside"):
                return m.group(1)
            break
        if tag == WP + "anchor":
            align = node.find(f"{WP}positionH/{WP}align")
            if align is not None and align.text:
                return align.text.strip()
            break
        if tag == _P:
            break
        node = node.getparent()
    return layout.alignment
