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
Page setup and footers are in :mod:`checker.layout.sections`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from lxml import etree

from checker import regexcache
from checker.read.ooxml import W, wattr

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
_PAGE_FIELD = regexcache.compile(r"^\s*PAGE(?:\s|\\|$)", re.IGNORECASE)
JC_NAMES = {"start": "left", "end": "right", "both": "justify", "distribute": "justify", "lowKashida": "justify",
       "mediumKashida": "justify", "highKashida": "justify", "thaiDistribute": "justify"}
ALIGNMENT_NAMES = {"left": "左对齐", "center": "居中", "right": "右对齐", "justify": "两端对齐",
                   "outside": "外侧（单页居右、双页居左）", "inside": "内侧"}


# -- small value helpers ----------------------------------------------------------------------
def int_or_none(value) -> int | None:
    """An OOXML integer attribute (tolerating "12.0"); None when absent or malformed."""
    if value is None:
        return None
    if len(value) < 16:  # exact in a float, so int() reads it as int(float()) would
        try:
            return int(value)
        except ValueError:
            pass
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


@lru_cache(maxsize=1024)
def font_key(name: str | None) -> str:
    """Normalised font name for alias matching (case and spaces ignored)."""
    return _SPACES.sub("", name or "").casefold()


_SPACES = regexcache.compile(r"\s+")


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


@lru_cache(maxsize=4096)
def _char_counts(ch: str) -> tuple[int, int, int]:
    """What one character adds to (East-Asian, Latin, visible)."""
    kind = _char_class(ch)
    return int(kind == "ea"), int(kind == "latin"), int(not ch.isspace())


# Blocks whose every code point is wide or fullwidth (East Asian Width W or F in unicodedata,
# none of them whitespace): CJK symbols and punctuation (U+3000, a space, left out), CJK
# ideographs and extension A (W even where unassigned, per EastAsianWidth.txt), fullwidth forms.
EA_BULK = "\u3001-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60\uffe0-\uffe6"
_EA_BULK = regexcache.compile(f"[{EA_BULK}]+")
_ASCII_VISIBLE = regexcache.compile("[!-~]+")  # printable ASCII: narrow, the Latin slot


def count_chars(text: str) -> tuple[int, int, int]:
    """(East-Asian, Latin, all visible) character counts. The bulk (CJK ideographs and
    punctuation, printable ASCII) is counted by regular expressions in C; what is left
    (spaces, quotes, dashes, other scripts) is classified once per distinct character."""
    if not text:
        return 0, 0, 0
    rest = _EA_BULK.sub("", text)
    ea = len(text) - len(rest)
    if not rest:
        return ea, 0, ea
    other = _ASCII_VISIBLE.sub("", rest)
    latin = len(rest) - len(other)
    visible = ea + latin
    for ch in other:
        e, n, v = _char_counts(ch)
        ea += e
        latin += n
        visible += v
    return ea, latin, visible


# -- run and paragraph property layers ------------------------------------------------------
_RPR, _PPR, _RSTYLE, _PSTYLE = W + "rPr", W + "pPr", W + "rStyle", W + "pStyle"
_RFONTS, _SZ, _B = W + "rFonts", W + "sz", W + "b"
_COLOR, _U, _I = W + "color", W + "u", W + "i"
_PBDR, _SHD = W + "pBdr", W + "shd"
BORDER_SIDES = ("top", "left", "bottom", "right", "between", "bar")
_NO_LINE = ("nil", "none")
_JC, _SPACING, _IND, _SNAP, _NUMPR = W + "jc", W + "spacing", W + "ind", W + "snapToGrid", W + "numPr"
_NUMID, _ILVL, _VAL = W + "numId", W + "ilvl", W + "val"
_EA_THEME, _EA, _LATIN_THEME, _LATIN = W + "eastAsiaTheme", W + "eastAsia", W + "asciiTheme", W + "ascii"
_OFF = ("0", "false", "off")


def _child(el, tag):
    """First child ``tag`` of ``el`` (what ``el.find(tag)`` gives, without the path machinery)."""
    for child in el.iterchildren():
        if child.tag == tag:
            return child
    return None


def first_children(el, tags: frozenset) -> dict:
    """Tag -> the first child of ``el`` with that tag, for each of ``tags`` present (what
    ``el.find(tag)`` gives for each), in one pass over the children."""
    found = {}
    for child in el.iterchildren():
        tag = child.tag
        if tag in tags and tag not in found:
            found[tag] = child
    return found


