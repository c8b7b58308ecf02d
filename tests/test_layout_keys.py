"""Run and paragraph properties are read from the markup key (the tag and attributes of the
children a scan looks at, gathered in one pass) rather than from the elements again: the
values must be what reading the elements with ``find`` and ``get`` gives."""

from __future__ import annotations

import pytest
from conftest import DOCX_FIXTURES, HAVE_DOCX, NEED_SHARED
from lxml import etree

from checker.layout.formatting import (_FIRST_LINE, _LEFT, _NO_LINE, _OFF, _RIGHT, BORDER_SIDES, JC_NAMES,
                                       _scan_ppr, _scan_rpr, int_or_none)
from checker.read.document import load, parse

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _get(el, tag, attr="val"):
    child = el.find(W + tag)
    return None if child is None else child.get(W + attr)


def _plain_rpr(rpr) -> tuple:
    """(character style, direct values) of a ``w:rPr``, each child found with ``find``."""
    out = {}
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        for key, theme, name in (("ea", "eastAsiaTheme", "eastAsia"), ("latin", "asciiTheme", "ascii")):
            if fonts.get(W + theme):
                out[key] = ("theme", fonts.get(W + theme))
            elif fonts.get(W + name):
                out[key] = fonts.get(W + name)
    if rpr.find(W + "sz") is not None and int_or_none(_get(rpr, "sz")) is not None:
        out["sz"] = int_or_none(_get(rpr, "sz"))
    if rpr.find(W + "b") is not None:
        out["b"] = _get(rpr, "b") not in _OFF
    if rpr.find(W + "color") is not None:
        out["color"] = tuple(_get(rpr, "color", a) for a in ("val", "themeColor", "themeShade", "themeTint"))
    if rpr.find(W + "u") is not None:
        out["u"] = (_get(rpr, "u") or "single") not in _NO_LINE + ("0", "false", "off")
    if rpr.find(W + "i") is not None:
        out["i"] = _get(rpr, "i") not in _OFF
    return _get(rpr, "rStyle"), out


def _plain_first_line(get) -> tuple | None:
    found = [(unit, sign * int_or_none(get(attr))) for attr, unit, sign in _FIRST_LINE
             if int_or_none(get(attr)) is not None]
    return next((f for f in found if f[1]), found[0] if found else None)


def _plain_side(ind, names) -> tuple | None:
    found = None
    for chars_attr, twips_attr in names:
        chars, twips = int_or_none(ind.get(chars_attr)), int_or_none(ind.get(twips_attr))
        if chars:
            return "chars", chars
        if twips is not None:
            found = ("twips", twips)
        elif chars is not None and found is None:
            found = ("chars", 0)
    return found


def _plain_ppr(ppr) -> tuple:
    """(paragraph style, direct values) of a ``w:pPr``, each child found with ``find``."""
    out = {}
    if _get(ppr, "jc"):
        out["jc"] = JC_NAMES.get(_get(ppr, "jc"), _get(ppr, "jc"))
    spacing = ppr.find(W + "spacing")
    if spacing is not None:
        if int_or_none(spacing.get(W + "line")) is not None:
            out["line"] = (int_or_none(spacing.get(W + "line")), spacing.get(W + "lineRule") or "auto")
        for side in ("before", "after"):
            for attr in (side, side + "Lines"):
                if int_or_none(spacing.get(W + attr)) is not None:
                    out[attr] = int_or_none(spacing.get(W + attr))
            if spacing.get(W + side + "Autospacing") is not None:
                out[side + "Auto"] = spacing.get(W + side + "Autospacing") not in _OFF
    borders = ppr.find(W + "pBdr")
    if borders is not None:
        for side in borders:
            if isinstance(side.tag, str) and side.tag.startswith(W) and side.tag[len(W):] in BORDER_SIDES:
                out["bdr:" + side.tag[len(W):]] = (side.get(W + "val") or "none") not in _NO_LINE
    shading = ppr.find(W + "shd")
    if shading is not None:
        fill, pattern = (shading.get(W + "fill") or "auto").upper(), shading.get(W + "val") or "clear"
        out["shd"] = None if (fill in ("AUTO", "FFFFFF") and pattern in ("clear", "nil")) or pattern == "nil" \
            else (fill if pattern == "clear" else f"{pattern}:{fill}")
    ind = ppr.find(W + "ind")
    if ind is not None and len(ind.attrib):
        first = _plain_first_line(ind.get)
        if first is not None:
            out["first"] = first
            if first[0] == "chars":
                twips = _plain_first_line(lambda a: ind.get(a) if a in (W + "hanging", W + "firstLine") else None)
                out["first_twips"] = twips[1] if twips is not None else None
        for key, names in (("left", _LEFT), ("right", _RIGHT)):
            if _plain_side(ind, names) is not None:
                out[key] = _plain_side(ind, names)
    if ppr.find(W + "snapToGrid") is not None:
        out["snap"] = _get(ppr, "snapToGrid") not in _OFF
    num = ppr.find(W + "numPr")
    if num is not None:
        ilvl = _get(num, "ilvl")
        out["num"] = (_get(num, "numId"), int_or_none(ilvl) if num.find(W + "ilvl") is not None else None)
    return _get(ppr, "pStyle"), out


