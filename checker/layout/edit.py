"""Low-level OOXML edits for the layout repair: properties in schema order, run splitting,
page-number paragraphs. Nothing here changes a character of text."""

from __future__ import annotations

import copy

from lxml import etree

from checker.layout.schema import PBDR_ORDER, PPR_ORDER, RPR_ORDER, SECTPR_ORDER, STYLE_ORDER, insert_child
from checker.read.ooxml import W, W_NS

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def get_or_add(parent, name: str, order=None) -> etree._Element:
    """Child ``w:name`` of ``parent``, created at its schema position if missing."""
    found = parent.find(W + name)
    if found is not None:
        return found
    el = etree.SubElement(parent, W + name)  # takes the parent's namespace prefixes
    parent.remove(el)
    return insert_child(parent, el, order)


def set_attrs(el, **values) -> None:
    """Set ``w:`` attributes; a value of None removes the attribute."""
    for name, value in values.items():
        key = W + name
        if value is None:
            if key in el.attrib:
                del el.attrib[key]
        else:
            el.set(key, str(value))


def ppr_of(p):
    """The paragraph's ``w:pPr`` (created as its first child)."""
    return get_or_add(p, "pPr")


def rpr_of(r):
    """The run's ``w:rPr`` (created as its first child)."""
    return get_or_add(r, "rPr")


def style_child(style, name: str):
    return get_or_add(style, name, STYLE_ORDER)


def set_east_asian(rpr, font: str) -> None:
    fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
    set_attrs(fonts, eastAsia=font, eastAsiaTheme=None)


def set_latin(rpr, font: str) -> None:
    fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
    set_attrs(fonts, ascii=font, hAnsi=font, asciiTheme=None, hAnsiTheme=None)


def set_size(rpr, points: float) -> None:
    half = str(int(round(points * 2)))
    get_or_add(rpr, "sz", RPR_ORDER).set(W + "val", half)
    get_or_add(rpr, "szCs", RPR_ORDER).set(W + "val", half)


def set_bold(rpr, bold: bool) -> None:
    for name in ("b", "bCs"):
        el = get_or_add(rpr, name, RPR_ORDER)
        set_attrs(el, val=None if bold else "0")


def set_flag(rpr, name: str, on: bool) -> None:
    """A toggle property (``b``, ``i``) and its complex-script twin, set on or off."""
    for tag in (name, name + "Cs"):
        set_attrs(get_or_add(rpr, tag, RPR_ORDER), val=None if on else "0")


def set_underline(rpr, on: bool) -> None:
    set_attrs(get_or_add(rpr, "u", RPR_ORDER), val="single" if on else "none", color=None,
              themeColor=None, themeShade=None, themeTint=None)


def set_color(rpr, rgb: str) -> None:
    """A plain colour (``auto`` or RRGGBB); theme colour references are removed, since a
    theme colour would win over the value."""
    set_attrs(get_or_add(rpr, "color", RPR_ORDER), val=rgb, themeColor=None, themeShade=None, themeTint=None)


def set_space(ppr, before: bool = True, after: bool = True) -> None:
    """No space before and/or after the paragraph: the twips, line-unit and automatic forms
    are all set, since line units and automatic spacing override twips."""
    spacing = get_or_add(ppr, "spacing", PPR_ORDER)
    for side, wanted in (("before", before), ("after", after)):
        if wanted:
            set_attrs(spacing, **{side: 0, side + "Lines": 0, side + "Autospacing": 0})


def clear_borders(ppr, sides) -> None:
    """Switch off paragraph border ``sides`` here (``nil`` overrides a border a style draws)."""
    if not sides:
        return
    borders = get_or_add(ppr, "pBdr", PPR_ORDER)
    for side in sides:
        el = get_or_add(borders, side, PBDR_ORDER)
        for key in list(el.attrib):
            del el.attrib[key]
        el.set(W + "val", "nil")


def clear_shading(ppr) -> None:
    set_attrs(get_or_add(ppr, "shd", PPR_ORDER), val="clear", color="auto", fill="auto",
              themeFill=None, themeFillShade=None, themeFillTint=None, themeColor=None)


def set_alignment(ppr, alignment: str) -> None:
    value = {"justify": "both"}.get(alignment, alignment)
    get_or_add(ppr, "jc", PPR_ORDER).set(W + "val", value)


def set_line(ppr, twips: int, rule: str = "exact") -> None:
    spacing = get_or_add(ppr, "spacing", PPR_ORDER)
    set_attrs(spacing, line=twips, lineRule=rule)