def _grandchild(el, tag, inner):
    """``el.find("tag/inner")``: the first ``inner`` child of the first ``tag`` child holding one."""
    for child in el.iterchildren(tag):
        found = _child(child, inner)
        if found is not None:
            return found
    return None


def _slots(*tags) -> dict:
    return {tag: i for i, tag in enumerate(tags)}


_RPR_SLOTS = _slots(_RFONTS, _SZ, _B, _RSTYLE, _COLOR, _U, _I)
_PPR_SLOTS = _slots(_JC, _SPACING, _IND, _SNAP, _NUMPR, _PSTYLE, _PBDR, _SHD)


def markup_key(el, slots: dict, nested: frozenset = frozenset()) -> tuple:
    """Tag and attributes of every child of ``el`` whose tag is in ``slots``, in order (with
    the children of those whose tag is in ``nested``): everything a scan of ``el`` reads, so
    equal keys scan equal, and the scan reads the key (:func:`_read_rpr`, :func:`_read_ppr`)
    rather than the markup again. One pass; attributes are read only from the children a
    scan reads (reading them costs more than the pass)."""
    key = []
    for child in el.iterchildren():
        tag = child.tag
        if tag in slots:
            if tag in nested:
                key.append((tag, tuple(child.items()), tuple([(g.tag, tuple(g.items())) for g in child])))
            else:
                key.append((tag, tuple(child.items())))
    return tuple(key)


def _first_of(key: tuple, slots: dict) -> list:
    """The entry of :func:`markup_key` ``key`` for the first child of each tag in ``slots``
    (tag -> position in the result; None where absent): what ``el.find(tag)`` gives for each."""
    found = [None] * len(slots)
    for entry in key:
        slot = slots[entry[0]]
        if found[slot] is None:
            found[slot] = entry
    return found


def _val(attrs: tuple) -> str | None:
    """``w:val`` among the (name, value) pairs of one element."""
    for name, value in attrs:
        if name == _VAL:
            return value
    return None


def _scan_rpr(rpr) -> tuple:
    """(character style id, direct values) of one ``w:rPr`` (the first child of each kind
    counts, as with ``find``)."""
    return _read_rpr(markup_key(rpr, _RPR_SLOTS))


def _read_rpr(key: tuple) -> tuple:
    """:func:`_scan_rpr` of the ``w:rPr`` whose :func:`markup_key` is ``key``."""
    fonts, sz, bold, rstyle, color, underline, italic = _first_of(key, _RPR_SLOTS)
    out = {}
    if fonts is not None:
        get = dict(fonts[1]).get
        ea_theme, ea = get(_EA_THEME), get(_EA)
        if ea_theme:
            out["ea"] = ("theme", ea_theme)
        elif ea:
            out["ea"] = ea
        latin_theme, latin = get(_LATIN_THEME), get(_LATIN)
        if latin_theme:
            out["latin"] = ("theme", latin_theme)
        elif latin:
            out["latin"] = latin
    if sz is not None:
        value = int_or_none(_val(sz[1]))
        if value is not None:
            out["sz"] = value
    if bold is not None:
        out["b"] = _val(bold[1]) not in _OFF
    if color is not None:
        get = dict(color[1]).get
        out["color"] = (get(_VAL), get(W + "themeColor"), get(W + "themeShade"), get(W + "themeTint"))
    if underline is not None:
        out["u"] = (_val(underline[1]) or "single") not in _NO_LINE + ("0", "false", "off")
    if italic is not None:
        out["i"] = _val(italic[1]) not in _OFF
    return (_val(rstyle[1]) if rstyle is not None else None), out


def _rpr_values(rpr) -> dict:
    if rpr is None:
        return {}
    return _scan_rpr(rpr)[1]


_FIRST_LINE = tuple((W + attr, unit, sign) for attr, unit, sign in (
    ("hangingChars", "chars", -1), ("hanging", "twips", -1), ("firstLineChars", "chars", 1), ("firstLine", "twips", 1)))
_LEFT = ((W + "leftChars", W + "left"), (W + "startChars", W + "start"))
_RIGHT = ((W + "rightChars", W + "right"), (W + "endChars", W + "end"))


def _first_line(attrs: dict) -> tuple | None:
    """First-line indent of one ``w:ind`` (``attrs``: its attributes): ("chars", hundredths) or
    ("twips", n); negative = hanging. Character units override twips and hanging overrides
    firstLine; zero values count last."""
    get = attrs.get
    candidates = []
    for attr, unit, sign in _FIRST_LINE:
        value = int_or_none(get(attr))
        if value is not None:
            candidates.append((unit, sign * value))
    if not candidates:
        return None
    for unit, value in candidates:
        if value:
            return unit, value
    return candidates[0]


