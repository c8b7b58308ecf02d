"""Child order of WordprocessingML containers (ECMA-376 Part 1, the sequences of the schema).

Word is strict about the order of children in property containers: a ``w:pPr`` after the runs
of its paragraph, or a ``w:sz`` before ``w:rFonts``, is ignored by LibreOffice and may make Word
call the file damaged. Everything the layout repair, the skeleton writer and the annotator add
goes through :func:`insert_child`; :func:`normalize` puts the children of every known container
of a part in schema order (elements of other namespaces, such as ``w14:``, travel with the
element before them); :func:`order_problems` lists what is out of order (used by the tests).
"""

from __future__ import annotations

from lxml import etree

from checker.read.ooxml import W


def _seq(text: str) -> tuple[str, ...]:
    return tuple(text.split())


RPR_BASE = _seq("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
                "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
                "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath")
# 17.3.1.26 pPr; its rPr is the paragraph mark's (17.3.1.29), whose tracked-change marks come first
PPR_ORDER = _seq("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
                 "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
                 "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
                 "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange")
RPR_ORDER = RPR_BASE + ("rPrChange",)
PARA_RPR_ORDER = ("ins", "del", "moveFrom", "moveTo") + RPR_ORDER
SECTPR_ORDER = _seq("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
                    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
                    "docGrid printerSettings sectPrChange")
STYLE_ORDER = _seq("name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
                   "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr")
PBDR_ORDER = _seq("top left bottom right between bar")
STYLES_ORDER = _seq("docDefaults latentStyles style")
DOC_DEFAULTS_ORDER = _seq("rPrDefault pPrDefault")
LVL_ORDER = _seq("start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr")
TBLPR_ORDER = _seq("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
                   "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription "
                   "tblPrChange")
TCPR_ORDER = _seq("cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
                  "hideMark headers cellIns cellDel cellMerge tcPrChange")
SETTINGS_ORDER = _seq(
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
    "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
    "stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting "
    "documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
    "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
    "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
    "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
    "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly "
    "useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults "
    "footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator")

# container -> its children's sequence; for the paragraph-mark rPr see _sequence_of
SEQUENCES = {
    "pPr": PPR_ORDER, "rPr": RPR_ORDER, "sectPr": SECTPR_ORDER, "style": STYLE_ORDER, "pBdr": PBDR_ORDER,
    "styles": STYLES_ORDER, "docDefaults": DOC_DEFAULTS_ORDER, "lvl": LVL_ORDER, "tblPr": TBLPR_ORDER,
    "tcPr": TCPR_ORDER, "settings": SETTINGS_ORDER,
}
# containers whose listed children come first, in this order; the rest keeps its order
LEADING = {"p": ("pPr",), "r": ("rPr",), "tbl": ("tblPr", "tblGrid"), "tc": ("tcPr",), "tr": ("tblPrEx", "trPr")}
# the settings part mixes namespaces (m:mathPr, sl:schemaLibrary): ranked by local name
_MIXED = {"settings"}


def local(el) -> str | None:
    """Local name of a ``w:`` element (None for other namespaces, comments, processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith(W):
        return None
    return tag[len(W):]


def _any_local(el) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1]


def _sequence_of(parent) -> tuple | None:
    name = local(parent)
    if name == "rPr":
        owner = parent.getparent()
        if owner is not None and local(owner) == "pPr":
            return PARA_RPR_ORDER
    return SEQUENCES.get(name) if name else None


# members of one xsd:choice share a rank (header and footer references may interleave)
_SAME_RANK = {"footerReference": "headerReference"}


def _rank_table(order) -> dict:
    table = {name: i for i, name in enumerate(order)}
    for name, same in _SAME_RANK.items():
        if name in table and same in table:
            table[name] = table[same]
    return table


_RANKS: dict = {}


def _ranks(order) -> dict:
    table = _RANKS.get(order)
    if table is None:
        table = _RANKS[order] = _rank_table(order)
    return table


def insert_child(parent, child, order=None):
    """Insert ``child`` into ``parent`` at its schema position (before the first sibling that
    must follow it; appended when none does) and return it. ``order`` defaults to the
    parent's own sequence."""
    order = order or _sequence_of(parent)
    name = local(child)
    if order is None:  # a container with leading children only (w:p, w:r, w:tc …)
        lead = LEADING.get(local(parent) or "", ())
        if name in lead:
            position = 0
            for i, sibling in enumerate(parent):
                if local(sibling) in lead and lead.index(local(sibling)) < lead.index(name):
                    position = i + 1
            parent.insert(position, child)
        else:
            parent.append(child)
        return child
    ranks = _ranks(order)
    rank = ranks.get(name, len(order))
    for i, sibling in enumerate(parent):
        other = ranks.get(local(sibling) if local(parent) not in _MIXED else _any_local(sibling))
        if other is not None and other > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _key_list(parent, order) -> list:
    ranks = _ranks(order)
    mixed = local(parent) in _MIXED
    keys, last = [], -1
    for child in parent:
        name = _any_local(child) if mixed else local(child)
        rank = ranks.get(name) if name is not None else None
        if rank is None:
            keys.append(last)  # travels with the element before it
        else:
            keys.append(rank)
            last = rank
    return keys


