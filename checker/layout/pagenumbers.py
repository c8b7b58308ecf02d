"""Page numbers into the footers of every section without losing what the footers hold.

- A footer part of a section gets the page-number paragraph once: a paragraph that is only a
  page number (a PAGE field between dashes and spaces, framed or not), or that anchors a text
  box holding only a page number, is rebuilt in place; a footer without a page number gets one
  appended after its content; a page number that shares its paragraph with other words keeps
  them and only gets the size and font.
- A section that inherits its footer from the section before is left inheriting.
- When odd and even pages are told apart to place the numbers outside, every section that has
  a footer of its own gets an even-page footer: a copy of its footer's content (pictures and
  their relationships included) with the even-page number; headers of even pages follow the
  default header, so nothing else changes on even pages.
"""

from __future__ import annotations

import copy

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.parts.hdrftr import FooterPart
from lxml import etree

from checker.layout.schema import insert_child
from checker.layout.sections import section_elements
from checker.layout.stories import in_text_box, is_page_number_box, is_page_number_only
from checker.read.ooxml import W

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_ID = "{%s}id" % R_NS
_R_ATTRS = tuple("{%s}%s" % (R_NS, a) for a in ("id", "embed", "link", "pict", "dm", "lo", "qs", "cs"))


def footer_part(document_part, sect, kind: str):
    """The footer part a ``w:sectPr`` names for ``kind`` (default | even | first), or None."""
    for ref in sect.findall(W + "footerReference"):
        if (ref.get(W + "type") or "default") == kind:
            return document_part.related_parts.get(ref.get(R_ID)) if ref.get(R_ID) else None
    return None


def dangling_references(document_part, body) -> list[str]:
    """Header and footer references whose relationship is missing or not a part."""
    bad = []
    for sect in section_elements(body):
        for tag in ("headerReference", "footerReference"):
            for ref in sect.findall(W + tag):
                rid = ref.get(R_ID)
                rel = document_part.rels.get(rid) if rid else None
                if rel is None or rel.is_external:
                    bad.append(f"{'页眉' if tag == 'headerReference' else '页脚'}（{rid or '无编号'}）")
    return bad


def _new_footer(document_part, sect, kind: str):
    """A new, empty footer part referenced by ``sect`` for ``kind``."""
    package = document_part.package
    partname = package.next_partname("/word/footer%d.xml")
    xml = (f'<w:ftr xmlns:w="{W[1:-1]}" xmlns:r="{R_NS}"/>').encode("utf-8")
    part = FooterPart.load(PackURI(partname), "application/vnd.openxmlformats-officedocument."
                           "wordprocessingml.footer+xml", xml, package)
    rid = document_part.relate_to(part, RT.FOOTER)
    ref = etree.SubElement(sect, W + "footerReference")
    sect.remove(ref)
    ref.set(W + "type", kind)
    ref.set(R_ID, rid)
    insert_child(sect, ref)
    return part


def copy_content(source_part, target_part) -> None:
    """Append ``source_part``'s content (page-number-only paragraphs left out) to
    ``target_part``, relationships of pictures and links carried over."""
    root = target_part.element
    for child in source_part.element:
        if child.tag == W + "p" and is_page_number_only(child):
            continue
        clone = copy.deepcopy(child)
        for el in clone.iter():
            for attr in _R_ATTRS:
                rid = el.get(attr)
                if not rid or rid not in source_part.rels:
                    continue
                rel = source_part.rels[rid]
                if rel.is_external:
                    new = target_part.relate_to(rel.target_ref, rel.reltype, is_external=True)
                else:
                    new = target_part.relate_to(rel.target_part, rel.reltype)
                el.set(attr, new)
        root.append(clone)


def place(part, paragraph) -> str:
    """Put ``paragraph`` (a page number) into footer ``part``: rebuild a page-number-only
    paragraph, or append when there is no page number. Returns what was done: "rebuilt",
    "added" or "kept" (a page number mixed with other text, or in a text box)."""
    root = part.element
    for p in list(root.iter(W + "p")):  # also inside content controls (Word's page-number gallery)
        # a page number alone in its paragraph (a frame too), or a text box holding only one
        if (is_page_number_only(p) and not in_text_box(p)) or is_page_number_box(p):
            p.addprevious(paragraph)
            p.getparent().remove(p)
            return "rebuilt"
    mixed = [p for p in root.iter(W + "p") if _has_page_field(p)]
    if mixed:  # the number shares its line with words: only its size and font are set
        rpr = paragraph.find(f"{W}r/{W}rPr")
        for p in mixed:
            for run in p.iter(W + "r"):
                _restyle(run, rpr)
        return "kept"
    last = root[-1] if len(root) else None
    if last is not None and last.tag == W + "p" and not "".join(last.itertext()).strip() \
            and last.find(f".//{W}drawing") is None and last.find(f".//{W}pict") is None:
        last.addprevious(paragraph)  # an empty closing paragraph: the number takes its place
        root.remove(last)
    else:
        root.append(paragraph)
    return "added"


def _restyle(run, model_rpr) -> None:
    """Give ``run`` the font and size of ``model_rpr`` (other properties stay)."""
    if model_rpr is None:
        return
    from checker.layout.edit import get_or_add, rpr_of

    rpr = rpr_of(run)
    for name in ("rFonts", "sz", "szCs"):
        model = model_rpr.find(W + name)
        if model is None:
            continue
        el = get_or_add(rpr, name)
        for key, value in model.attrib.items():
            el.set(key, value)
        if name == "rFonts":
            for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):
                el.attrib.pop(W + theme, None)


def _has_page_field(p) -> bool:
    from checker.layout.formatting import visible_runs

    return any(field == "PAGE" for _, _, field in visible_runs(p))


def number_footers(doc, make_paragraph, odd_align: str, even_align: str | None, copy_even: bool) -> dict:
    """Page numbers in every section's footers. ``make_paragraph(alignment)`` builds one;
    ``even_align`` None: odd and even pages share the default footer. ``copy_even``: even
    pages showed the default footer until now (odd/even was just switched on), so a new
    even footer starts as a copy of the default one. Returns counts of what was done."""
    document_part = doc.part
    done = {"rebuilt": 0, "added": 0, "kept": 0, "created": 0}
    placed: dict = {}  # footer part -> the alignment its page number got
    sects = section_elements(doc.element.body)
    for n, sect in enumerate(sects):
        kinds = [("default", odd_align)] + ([("even", even_align)] if even_align else [])
        for kind, align in kinds:
            part = footer_part(document_part, sect, kind)
            default = footer_part(document_part, sect, "default")
            if part is None:
                if n > 0 and not (kind == "even" and default is not None):
                    continue  # inherits from the section before
                part = _new_footer(document_part, sect, kind)
                done["created"] += 1
                if kind == "even" and copy_even and default is not None:
                    copy_content(default, part)
            elif part in placed:
                if placed[part] == align:
                    continue  # a part shared by several sections: numbered once
                shared = part  # shared by odd and even pages: even pages get a copy of their own
                _unreference(sect, kind)
                part = _new_footer(document_part, sect, kind)
                done["created"] += 1
                copy_content(shared, part)
            done[place(part, make_paragraph(align))] += 1
            placed[part] = align
    return done


def _unreference(sect, kind: str) -> None:
    for ref in sect.findall(W + "footerReference"):
        if (ref.get(W + "type") or "default") == kind:
            sect.remove(ref)


__all__ = ["number_footers", "dangling_references", "footer_part", "copy_content", "place"]