def _side(attrs: dict, names) -> tuple | None:
    """Left/right indent from the attributes of a ``w:ind`` (``names``: pairs of qualified
    names, _LEFT or _RIGHT): ("chars", n) when the *Chars attribute is non-zero, else ("twips", n)."""
    found = None
    for chars_attr, twips_attr in names:
        chars, twips = int_or_none(attrs.get(chars_attr)), int_or_none(attrs.get(twips_attr))
        if chars:
            return "chars", chars
        if twips is not None:
            found = ("twips", twips)
        elif chars is not None and found is None:
            found = ("chars", 0)
    return found


_PPR_NESTED = frozenset((_NUMPR, _PBDR))  # children whose own children a scan reads


def _scan_ppr(ppr) -> tuple:
    """(paragraph style id, direct values) of one ``w:pPr`` (the first child of each kind counts)."""
    return _read_ppr(markup_key(ppr, _PPR_SLOTS, _PPR_NESTED))


def _read_ppr(key: tuple) -> tuple:
    """:func:`_scan_ppr` of the ``w:pPr`` whose :func:`markup_key` is ``key``."""
    jc, spacing, ind, snap, num_pr, pstyle, borders, shading = _first_of(key, _PPR_SLOTS)
    out = {}
    if jc is not None:
        value = _val(jc[1])
        if value:
            out["jc"] = JC_NAMES.get(value, value)
    if spacing is not None:
        get = dict(spacing[1]).get
        line = int_or_none(get(W + "line"))
        if line is not None:
            out["line"] = (line, get(W + "lineRule") or "auto")
        for side in ("before", "after"):  # each attribute is a property of its own
            for attr, key in ((side, side), (side + "Lines", side + "Lines")):
                value = int_or_none(get(W + attr))
                if value is not None:
                    out[key] = value
            auto = get(W + side + "Autospacing")
            if auto is not None:
                out[side + "Auto"] = auto not in _OFF
    if borders is not None:
        for tag, attrs in borders[2]:
            name = tag[len(W):] if isinstance(tag, str) and tag.startswith(W) else None
            if name in BORDER_SIDES:
                out["bdr:" + name] = (_val(attrs) or "none") not in _NO_LINE
    if shading is not None:
        get = dict(shading[1]).get
        fill = (get(W + "fill") or "auto").upper()
        pattern = get(_VAL) or "clear"
        out["shd"] = None if (fill in ("AUTO", "FFFFFF") and pattern in ("clear", "nil")) or pattern == "nil" \
            else (fill if pattern == "clear" else f"{pattern}:{fill}")
    attrs = dict(ind[1]) if ind is not None else None
    if attrs:
        first = _first_line(attrs)
        if first is not None:
            out["first"] = first
            if first[0] == "chars":  # the twips written beside it: what ignores character units shows
                twips = _first_line({k: v for k, v in attrs.items() if k in (W + "hanging", W + "firstLine")})
                out["first_twips"] = twips[1] if twips is not None else None
        left = _side(attrs, _LEFT)
        if left is not None:
            out["left"] = left
        right = _side(attrs, _RIGHT)
        if right is not None:
            out["right"] = right
    if snap is not None:
        out["snap"] = _val(snap[1]) not in _OFF
    if num_pr is not None:
        num_id = ilvl = None
        for tag, attrs in num_pr[2]:  # the first of each, as find gives
            if tag == _NUMID:
                if num_id is None:
                    num_id = attrs
            elif tag == _ILVL and ilvl is None:
                ilvl = attrs
        out["num"] = (_val(num_id) if num_id is not None else None,
                      int_or_none(_val(ilvl)) if ilvl is not None else None)
    return (_val(pstyle[1]) if pstyle is not None else None), out


def _ppr_values(ppr) -> dict:
    if ppr is None:
        return {}
    return _scan_ppr(ppr)[1]


@dataclass(frozen=True)
class RunProps:
    east_asian: str | None  # effective East-Asian font name
    latin: str | None  # effective Latin (ascii) font name
    size: float  # points
    bold: bool
    color: str = "auto"  # "auto" or RRGGBB (theme colours resolved)
    underline: bool = False
    italic: bool = False


