"""Every story of a .docx (body, headers, footers, footnotes, endnotes, comments; text boxes
inside each) and a snapshot of what the layout repair must leave exactly as it was."""

from __future__ import annotations


from lxml import etree

from checker import regexcache
from checker.layout.formatting import visible_runs
from checker.read.docx import paragraph_text
from checker.read.ooxml import W

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STORY_TYPES = {RT + kind: kind for kind in ("header", "footer", "footnotes", "endnotes", "comments")}
_REVISION_TAGS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "commentRangeStart",
                  "commentRangeEnd", "commentReference", "delText", "footnoteReference", "endnoteReference")
# objects that carry content of their own: pictures, shapes, text boxes, embedded objects
_OBJECT_TAGS = (W + "drawing", W + "pict", W + "object", "{urn:schemas-microsoft-com:vml}shape",
                "{urn:schemas-microsoft-com:vml}imagedata", "{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
_DASHES = regexcache.compile(r"^[\s\-‐‑‒–—―－~～]*$")


def story_parts(docx_document) -> list[tuple[str, str, object]]:
    """(part name, kind, root element) of the main document and every story part it relates
    to, each once. Parts python-docx keeps as bytes are parsed (read-only copies)."""
    main = docx_document.part
    found = [(str(main.partname), "document", main.element)]
    seen = {str(main.partname)}
    for rel in list(main.rels.values()):
        kind = STORY_TYPES.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        try:
            part = rel.target_part
        except (KeyError, ValueError):
            continue
        name = str(part.partname)
        if name in seen:
            continue
        seen.add(name)
        root = getattr(part, "_element", None)
        if root is None:
            try:
                root = etree.fromstring(part.blob)
            except (etree.XMLSyntaxError, ValueError, TypeError):
                continue
        found.append((name, kind, root))
    return found


def is_page_number_only(p) -> bool:
    """A paragraph holding a PAGE field and nothing but dashes and spaces around it (what
    a page-number repair may rebuild without losing a character the writer typed)."""
    runs = visible_runs(p)
    if not any(field == "PAGE" for _, _, field in runs):
        return False
    if any(True for _ in p.iter(*_OBJECT_TAGS)):
        return False  # a picture or shape shares the paragraph: not the page number's alone
    text = "".join(t for _, t, field in runs if field != "PAGE")
    return bool(_DASHES.match(text)) and p.find(f".//{W}txbxContent") is None


def in_text_box(p) -> bool:
    node = p.getparent()
    while node is not None:
        if node.tag == _TXBX:
            return True
        node = node.getparent()
    return False


def is_page_number_box(p) -> bool:
    """A paragraph anchoring text boxes that hold nothing but a page number (WPS places page
    numbers so), with no text of its own besides dashes and spaces."""
    if in_text_box(p) or p.find(f".//{_TXBX}") is None:
        return False
    if not _DASHES.match("".join(t for _, t, _ in visible_runs(p))):
        return False
    inner = [q for q in p.iter(W + "p") if q is not p]
    if not any(is_page_number_only(q) for q in inner):
        return False
    return all(is_page_number_only(q) or not paragraph_text(q).strip() for q in inner)


_TXBX = W + "txbxContent"


def _story_snapshot(root, kind: str) -> tuple:
    paragraphs = list(root.iter(W + "p"))
    boxes = []
    if kind in ("footer", "header"):
        # a rebuilt page number (and the text box holding only it) is the one change a footer may see
        boxes = [p for p in paragraphs if is_page_number_box(p)]
        inside = {id(q) for b in boxes for q in b.iter(W + "p")}
        paragraphs = [p for p in paragraphs if not is_page_number_only(p) and id(p) not in inside]
    texts = tuple(paragraph_text(p) for p in paragraphs)
    if kind in ("footer", "header"):
        texts = tuple(t for t in texts if t.strip())  # an empty line the page number takes over
    deleted = "".join(t.text or "" for t in root.iter(W + "delText"))
    marks = tuple(sum(1 for _ in root.iter(W + tag)) for tag in _REVISION_TAGS)
    objects = sum(1 for _ in root.iter(*_OBJECT_TAGS)) - sum(1 for b in boxes for _ in b.iter(*_OBJECT_TAGS))
    return texts, deleted, marks, objects


def snapshot(docx_document) -> dict:
    """Part name -> (texts with tracked changes accepted, deleted text, revision and comment
    marks, pictures/shapes/objects) for every story. Footer and header paragraphs that are
    only a page number are left out: the repair may rebuild those."""
    return {name: (kind, _story_snapshot(root, kind)) for name, kind, root in story_parts(docx_document)}


def changed_stories(before: dict, after: dict) -> list[str]:
    """Names of stories that lost or changed content. A new footer or header may only hold
    what another one of its kind holds (a copy for even pages) or nothing."""
    changed = [name for name, value in before.items() if after.get(name) != value]
    for name, (kind, value) in after.items():
        if name in before:
            continue
        texts, deleted, marks, objects = value
        if kind not in ("header", "footer"):
            changed.append(name)
            continue
        if not any(texts) and not any(marks) and not objects:
            continue
        if not any(k == kind and v == value for k, v in before.values()):
            changed.append(name)
    return changed


__all__ = ["story_parts", "snapshot", "changed_stories", "is_page_number_only", "is_page_number_box", "in_text_box"]
