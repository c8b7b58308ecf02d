"""Effective Word formatting: what a paragraph and its runs look like once every layer applies.

Run properties are resolved per property, highest layer first: direct run properties, the
run's character style and its ``basedOn`` chain, the paragraph style and its chain (the
default paragraph style when none is given), ``docDefaults``; theme references
(``w:eastAsiaTheme="minorEastAsia"``) are looked up in ``theme1.xml`` (``a:ea``, else the
``<a:font script="Hans">`` entry). The East-Asian font (``w:eastAsia``, used for Chinese
characters) and the Latin font (``w:ascii``) are separate slots. Paragraph properties
(alignment, ``w:spacing`` line/lineRule, ``w:ind``) come from direct properties, then the
numbering level, then the style chain, then ``pPrDefault``.

Style layers are merged once per document (cached); run text is read with tracked changes
accepted and field codes skipped, so the characters judged are the ones a reader sees.
Page setup and footers are in :mod:`checker.layout_sections`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from collections import Counter
from functools import lru_cache

from lxml import etree

from .ooxml import W, on_off, wattr

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20

# GB/T 9704 A.10: Chinese type sizes (字号) in points
SIZE_NAMES = {42: "初号", 36: "小初", 26: "一号", 24: "小一", 22: "二号", 18: "小二", 16: "三号", 15: "小三",
              14: "四号", 12: "小四", 10.5: "五号", 9: "小五", 7.5: "六号", 6.5: "小六", 5.5: "七号", 5: "八号"}
DEFAULT_SIZE_HALF_POINTS = 20  # ECMA-376: a run without w:sz anywhere is 10 pt

_P, _R, _T, _TAB, _BR, _CR, _SYM = (W + t for t in ("p", "r", "t", "tab", "br", "cr", "sym"))
_FLDCHAR, _INSTR, _FLDSIMPLE, _NBH = W + "fldChar", W + "instrText", W + "fldSimple", W + "noBreakHyphen"
_CONTAINERS = {W + t for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "bdo", "dir")}
_SDT, _SDT_CONTENT = W + "sdt", W + "sdtContent"
_PAGE_FIELD = re.compile(r"^\s*PAGE(?:\s|\\|$)", re.IGNORECASE)
JC_NAMES = {"start": "left", "end": "right", "both": "justify", "distribute": "justify", "lowKashida": "justify",
       "mediumKashida": "justify", "highKashida": "justify", "thaiDistribute": "justify"}
ALIGNMENT_NAMES = {"left": "左对齐", "center": "居中", "right": "右对齐", "justify": "两端对齐",
                   "outside": "外侧（单页居右、双页居左）", "inside": "内侧"}


# -- small value helpers ----------------------------------------------------------------------
def int_or_none(value) -> int | None:
    """An OOXML integer attribute (tolerating "12.0"); None when absent or malformed."""
    if value is None:
        return None
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return None


def size_label(points: float | None) -> str:
    """16 -> "16磅（三号）"; None -> "未设置"."""
    if points is None:
        return "未设置"
    text = f"{points:g}磅"
    name = SIZE_NAMES.get(points)
    return f"{text}（{name}）" if name else text


def font_key(name: str | None) -> str:
    """Normalised font name for alias matching (case and spaces ignored)."""
    return re.sub(r"\s+", "", name or "").casefold()


@lru_cache(maxsize=4096)
def _char_class(ch: str) -> str:
    """'ea' for characters Word sets in the East-Asian font, 'latin' for the Latin slot,
    '' for whitespace and ambiguous-width characters (quotes, dashes) that may go either way."""
    if ch.isspace():
        return ""
    width = unicodedata.east_asian_width(ch)
    if width in ("W", "F"):
        return "ea"
    if width == "A":
        return ""
    return "latin"


def count_chars(text: str) -> tuple[int, int, int]:
    """(East-Asian, Latin, all visible) character counts (classified once per distinct
    character: Counter does the per-character work in C)."""
    ea = latin = visible = 0
    for ch, n in Counter(text).items():
        kind = _char_class(ch)
        if kind == "ea":
            ea += n
        elif kind == "latin":
            latin += n
        if not ch.isspace():
            visible += n
    return ea, latin, visible


# -- run and paragraph property layers ------------------------------------------------------
def _rpr_values(rpr) -> dict:
    if rpr is None:
        return {}
    out = {}
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        ea_theme, ea = wattr(fonts, "eastAsiaTheme"), wattr(fonts, "eastAsia")
        if ea_theme:
            out["ea"] = ("theme", ea_theme)
        elif ea:
            out["ea"] = ea
        latin_theme, latin = wattr(fonts, "asciiTheme"), wattr(fonts, "ascii")
        if latin_theme:
            out["latin"] = ("theme", latin_theme)
        elif latin:
            out["latin"] = latin
    sz = rpr.find(W + "sz")
    if sz is not None and int_or_none(wattr(sz, "val")) is not None:
        out["sz"] = int_or_none(wattr(sz, "val"))
    bold = on_off(rpr, "b")
    if bold is not None:
        out["b"] = bold
    return out


def _first_line(ind) -> tuple | None:
    """First-line indent of one ``w:ind``: ("chars", hundredths) or ("twips", n); negative = hanging.
    Character units override twips and hanging overrides firstLine; zero values count last."""
    candidates = []
    for attr, unit, sign in (("hangingChars", "chars", -1), ("hanging", "twips", -1),
                             ("firstLineChars", "chars", 1), ("firstLine", "twips", 1)):
        value = int_or_none(wattr(ind, attr))
        if value is not None:
            candidates.append((unit, sign * value))
    if not candidates:
        return None
    for unit, value in candidates:
        if value:
            return unit, value
    return candidates[0]


def _side(ind, names) -> tuple | None:
    """Left/right indent: ("chars", n) when the *Chars attribute is non-zero, else ("twips", n)."""
    found = None
    for chars_attr, twips_attr in names:
        chars, twips = int_or_none(wattr(ind, chars_attr)), int_or_none(wattr(ind, twips_attr))
        if chars:
            return "chars", chars
        if twips is not None:
            found = ("twips", twips)
        elif chars is not None and found is None:
            found = ("chars", 0)
    return found


def _ppr_values(ppr) -> dict:
    if ppr is None:
        return {}
    out = {}
    jc = ppr.find(W + "jc")
    if jc is not None and wattr(jc, "val"):
        value = wattr(jc, "val")
        out["jc"] = JC_NAMES.get(value, value)
    spacing = ppr.find(W + "spacing")
    if spacing is not None and int_or_none(wattr(spacing, "line")) is not None:
        out["line"] = (int_or_none(wattr(spacing, "line")), wattr(spacing, "lineRule") or "auto")
    ind = ppr.find(W + "ind")
    if ind is not None:
        first = _first_line(ind)
        if first is not None:
            out["first"] = first
        left = _side(ind, (("leftChars", "left"), ("startChars", "start")))
        if left is not None:
            out["left"] = left
        right = _side(ind, (("rightChars", "right"), ("endChars", "end")))
        if right is not None:
            out["right"] = right
    snap = on_off(ppr, "snapToGrid")
    if snap is not None:
        out["snap"] = snap
    num_pr = ppr.find(W + "numPr")
    if num_pr is not None:
        num_id = num_pr.find(W + "numId")
        ilvl = num_pr.find(W + "ilvl")
        out["num"] = (wattr(num_id, "val") if num_id is not None else None,
                      int_or_none(wattr(ilvl, "val")) if ilvl is not None else None)
    return out


@dataclass(frozen=True)
class RunProps:
    east_asian: str | None  # effective East-Asian font name
    latin: str | None  # effective Latin (ascii) font name
    size: float  # points
    bold: bool


@dataclass
class Span:
    """Visible text of one run (or part of it) with the run element it came from."""

    text: str
    run: object  # lxml w:r
    props: RunProps
    field: str | None = None  # "PAGE" when the text is the result of a PAGE field
    ea: int = 0
    latin: int = 0
    visible: int = 0

    def __post_init__(self):
        self.ea, self.latin, self.visible = count_chars(self.text)


@dataclass
class ParagraphLayout:
    element: object
    style_id: str | None
    alignment: str  # left | center | right | justify
    line: int | None  # w:spacing w:line (twips for exact/atLeast, 240ths of a line for auto)
    line_rule: str  # auto | exact | atLeast
    first_line: tuple | None  # ("chars", hundredths) | ("twips", n), negative = hanging
    left: tuple | None
    right: tuple | None
    spans: list[Span] = field(default_factory=list)
    snap_to_grid: bool = True

    @property
    def line_points(self) -> float | None:
        if self.line is None or self.line_rule == "auto":
            return None
        return self.line / TWIPS_PER_PT

    def indent_chars(self, which: str, char_points: float) -> float:
        """An indent in characters; twips are converted with ``char_points`` per character."""
        value = {"first": self.first_line, "left": self.left, "right": self.right}[which]
        if value is None:
            return 0.0
        unit, amount = value
        if unit == "chars":
            return amount / 100
        return amount / (char_points * TWIPS_PER_PT) if char_points else 0.0


NATURAL_LINE = 1.3  # height of a single line of CJK text, in font sizes (for grid spacing)


def grid_line_points(layout: ParagraphLayout, pitch: int | None, size: float) -> float | None:
    """Line pitch of a paragraph with automatic ("single", "1.5") spacing that snaps to a
    document grid: the lines it needs, rounded up to whole grid lines. None without a grid."""
    if not pitch or layout.line_rule != "auto" or not layout.snap_to_grid:
        return None
    multiple = (layout.line or 240) / 240
    lines = max(1, math.ceil(multiple * size * NATURAL_LINE * TWIPS_PER_PT / pitch - 1e-6))
    return lines * pitch / TWIPS_PER_PT


def dominant(spans, key, weight: str = "visible"):
    """The value of ``key(span.props)`` carried by most characters: (value, chars, total)."""
    counts: dict = {}
    total = 0
    for span in spans:
        n = getattr(span, weight)
        if not n:
            continue
        value = key(span.props)
        counts[value] = counts.get(value, 0) + n
        total += n
    if not counts:
        return None, 0, 0
    value = max(counts, key=lambda v: counts[v])
    return value, counts[value], total


class Theme:
    """Theme font names: ``minorEastAsia`` -> 宋体 etc."""

    def __init__(self, root):
        self.fonts: dict[str, str] = {}
        if root is None:
            return
        for kind in ("major", "minor"):
            scheme = root.find(f".//{A}{kind}Font")
            if scheme is None:
                continue
            latin, ea = scheme.find(A + "latin"), scheme.find(A + "ea")
            hans = next((f.get("typeface") for f in scheme.findall(A + "font") if f.get("script") == "Hans"), None)
            cs = scheme.find(A + "cs")
            latin_name = latin.get("typeface") if latin is not None else None
            ea_name = (ea.get("typeface") if ea is not None else None) or hans
            for suffix, value in (("HAnsi", latin_name), ("Ascii", latin_name), ("EastAsia", ea_name),
                                  ("Bidi", cs.get("typeface") if cs is not None else None)):
                if value:
                    self.fonts[kind + suffix] = value

    def resolve(self, value) -> str | None:
        if isinstance(value, tuple):
            return self.fonts.get(value[1])
        return value


@dataclass
class _Style:
    style_id: str
    kind: str
    based_on: str | None
    rpr: dict
    ppr: dict


class Formatting:
    """Effective formatting of one Word document; style chains are merged once and cached."""

    def __init__(self, docx_document):
        part = docx_document.part
        self.document = docx_document
        styles_part = part._styles_part if hasattr(part, "_styles_part") else None
        styles_root = styles_part.element if styles_part is not None else None
        self.theme = Theme(_theme_root(part))
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.default_rpr: dict = {}
        self.default_ppr: dict = {}
        if styles_root is not None:
            defaults = styles_root.find(W + "docDefaults")
            if defaults is not None:
                self.default_rpr = _rpr_values(defaults.find(f"{W}rPrDefault/{W}rPr"))
                self.default_ppr = _ppr_values(defaults.find(f"{W}pPrDefault/{W}pPr"))
            for st in styles_root.findall(W + "style"):
                sid = wattr(st, "styleId") or ""
                kind = wattr(st, "type") or "paragraph"
                based = st.find(W + "basedOn")
                self.styles[sid] = _Style(sid, kind, wattr(based, "val") if based is not None else None,
                                          _rpr_values(st.find(W + "rPr")), _ppr_values(st.find(W + "pPr")))
                if wattr(st, "default") in ("1", "true", "on"):
                    if kind == "paragraph":
                        self.default_paragraph = sid
                    elif kind == "character":
                        self.default_character = sid
        self.numbering = _NumberingLevels(part)
        self._chain_cache: dict = {}
        self._base_cache: dict = {}
        self._props_cache: dict = {}
        self._para_cache: dict = {}

    # -- style chains -------------------------------------------------------------------------
    def _chain(self, style_id: str | None, what: str) -> dict:
        """Properties of a style merged along its basedOn chain (base first)."""
        key = (style_id, what)
        if key not in self._chain_cache:
            chain, seen = [], set()
            sid = style_id
            while sid and sid in self.styles and sid not in seen:
                seen.add(sid)
                chain.append(self.styles[sid])
                sid = chain[-1].based_on
            merged: dict = {}
            for st in reversed(chain):
                merged.update(getattr(st, what))
            self._chain_cache[key] = merged
        return self._chain_cache[key]

    def paragraph_style(self, p) -> str | None:
        ppr = p.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        sid = wattr(pstyle, "val") if pstyle is not None else None
        return sid if sid in self.styles else self.default_paragraph

    def _style_rpr(self, pstyle: str | None, rstyle: str | None) -> dict:
        key = (pstyle, rstyle)
        if key not in self._base_cache:
            merged = dict(self.default_rpr)
            merged.update(self._chain(pstyle, "rpr"))
            if rstyle:
                merged.update(self._chain(rstyle, "rpr"))
            self._base_cache[key] = merged
        return self._base_cache[key]

    def run_props(self, pstyle: str | None, run) -> RunProps:
        rpr = run.find(W + "rPr")
        rstyle = None
        if rpr is not None:
            rs = rpr.find(W + "rStyle")
            rstyle = wattr(rs, "val") if rs is not None else None
        direct = _rpr_values(rpr)
        key = (pstyle, rstyle, tuple(sorted(direct.items())))
        props = self._props_cache.get(key)
        if props is None:
            merged = dict(self._style_rpr(pstyle, rstyle))
            merged.update(direct)
            sz = merged.get("sz", DEFAULT_SIZE_HALF_POINTS)
            props = RunProps(east_asian=self.theme.resolve(merged.get("ea")),
                             latin=self.theme.resolve(merged.get("latin")),
                             size=sz / 2, bold=bool(merged.get("b", False)))
            self._props_cache[key] = props
        return props

    def paragraph_props(self, p) -> dict:
        pstyle = self.paragraph_style(p)
        direct = _ppr_values(p.find(W + "pPr"))
        merged = dict(self.default_ppr)
        style = self._chain(pstyle, "ppr")
        merged.update(style)
        num = direct.get("num") or style.get("num")
        if num is not None:
            merged.update(self.numbering.ppr(num[0], num[1] if num[1] is not None else 0))
        merged.update(direct)
        return merged

    def style_layout(self, style_id: str) -> tuple[RunProps, ParagraphLayout]:
        """What a paragraph of ``style_id`` without direct formatting looks like."""
        merged = dict(self._style_rpr(style_id, None))
        props = RunProps(east_asian=self.theme.resolve(merged.get("ea")), latin=self.theme.resolve(merged.get("latin")),
                         size=merged.get("sz", DEFAULT_SIZE_HALF_POINTS) / 2, bold=bool(merged.get("b", False)))
        ppr = dict(self.default_ppr)
        ppr.update(self._chain(style_id, "ppr"))
        if ppr.get("num") is not None:
            num = ppr["num"]
            ppr.update(self.numbering.ppr(num[0], num[1] if num[1] is not None else 0))
        line = ppr.get("line")
        layout = ParagraphLayout(
            element=None, style_id=style_id, alignment=ppr.get("jc", "left"),
            line=line[0] if line else None, line_rule=line[1] if line else "auto",
            first_line=ppr.get("first"), left=ppr.get("left"), right=ppr.get("right"),
            snap_to_grid=ppr.get("snap", True))
        return props, layout

    # -- paragraphs ---------------------------------------------------------------------------
    def paragraph(self, p) -> ParagraphLayout:
        """Layout of one ``w:p`` (cached per element)."""
        cached = self._para_cache.get(p)
        if cached is not None:
            return cached
        props = self.paragraph_props(p)
        pstyle = self.paragraph_style(p)
        line = props.get("line")
        layout = ParagraphLayout(
            element=p, style_id=pstyle, alignment=props.get("jc", "left"),
            line=line[0] if line else None, line_rule=line[1] if line else "auto",
            first_line=props.get("first"), left=props.get("left"), right=props.get("right"),
            snap_to_grid=props.get("snap", True),
            spans=[Span(text, run, self.run_props(pstyle, run), fld) for run, text, fld in visible_runs(p)],
        )
        self._para_cache[p] = layout
        return layout


class _NumberingLevels:
    """Paragraph properties (indents) of numbering levels: num -> abstractNum -> lvl, read on
    first use only."""

    def __init__(self, part):
        self._nums: dict[str, object] = {}
        self._abstract: dict[str, object] = {}
        self._cache: dict[tuple, dict] = {}
        try:
            root = part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is None:
            return
        for absn in root.findall(W + "abstractNum"):
            self._abstract[wattr(absn, "abstractNumId") or ""] = absn
        for num in root.findall(W + "num"):
            self._nums[wattr(num, "numId") or ""] = num

    @staticmethod
    def _level(parent, ilvl: int):
        for lvl in parent.iter(W + "lvl"):
            if (int_or_none(wattr(lvl, "ilvl")) or 0) == ilvl:
                return lvl
        return None

    def ppr(self, num_id: str | None, ilvl: int) -> dict:
        if not num_id or num_id == "0" or num_id not in self._nums:
            return {}
        key = (num_id, ilvl)
        if key not in self._cache:
            num = self._nums[num_id]
            absid = num.find(W + "abstractNumId")
            absn = self._abstract.get(wattr(absid, "val") or "" if absid is not None else "")
            values = {}
            if absn is not None:
                lvl = self._level(absn, ilvl)
                if lvl is not None:
                    values.update(_ppr_values(lvl.find(W + "pPr")))
            for override in num.findall(W + "lvlOverride"):
                if (int_or_none(wattr(override, "ilvl")) or 0) == ilvl:
                    lvl = override.find(W + "lvl")
                    if lvl is not None:
                        values.update(_ppr_values(lvl.find(W + "pPr")))
            self._cache[key] = {k: v for k, v in values.items() if k in ("first", "left", "right")}
        return self._cache[key]


def _theme_root(part):
    for rel in part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            try:
                return etree.fromstring(rel.target_part.blob)
            except (etree.XMLSyntaxError, ValueError, AttributeError):
                return None
    return None


# -- visible runs -----------------------------------------------------------------------------
def visible_runs(p):
    """(run, visible text, field name or None) for each run of ``p`` a reader sees: tracked
    insertions kept, deletions dropped, field codes skipped, field results kept (marked
    ``"PAGE"`` for a page-number field; a PAGE field without a result gives an empty entry).
    Runs in text boxes anchored here are not included."""
    out: list = []
    stack: list[list] = []  # open complex fields: [instruction, in_result, result seen]
    _walk_runs(p, out, stack, None)
    return out


def _walk_runs(el, out, stack, simple_field):
    for child in el:
        tag = child.tag
        if tag == _R:
            _run_text(child, out, stack, simple_field)
        elif tag in _CONTAINERS:
            _walk_runs(child, out, stack, simple_field)
        elif tag == _FLDSIMPLE:
            name = "PAGE" if _PAGE_FIELD.match(wattr(child, "instr") or "") else "field"
            before = len(out)
            _walk_runs(child, out, stack, name)
            if name == "PAGE" and len(out) == before:
                out.append((child, "", "PAGE"))
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _walk_runs(content, out, stack, simple_field)


def _run_text(r, out, stack, simple_field):
    parts: list[str] = []
    current = _field_name(stack, simple_field)

    def flush():
        if parts:
            out.append((r, "".join(parts), current))
            if stack and stack[-1][1]:
                stack[-1][2] = True
            parts.clear()

    for child in r:
        tag = child.tag
        if tag == _FLDCHAR:
            kind = wattr(child, "fldCharType")
            flush()
            if kind == "begin":
                stack.append(["", False, False])
            elif kind == "separate" and stack:
                stack[-1][1] = True
            elif kind == "end" and stack:
                instr, _, seen = stack.pop()
                if not seen and _PAGE_FIELD.match(instr):
                    out.append((r, "", "PAGE"))
            current = _field_name(stack, simple_field)
            continue
        if tag == _INSTR:
            if stack and not stack[-1][1]:
                stack[-1][0] += child.text or ""
            continue
        if stack and not stack[-1][1]:
            continue  # inside a field code
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            if wattr(child, "type") != "page":
                parts.append("\n")
        elif tag == _NBH:
            parts.append("-")
        elif tag == _SYM:
            parts.append("\u25a1")
    flush()


def _field_name(stack, simple_field):
    for instr, in_result, _ in reversed(stack):
        if in_result:
            return "PAGE" if _PAGE_FIELD.match(instr) else "field"
    return simple_field
