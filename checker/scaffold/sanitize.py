"""What a new report takes from a reference .docx: its look, nothing else.

Kept: styles, numbering definitions, theme and fonts, page setup (``w:sectPr``), headers and
footers with their pictures, footnote separators. Dropped: the attached-template link (Word
would fetch it on open) and every other external link, mail-merge data sources, document
variables and protection, comments, footnotes with text, OLE objects, ``altChunk`` imports,
sub-documents, custom XML data, custom document properties, and every relationship nothing
refers to any more. Runs after the body has been cleared.
"""

from __future__ import annotations

from docx.oxml.ns import qn

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_R_ATTRS = tuple("{%s}%s" % (R_NS, a) for a in ("id", "embed", "link", "pict", "dm", "lo", "qs", "cs", "href"))
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# parts of the main document a new report keeps (the rest goes unless the body refers to it)
KEEP = {RT + t for t in ("styles", "numbering", "settings", "theme", "fontTable", "webSettings", "footnotes",
                         "endnotes", "header", "footer")} | {
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
# settings that tie the copy to the reference's world or lock it
SETTINGS_DROPPED = ("attachedTemplate", "linkStyles", "mailMerge", "docVars", "documentProtection",
                    "writeProtection", "trackRevisions", "removePersonalInformation", "attachedSchema")
CUSTOM_PROPERTIES = RT + "custom-properties"
_OBJECTS = (qn("w:object"), qn("w:altChunk"), qn("w:subDoc"))


def _referenced(element) -> set[str]:
    found = set()
    for el in element.iter():
        for attr in _R_ATTRS:
            value = el.get(attr)
            if value:
                found.add(value)
    return found


def _drop_unreferenced(part, keep_types=frozenset()) -> int:
    """Drop ``part``'s relationships its XML does not refer to (and external ones of any
    kind that are not hyperlinks still referred to); returns how many went."""
    used = _referenced(part.element)
    dropped = 0
    for rid, rel in list(part.rels.items()):
        if rel.reltype in keep_types and not rel.is_external:
            continue
        if rid in used and (not rel.is_external or rel.reltype == RT + "hyperlink"):
            continue
        part.rels.pop(rid)
        dropped += 1
    return dropped


def _strip_story(part) -> None:
    """Objects, imports and external links out of a header or footer; pictures stay."""
    root = part.element
    for el in list(root.iter(*_OBJECTS)):
        run = el.getparent()
        run.remove(el)
    for link in list(root.iter(qn("w:hyperlink"))):
        rid = link.get(qn("r:id"))
        rel = part.rels.get(rid) if rid else None
        if rel is not None and rel.is_external:  # keep the words, lose the link
            parent = link.getparent()
            index = parent.index(link)
            for child in list(link):
                parent.insert(index, child)
                index += 1
            parent.remove(link)
    for el in root.iter():
        link = el.get("{%s}link" % R_NS)
        if link and link in part.rels and part.rels[link].is_external:
            del el.attrib["{%s}link" % R_NS]  # a picture linked to a file elsewhere: embedded copy only
    _drop_unreferenced(part)


def _clear_notes(part) -> None:
    """Footnotes or endnotes without their text (the separators stay)."""
    from lxml import etree

    root = part.element if hasattr(part, "element") else None
    if root is None:
        try:
            root = etree.fromstring(part.blob)
        except (etree.XMLSyntaxError, ValueError):
            return
    for note in list(root):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        root.remove(note)
    if not hasattr(part, "element"):
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def keep_look_only(document) -> None:
    """Strip ``document`` (a reference whose body was cleared) down to its look."""
    main = document.part
    settings_part = main._settings_part
    settings = settings_part.element
    for name in SETTINGS_DROPPED:
        for el in settings.findall(qn(f"w:{name}")):
            settings.remove(el)
    _drop_unreferenced(settings_part)
    for rel in list(main.rels.values()):
        if rel.is_external:
            continue
        kind = rel.reltype
        if kind in (RT + "header", RT + "footer"):
            _strip_story(rel.target_part)
        elif kind in (RT + "footnotes", RT + "endnotes"):
            _clear_notes(rel.target_part)
    _drop_unreferenced(main, keep_types=KEEP)
    package_rels = main.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == CUSTOM_PROPERTIES or rel.reltype.endswith("/digital-signature/origin"):
            package_rels.pop(rid)


__all__ = ["keep_look_only"]