class Span:
    """Visible text of one run (or part of it) with the run element it came from, and its
    (East-Asian, Latin, visible) character counts (given when already known)."""

    __slots__ = ("text", "run", "props", "field", "ea", "latin", "visible")

    def __init__(self, text: str, run, props: RunProps, field: str | None = None, counts: tuple | None = None):
        self.text = text
        self.run = run  # lxml w:r
        self.props = props
        self.field = field  # "PAGE" when the text is the result of a PAGE field
        self.ea, self.latin, self.visible = counts if counts is not None else count_chars(text)

    def __repr__(self) -> str:
        return f"Span({self.text!r}, field={self.field!r}, props={self.props!r})"


@dataclass(slots=True)
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
    borders: tuple = ()  # paragraph border sides drawn (w:pBdr)
    shading: str | None = None  # paragraph background (w:shd fill), None for none
    space: dict = field(default_factory=dict)  # before/after, beforeLines/afterLines, beforeAuto/afterAuto
    first_twips: int | None = None  # twips written beside a first-line indent in characters
    _font_size: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def font_size(self) -> float | None:
        """The font size (points) carried by most visible characters; None without text."""
        if self._font_size is None:
            self._font_size = (dominant(self.spans, _SIZE)[0],)
        return self._font_size[0]

    def space_points(self, side: str, pitch_points: float = 12.0) -> float:
        """Space before or after the paragraph in points (``*Lines`` values count in lines of
        ``pitch_points``, automatic spacing as Word's 14 points)."""
        space = self.space
        if space.get(side + "Auto"):
            return 14.0
        lines = space.get(side + "Lines")
        if lines:
            return lines / 100 * pitch_points
        return (space.get(side) or 0) / TWIPS_PER_PT

    def indent_chars(self, which: str, char_points: float) -> float:
        """An indent in characters; twips are converted with ``char_points`` per character."""
        value = {"first": self.first_line, "left": self.left, "right": self.right}[which]
        if value is None:
            return 0.0
        unit, amount = value
        if unit == "chars":
            return amount / 100
        return amount / (char_points * TWIPS_PER_PT) if char_points else 0.0


_SIZE = attrgetter("size")
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
    if len(spans) == 1:  # most paragraphs are one run
        n = getattr(spans[0], weight)
        return (key(spans[0].props), n, n) if n else (None, 0, 0)
    props = spans[0].props if spans else None
    for span in spans:
        if span.props is not props:
            break
    else:  # one set of properties throughout (the usual paragraph): its value carries every character
        total = sum(map(attrgetter(weight), spans))
        return (key(props), total, total) if total else (None, 0, 0)
    counts: dict = {}
    total = 0
    last_props = last_value = _UNSET
    for span in spans:
        n = getattr(span, weight)
        if not n:
            continue
        props = span.props
        if props is not last_props:  # runs of one paragraph mostly share one RunProps
            last_props, last_value = props, key(props)
        counts[last_value] = counts.get(last_value, 0) + n
        total += n
    return _most(counts, total)


def _most(counts: dict, total: int):
    """(the value with the most characters — the first met among equals —, its count, ``total``)."""
    if not counts:
        return None, 0, 0
    value = max(counts, key=counts.__getitem__)
    return value, counts[value], total


def tally(spans, weight: str = "visible") -> list:
    """(run properties, characters) for each set of properties of ``spans`` that carries
    ``weight`` characters, in the order each first carries one: all :func:`dominant`
    counts, so that several rules can judge a part from its tally rather than its spans."""
    counts: dict = {}
    first: list = []
    for span in spans:
        n = getattr(span, weight)
        if n:
            props = span.props
            seen = counts.get(id(props))
            if seen is None:
                first.append(props)
                counts[id(props)] = n
            else:
                counts[id(props)] = seen + n
    return [(props, counts[id(props)]) for props in first]


def dominant_in_tally(entries: list, key):
    """:func:`dominant` of the spans whose :func:`tally` ``entries`` is."""
    if len(entries) == 1:
        props, n = entries[0]
        return key(props), n, n
    counts: dict = {}
    total = 0
    for props, n in entries:
        value = key(props)
        counts[value] = counts.get(value, 0) + n
        total += n
    return _most(counts, total)


_THEME_SLOTS = {"dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2", "text1": "dk1",
                "background1": "lt1", "text2": "dk2", "background2": "lt2", "hyperlink": "hlink",
                "followedHyperlink": "folHlink"}


def _hex(value: str | None) -> str | None:
    value = (value or "").strip().upper()
    if len(value) == 6 and all(c in "0123456789ABCDEF" for c in value):
        return value
    return None