_SHAPES = f"""<w:body xmlns:w="{W[1:-1]}" xmlns:x="urn:other">
<w:p><w:pPr><w:jc w:val="center"/><w:jc w:val="right"/><w:pStyle w:val="A"/><!-- note --><w:pStyle w:val="B"/>
  <w:spacing w:line="560" w:lineRule="exact" w:before="0" w:afterLines="50" w:beforeAutospacing="off"/>
  <w:ind w:firstLineChars="200" w:firstLine="640" w:left="-10" w:rightChars="0" w:right="30"/>
  <w:numPr><w:ilvl w:val="1"/><!-- c --><w:numId w:val="3"/><w:numId w:val="4"/></w:numPr>
  <w:pBdr><w:top w:val="single"/><w:left/><x:top w:val="single"/><!-- c --><w:bar w:val="nil"/></w:pBdr>
  <w:shd w:val="pct10" w:fill="ff0000"/><w:snapToGrid/><w:snapToGrid w:val="0"/>
  <w:rPr><w:b/></w:rPr></w:pPr>
  <w:r><w:rPr><w:rFonts w:ascii="黑体" w:eastAsiaTheme="minorEastAsia" w:eastAsia="宋体" w:hint="eastAsia"/>
    <w:sz w:val="32"/><w:sz w:val="44"/><w:b w:val="false"/><w:rStyle w:val="C"/><w:color w:val="FF0000" w:themeColor="accent1"
    w:themeTint="99"/><w:u w:val="none"/><w:i w:val="1"/><x:b w:val="0"/><!-- c --></w:rPr></w:r>
  <w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:rFonts w:ascii="Arial"/><w:b/><w:u/><w:sz w:val="12.0"/></w:rPr></w:r>
  <w:r><w:rPr><w:rFonts/><w:sz/><w:color/><w:i w:val="off"/><w:u w:val="0"/><w:b x:val="0"/></w:rPr></w:r>
  <w:r><w:rPr/></w:r></w:p>
<w:p><w:pPr><w:ind/><w:spacing/><w:numPr/><w:pBdr/><w:shd w:val="nil"/><w:jc w:val=""/></w:pPr></w:p>
<w:p><w:pPr><w:ind w:hanging="420" w:firstLineChars="0" w:startChars="150" w:start="300" w:endChars="0"/>
  <w:numPr><w:numId w:val="0"/></w:numPr><w:spacing w:after="abc" w:afterAutospacing="1" w:lineRule="auto"/>
  <w:shd w:fill="FFFFFF"/></w:pPr></w:p>
<w:p><w:pPr><w:ind w:firstLine="0" w:hangingChars="100" w:hanging="0"/><w:shd w:val="clear" w:fill="D9D9D9"/></w:pPr></w:p>
</w:body>"""


def _compare(root) -> int:
    count = 0
    for rpr in root.iter(W + "rPr"):
        assert _scan_rpr(rpr) == _plain_rpr(rpr), etree.tostring(rpr)[:300]
        count += 1
    for ppr in root.iter(W + "pPr"):
        assert _scan_ppr(ppr) == _plain_ppr(ppr), etree.tostring(ppr)[:300]
        count += 1
    return count


def test_properties_read_from_the_key_are_what_find_and_get_read():
    root = etree.fromstring(_SHAPES)
    assert _compare(root) == 9
    style, values = _scan_rpr(next(root.iter(W + "r")).find(W + "rPr"))
    assert style == "C" and values["ea"] == ("theme", "minorEastAsia") and values["sz"] == 32
    assert values["b"] is False and values["u"] is False and values["i"] is True
    style, values = _scan_ppr(next(root.iter(W + "pPr")))
    assert style == "A" and values["jc"] == "center" and values["num"] == ("3", 1) and values["snap"] is True
    assert values["bdr:top"] and not values["bdr:left"] and not values["bdr:bar"] and values["shd"] == "pct10:FF0000"


@pytest.mark.skipif(not HAVE_DOCX, reason=NEED_SHARED)
def test_real_files_properties_read_from_the_key_are_what_find_and_get_read():
    compared = 0
    for path in sorted(DOCX_FIXTURES.glob("*.do[ct]x")):
        package = parse(load(path)).parts
        for root in (package.element.body, package.part._styles_part.element if package.part._styles_part is not None
                     else None, *package.related_of_type("footer")):
            if root is not None:
                compared += _compare(root)
    assert compared > 1000