def _normalize_one(parent) -> bool:
    name = local(parent)
    order = _sequence_of(parent)
    children = list(parent)
    if order is not None:
        keys = _key_list(parent, order)
        if all(a <= b for a, b in zip(keys, keys[1:])):
            return False
        ordered = [c for _, _, c in sorted(zip(keys, range(len(children)), children), key=lambda t: (t[0], t[1]))]
    else:
        lead = LEADING.get(name or "")
        if not lead:
            return False
        front = [c for name_ in lead for c in children if local(c) == name_]
        if children[:len(front)] == front:
            return False
        ordered = front + [c for c in children if c not in front]
    for child in children:
        parent.remove(child)
    parent.extend(ordered)
    return True


_CONTAINERS = tuple(W + n for n in set(SEQUENCES) | set(LEADING))


def normalize(root) -> int:
    """Put the children of every known container under ``root`` (itself included) in schema
    order; returns how many containers were reordered. Text and attributes are untouched."""
    fixed = 0
    for el in list(root.iter(*_CONTAINERS)):
        if _normalize_one(el):
            fixed += 1
    return fixed


def order_problems(root, part: str = "") -> list[str]:
    """Every container under ``root`` whose children break the schema order, described."""
    problems = []
    for el in root.iter(*_CONTAINERS):
        name = local(el)
        order = _sequence_of(el)
        children = list(el)
        if order is not None:
            keys = _key_list(el, order)
            for (a, ca), (b, cb) in zip(zip(keys, children), zip(keys[1:], children[1:])):
                if a > b:
                    problems.append(f"{part}: w:{name} has {_any_local(cb)} after {_any_local(ca)} "
                                    f"(line {el.sourceline})")
                    break
        else:
            lead = LEADING[name]
            seen_other = False
            expected = 0
            for child in children:
                cname = local(child)
                if cname in lead:
                    if seen_other or lead.index(cname) < expected:
                        problems.append(f"{part}: w:{cname} is not first in w:{name} (line {el.sourceline})")
                        break
                    expected = lead.index(cname)
                elif isinstance(child.tag, str):
                    seen_other = True
    return problems


def package_order_problems(data: bytes) -> list[str]:
    """:func:`order_problems` over every WordprocessingML part of a .docx package."""
    import io
    import zipfile

    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            try:
                root = etree.fromstring(zf.read(name))
            except etree.XMLSyntaxError:
                problems.append(f"{name}: not well-formed")
                continue
            problems.extend(order_problems(root, name))
    return problems




def normalize_package(docx_document) -> int:
    """:func:`normalize` on every parsed XML part of a python-docx document (document,
    styles, settings, numbering, headers, footers, comments); parts kept as raw bytes are
    left as they are (nothing writes to them)."""
    fixed = 0
    for part in docx_document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None and isinstance(element.tag, str) and element.tag.startswith(W):
            fixed += normalize(element)
    return fixed


__all__ = ["PPR_ORDER", "RPR_ORDER", "PARA_RPR_ORDER", "SECTPR_ORDER", "STYLE_ORDER", "PBDR_ORDER",
           "insert_child", "normalize", "normalize_package", "order_problems", "package_order_problems", "local"]