def shade_tint(rgb: str, shade: str | None, tint: str | None) -> str:
    """Apply ``w:themeShade`` / ``w:themeTint`` (hex bytes) to RRGGBB, as Word does roughly:
    shade darkens towards black, tint lightens towards white."""
    channels = [int(rgb[i:i + 2], 16) for i in (0, 2, 4)]
    try:
        if shade:
            f = int(shade, 16) / 255
            channels = [round(c * f) for c in channels]
        if tint:
            f = int(tint, 16) / 255
            channels = [round(c * f + 255 * (1 - f)) for c in channels]
    except ValueError:
        pass
    return "".join(f"{max(0, min(255, c)):02X}" for c in channels)


class Theme:
    """Theme font names (``minorEastAsia`` -> 宋体 etc.) and colours (``accent1`` -> 4F81BD)."""

    def __init__(self, root):
        self.fonts: dict[str, str] = {}
        self.colors: dict[str, str] = {}
        if root is None:
            return
        scheme = next(root.iterdescendants(A + "clrScheme"), None)
        if scheme is not None:
            for slot in scheme:
                if not isinstance(slot.tag, str):
                    continue
                name = slot.tag.rsplit("}", 1)[-1]
                for value in slot:
                    kind = value.tag.rsplit("}", 1)[-1] if isinstance(value.tag, str) else ""
                    rgb = _hex(value.get("lastClr") if kind == "sysClr" else value.get("val") if kind == "srgbClr" else None)
                    if rgb is None and kind == "sysClr":
                        rgb = "000000" if value.get("val") == "windowText" else "FFFFFF"
                    if rgb:
                        self.colors[name] = rgb
                    break
        for kind in ("major", "minor"):
            scheme = next(root.iterdescendants(A + kind + "Font"), None)
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

    def color(self, value) -> str:
        """Effective colour of a ``w:color`` (val, themeColor, themeShade, themeTint): a theme
        colour wins over the cached ``w:val``; "auto" for automatic."""
        if not value:
            return "auto"
        val, theme_color, shade, tint = value
        if theme_color:
            slot = _THEME_SLOTS.get(theme_color, theme_color)
            rgb = self.colors.get(slot)
            if rgb:
                return shade_tint(rgb, shade, tint)
        rgb = _hex(val)
        return rgb if rgb else "auto"


class _Style:
    """One ``w:style``; its own run and paragraph properties are read on first use."""

    __slots__ = ("style_id", "kind", "element", "_based_on", "_rpr", "_ppr")

    def __init__(self, style_id: str, kind: str, element):
        self.style_id = style_id
        self.kind = kind
        self.element = element
        self._based_on = self._rpr = self._ppr = _UNSET

    @property
    def based_on(self) -> str | None:
        if self._based_on is _UNSET:
            based = _child(self.element, W + "basedOn")
            self._based_on = based.get(_VAL) if based is not None else None
        return self._based_on

    @property
    def rpr(self) -> dict:
        if self._rpr is _UNSET:
            self._rpr = _rpr_values(_child(self.element, _RPR))
        return self._rpr

    @property
    def ppr(self) -> dict:
        if self._ppr is _UNSET:
            self._ppr = _ppr_values(_child(self.element, _PPR))
        return self._ppr


_UNSET = object()
_DEFAULT_FLAGS = ("1", "true", "on")