def set_indent(ppr, *, first_chars=None, first_twips=None, left_twips=None, right_chars=None,
               right_twips=None) -> None:
    """First-line indent in characters (with the twips equivalent for older readers), left
    indent, right indent; hanging indents are removed when a first-line indent is set."""
    ind = get_or_add(ppr, "ind", PPR_ORDER)
    if first_chars is not None:
        set_attrs(ind, firstLineChars=int(round(first_chars * 100)), firstLine=int(first_twips or 0),
                  hanging=None, hangingChars=None)
    if left_twips is not None:
        set_attrs(ind, left=int(left_twips), leftChars=0, start=None, startChars=None)
    if right_chars is not None:
        set_attrs(ind, rightChars=int(round(right_chars * 100)), right=int(right_twips or 0), end=None, endChars=None)


# -- run splitting ----------------------------------------------------------------------------
_TEXT_LEN = {W + "tab": 1, W + "cr": 1, W + "noBreakHyphen": 1, W + "sym": 1}


def _content_length(child) -> int:
    tag = child.tag
    if tag == W + "t":
        return len(child.text or "")
    if tag == W + "br":
        return 0 if child.get(W + "type") == "page" else 1
    return _TEXT_LEN.get(tag, 0)


def splittable(r) -> bool:
    """A run without field characters (splitting inside a field would break it)."""
    return r.find(W + "fldChar") is None and r.find(W + "instrText") is None


def split_run(r, offset: int):
    """Split run ``r`` after ``offset`` characters of its visible text; returns the new
    second run (inserted right after ``r``), or None when there is nothing to split."""
    children = [c for c in r if c.tag != W + "rPr"]
    total = sum(_content_length(c) for c in children)
    if offset <= 0 or offset >= total:
        return None
    second = copy.deepcopy(r)
    second_children = [c for c in second if c.tag != W + "rPr"]
    pos = 0
    for i, child in enumerate(children):
        length = _content_length(child)
        if pos + length <= offset:
            second.remove(second_children[i])  # wholly in the first part
        elif pos >= offset:
            r.remove(child)  # wholly in the second part
        else:  # a w:t holding the boundary
            cut = offset - pos
            text = child.text or ""
            child.text = text[:cut]
            second_children[i].text = text[cut:]
            child.set(XML_SPACE, "preserve")
            second_children[i].set(XML_SPACE, "preserve")
        pos += length
    r.addnext(second)
    return second


# -- page-number paragraph ----------------------------------------------------------------------
def page_number_paragraph(template: str, *, size_pt: float, font: str | None, alignment: str,
                          side_indent_twips: int = 0, style_id: str | None = None):
    """A footer paragraph "— PAGE —" with a real PAGE field (begin / instrText / separate /
    result / end), every run at ``size_pt`` in ``font``."""
    before, _, after = template.partition("PAGE")
    p = etree.Element(W + "p", nsmap={"w": W_NS})
    ppr = etree.SubElement(p, W + "pPr")
    if style_id:
        etree.SubElement(ppr, W + "pStyle").set(W + "val", style_id)
    if alignment in ("right", "left") and side_indent_twips:
        ind = etree.SubElement(ppr, W + "ind")
        ind.set(W + ("right" if alignment == "right" else "left"), str(side_indent_twips))
    etree.SubElement(ppr, W + "jc").set(W + "val", {"justify": "both"}.get(alignment, alignment))

    def run():
        r = etree.SubElement(p, W + "r")
        rpr = etree.SubElement(r, W + "rPr")
        if font:
            set_attrs(etree.SubElement(rpr, W + "rFonts"), ascii=font, hAnsi=font, eastAsia=font, hint="eastAsia")
        half = str(int(round(size_pt * 2)))
        etree.SubElement(rpr, W + "sz").set(W + "val", half)
        etree.SubElement(rpr, W + "szCs").set(W + "val", half)
        return r

    def text(value):
        t = etree.SubElement(run(), W + "t")
        t.text = value
        t.set(XML_SPACE, "preserve")

    if before:
        text(before)
    etree.SubElement(run(), W + "fldChar").set(W + "fldCharType", "begin")
    instr = etree.SubElement(run(), W + "instrText")
    instr.text = " PAGE "
    instr.set(XML_SPACE, "preserve")
    etree.SubElement(run(), W + "fldChar").set(W + "fldCharType", "separate")
    text("1")
    etree.SubElement(run(), W + "fldChar").set(W + "fldCharType", "end")
    if after:
        text(after)
    return p