class Formatting:
    """Effective formatting of one Word document. Styles are indexed once and each is read
    on first use; style chains, run property sets and paragraph property sets are merged
    once per distinct combination and cached; the theme and numbering are read only when
    something refers to them."""

    def __init__(self, docx_document):
        part = docx_document.part
        self.document = docx_document
        self._part = part
        styles_part = part._styles_part if hasattr(part, "_styles_part") else None
        styles_root = styles_part.element if styles_part is not None else None
        self._theme: Theme | None = None
        self._numbering: _NumberingLevels | None = None
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.default_rpr: dict = {}
        self.default_ppr: dict = {}
        if styles_root is not None:
            defaults = _child(styles_root, W + "docDefaults")
            if defaults is not None:
                self.default_rpr = _rpr_values(_grandchild(defaults, W + "rPrDefault", _RPR))
                self.default_ppr = _ppr_values(_grandchild(defaults, W + "pPrDefault", _PPR))
            styles = self.styles
            for st in styles_root.iterchildren(W + "style"):
                get = st.get
                sid = get(W + "styleId") or ""
                kind = get(W + "type") or "paragraph"
                styles[sid] = _Style(sid, kind, st)
                if get(W + "default") in _DEFAULT_FLAGS:
                    if kind == "paragraph":
                        self.default_paragraph = sid
                    elif kind == "character":
                        self.default_character = sid
        self._chain_cache: dict = {}
        self._base_cache: dict = {}
        self._props_cache: dict = {}
        self._ppr_cache: dict = {}
        self._para_cache: dict = {}
        self._format_cache: dict = {}
        # the same, keyed by the markup of the w:pPr / w:rPr (see markup_key):
        # a repeated formatting is found without interpreting its markup again
        self._raw_format: dict = {}
        self._raw_props: dict = {}

    @property
    def theme(self) -> Theme:
        if self._theme is None:
            self._theme = _theme_of(self._part)
        return self._theme

    @property
    def numbering(self) -> "_NumberingLevels":
        if self._numbering is None:
            self._numbering = _NumberingLevels(self._part)
        return self._numbering

    def _font(self, value) -> str | None:
        return self.theme.resolve(value) if isinstance(value, tuple) else value

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
        ppr = _child(p, _PPR)
        pstyle = _child(ppr, _PSTYLE) if ppr is not None else None
        sid = pstyle.get(_VAL) if pstyle is not None else None
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

    def _make_props(self, merged: dict) -> RunProps:
        color = merged.get("color")
        return RunProps(east_asian=self._font(merged.get("ea")), latin=self._font(merged.get("latin")),
                        size=merged.get("sz", DEFAULT_SIZE_HALF_POINTS) / 2, bold=bool(merged.get("b", False)),
                        color=self.theme.color(color) if color else "auto", underline=bool(merged.get("u", False)),
                        italic=bool(merged.get("i", False)))

    def run_props(self, pstyle: str | None, run, rpr=_UNSET) -> RunProps:
        """Effective properties of ``run`` in a paragraph of style ``pstyle`` (``rpr``: the
        run's ``w:rPr`` when the caller already has it)."""
        if rpr is _UNSET:
            rpr = _child(run, _RPR)
        if rpr is None:
            return self._props_of(pstyle, None, None)
        raw = (pstyle, markup_key(rpr, _RPR_SLOTS))
        props = self._raw_props.get(raw)
        if props is None:
            props = self._raw_props[raw] = self._props_of(pstyle, *_read_rpr(raw[1]))
        return props

    def _props_of(self, pstyle: str | None, rstyle: str | None, direct: dict | None) -> RunProps:
        """Run properties of a character style and direct values in a paragraph of ``pstyle``
        (once per distinct combination)."""
        key = (pstyle, None) if direct is None else (pstyle, rstyle, tuple(direct.items()))
        props = self._props_cache.get(key)
        if props is None:
            merged = dict(self._style_rpr(pstyle, rstyle))
            if direct:
                merged.update(direct)
            props = self._props_cache[key] = self._make_props(merged)
        return props

    def _base_ppr(self, pstyle: str | None, num) -> dict:
        """docDefaults, the style chain and the numbering level merged (cached)."""
        key = (pstyle, num)
        merged = self._ppr_cache.get(key)
        if merged is None:
            merged = dict(self.default_ppr)
            style = self._chain(pstyle, "ppr")
            merged.update(style)
            num = num or style.get("num")
            if num is not None:
                merged.update(self.numbering.ppr(num[0], num[1] if num[1] is not None else 0))
            self._ppr_cache[key] = merged
        return merged

    def _paragraph_format(self, ppr) -> tuple[str | None, dict]:
        """(effective paragraph style id, :class:`ParagraphLayout` fields) of a paragraph whose
        ``w:pPr`` is ``ppr``: worked out once per distinct style and direct formatting (the
        fields are shared, never changed)."""
        if ppr is None:
            sid, direct = None, {}
            raw = None
        else:
            raw = markup_key(ppr, _PPR_SLOTS, _PPR_NESTED)
            found = self._raw_format.get(raw)
            if found is not None:
                return found
            sid, direct = _read_ppr(raw)
        key = (sid, tuple(direct.items()))
        found = self._format_cache.get(key)
        if found is None:
            pstyle = sid if sid in self.styles else self.default_paragraph
            base = self._base_ppr(pstyle, direct.get("num"))
            found = self._format_cache[key] = (pstyle, _layout_fields({**base, **direct} if direct else base))
        if raw is not None:
            self._raw_format[raw] = found
        return found

    def style_props(self, style_id: str) -> RunProps:
        """The run properties of a paragraph of ``style_id`` without direct formatting."""
        return self._make_props(self._style_rpr(style_id, None))

    def style_layout(self, style_id: str) -> tuple[RunProps, ParagraphLayout]:
        """What a paragraph of ``style_id`` without direct formatting looks like."""
        props = self.style_props(style_id)
        layout = ParagraphLayout(element=None, style_id=style_id, **_layout_fields(self._base_ppr(style_id, None)))
        return props, layout

    # -- paragraphs ---------------------------------------------------------------------------
    def paragraph(self, p) -> ParagraphLayout:
        """Layout of one ``w:p`` (cached per element)."""
        cached = self._para_cache.get(p)
        if cached is not None:
            return cached
        ppr, runs = _paragraph_runs(p)
        pstyle, fields = self._paragraph_format(ppr)
        run_props = self.run_props
        layout = ParagraphLayout(
            element=p, style_id=pstyle,
            spans=[Span(text, run, run_props(pstyle, run, rpr), fld) for run, text, fld, rpr in runs], **fields)
        self._para_cache[p] = layout
        return layout


_SPACE_KEYS = ("before", "after", "beforeLines", "afterLines", "beforeAuto", "afterAuto")


def _layout_fields(props: dict) -> dict:
    """The :class:`ParagraphLayout` fields other than element, style and spans, from merged
    paragraph properties."""
    line = props.get("line")
    return {"alignment": props.get("jc", "left"), "line": line[0] if line else None,
            "line_rule": line[1] if line else "auto", "first_line": props.get("first"),
            "left": props.get("left"), "right": props.get("right"),
            "first_twips": props.get("first_twips") if props.get("first", ("",))[0] == "chars" else None,
            "snap_to_grid": props.get("snap", True),
            "borders": tuple(side for side in BORDER_SIDES if props.get("bdr:" + side)),
            "shading": props.get("shd"),
            "space": {k: props[k] for k in _SPACE_KEYS if k in props}}


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
            self._cache[key] = {k: v for k, v in values.items() if k in ("first", "first_twips", "left", "right")}
        return self._cache[key]


def _theme_of(part) -> Theme:
    for rel in part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            try:
                blob = rel.target_part.blob
            except (ValueError, AttributeError):
                return Theme(None)
            return _read_theme(blob)
    return Theme(None)


@lru_cache(maxsize=16)
def _read_theme(blob: bytes) -> Theme:
    """Documents made from one template share its theme part: each distinct one is read once."""
    try:
        root = etree.fromstring(theme_schemes(blob) or blob)
    except (etree.XMLSyntaxError, ValueError, AttributeError):
        root = None
    return Theme(root)


_THEME_ROOT = regexcache.compile(rb"<(?:([A-Za-z_][\w.-]*):)?theme\b[^>]*>")
_XML_DECLARED = regexcache.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']""")


def theme_schemes(blob: bytes) -> bytes | None:
    """The theme with only its colour and font schemes (the rest, mostly effect formats, is
    never read), or None when the markup is not the plain shape this expects (then the
    whole part is parsed). The first ``clrScheme`` and the first ``majorFont`` and
    ``minorFont`` of the part must be the ones kept."""
    declared = _XML_DECLARED.match(blob)
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    root = _THEME_ROOT.search(blob, 0, 4096)
    if root is None or root.group(1) is None:
        return None
    prefix = root.group(1)
    if b'xmlns:' + prefix + b'="' + A[1:-1].encode() + b'"' not in root.group(0):
        return None
    pieces = []
    for name in (b"clrScheme", b"fontScheme"):
        start = blob.find(b"<" + prefix + b":" + name, root.end())
        end = blob.find(b"</" + prefix + b":" + name + b">", start) if start >= 0 else -1
        if end < 0 or blob[start + len(prefix) + len(name) + 2:][:1] not in (b" ", b">", b"\t", b"\r", b"\n"):
            return None
        pieces.append((start, end + len(name) + len(prefix) + 4))
    (colours, _), (fonts, fonts_end) = pieces
    if (b"xmlns" in blob[root.end():max(colours, fonts)] or blob.find(b"clrScheme") != colours + len(prefix) + 2
            or not all(fonts < blob.find(tag) < fonts_end for tag in (b"majorFont", b"minorFont"))):
        return None
    close = b"</" + prefix + b":theme>"
    return b"".join([root.group(0), *(blob[a:b] for a, b in sorted(pieces)), close])


# -- visible runs -----------------------------------------------------------------------------
def visible_runs(p):
    """(run, visible text, field name or None) for each run of ``p`` a reader sees: tracked
    insertions kept, deletions dropped, field codes skipped, field results kept (marked
    ``"PAGE"`` for a page-number field; a PAGE field without a result gives an empty entry).
    Runs in text boxes anchored here are not included."""
    return [entry[:3] for entry in _visible_runs(p)]


def _visible_runs(p) -> list[tuple]:
    """:func:`visible_runs` entries with a fourth item: the run's ``w:rPr`` (None without one;
    for the entry of a PAGE field without a result, the field element's)."""
    return _paragraph_runs(p)[1]


def _paragraph_runs(p) -> tuple:
    """(first ``w:pPr`` child of ``p``, :func:`_visible_runs` entries) in one walk."""
    out: list = []
    stack: list[list] = []  # open complex fields: [instruction, in_result, result seen]
    ppr = _walk_runs(p, out, stack, None)
    return ppr, out


def _walk_runs(el, out, stack, simple_field):
    """Collect the visible runs under ``el``; returns the first ``w:pPr`` child of ``el``."""
    ppr = None
    for child in el.iterchildren():
        tag = child.tag
        if tag == _R:
            _run_text(child, out, stack, simple_field)
        elif tag == _PPR:
            if ppr is None:
                ppr = child
        elif tag in _CONTAINERS:
            _walk_runs(child, out, stack, simple_field)
        elif tag == _FLDSIMPLE:
            name = "PAGE" if _PAGE_FIELD.match(wattr(child, "instr") or "") else "field"
            before = len(out)
            _walk_runs(child, out, stack, name)
            if name == "PAGE" and len(out) == before:
                out.append((child, "", "PAGE", _child(child, _RPR)))
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _walk_runs(content, out, stack, simple_field)
    return ppr


def _run_text(r, out, stack, simple_field):
    if not stack and _plain_run(r, out, simple_field):
        return
    parts: list[str] = []
    current = _field_name(stack, simple_field) if stack else simple_field
    start = len(out)
    rpr = None
    for child in r.iterchildren():
        tag = child.tag
        if tag == _T:
            if not stack or stack[-1][1]:  # not inside a field code
                parts.append(child.text or "")
            continue
        if tag == _RPR:
            if rpr is None:
                rpr = child
                late = len(out)
            continue
        if tag == _FLDCHAR:
            kind = child.get(_FLDCHARTYPE)
            if parts:
                _flush(r, rpr, parts, current, out, stack)
            if kind == "begin":
                stack.append(["", False, False])
            elif kind == "separate" and stack:
                stack[-1][1] = True
            elif kind == "end" and stack:
                instr, _, seen = stack.pop()
                if not seen and _PAGE_FIELD.match(instr):
                    out.append((r, "", "PAGE", rpr))
            current = _field_name(stack, simple_field)
            continue
        if tag == _INSTR:
            if stack and not stack[-1][1]:
                stack[-1][0] += child.text or ""
            continue
        if stack and not stack[-1][1]:
            continue  # inside a field code
        if tag == _TAB:
            parts.append("\t")
        elif tag == _BR or tag == _CR:
            if child.get(_TYPE) != "page":
                parts.append("\n")
        elif tag == _NBH:
            parts.append("-")
        elif tag == _SYM:
            parts.append("\u25a1")
    if parts:
        _flush(r, rpr, parts, current, out, stack)
    if rpr is not None and late > start:  # entries made before a (misplaced) w:rPr was seen carry it too
        for i in range(start, late):
            entry = out[i]
            if entry[3] is None:
                out[i] = (entry[0], entry[1], entry[2], rpr)


def _plain_run(r, out, simple_field) -> bool:
    """The common run outside complex fields: an optional leading ``w:rPr`` and ``w:t``
    elements only. Its entry is added as :func:`_run_text` would add it; False (nothing
    added) for any other shape, which :func:`_run_text` then reads."""
    rpr = None
    texts = []
    for child in r.iterchildren():
        tag = child.tag
        if tag == _T:
            texts.append(child.text or "")
        elif tag == _RPR and rpr is None and not texts:
            rpr = child
        else:
            return False
    if texts:
        out.append((r, texts[0] if len(texts) == 1 else "".join(texts), simple_field, rpr))
    return True


def _flush(r, rpr, parts, current, out, stack) -> None:
    out.append((r, "".join(parts), current, rpr))
    if stack and stack[-1][1]:
        stack[-1][2] = True
    parts.clear()


_FLDCHARTYPE, _TYPE = W + "fldCharType", W + "type"


def _field_name(stack, simple_field):
    for instr, in_result, _ in reversed(stack):
        if in_result:
            return "PAGE" if _PAGE_FIELD.match(instr) else "field"
    return simple_field
