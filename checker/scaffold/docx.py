"""Write report blocks into a copy of the reference ``.docx`` (styles, page setup, footers).

Like pandoc's reference-doc: the look comes from the reference file — its styles, numbering,
section properties, headers and footers are kept, its body is replaced, and everything that is
not look (template links, comments, objects, custom data) is dropped (:mod:`.sanitize`). Styles the blocks need but a
user's reference lacks are copied from the shipped ``templates/reference.docx``.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
from pathlib import Path

from checker.errors import InputError, UsageError
from checker.resources import templates_dir
from checker.scaffold.facts import PLACEHOLDER
from checker.scaffold.markup import Paragraph, Table
from checker.scaffold.sanitize import keep_look_only

ROLE_STYLES = {"title": "Title", "body": "Normal", "signature": "Signature", "date": "Date"}
HEADING_STYLES = {1: "heading 1", 2: "heading 2", 3: "heading 3", 4: "heading 4"}
TABLE_STYLE = "Table Grid"
TABLE_HEADING = "Table Heading"
TABLE_TEXT = "Table Text"
REFERENCE_NAME = "reference.docx"


def shipped_reference() -> Path:
    return templates_dir() / REFERENCE_NAME


def open_reference(path: Path | None):
    """python-docx Document of the reference file (shipped one when ``path`` is None)."""
    from checker.read.docx import open_docx
    from checker.read.limits import MAX_DOCX_BYTES, read_capped

    path = Path(path) if path is not None else shipped_reference()
    if path.is_dir():
        raise InputError(path, "这是一个文件夹，不是参考 .docx 文件")
    if path.suffix.lower() not in (".docx", ".dotx", ".docm", ".dotm"):
        raise InputError(path, "参考文档应是 .docx 或 .dotx 文件")
    try:
        data = read_capped(path, MAX_DOCX_BYTES, "参考文档")
    except FileNotFoundError:
        raise InputError(path, "文件不存在") from None
    except OSError as exc:
        raise InputError(path, f"无法读取（{exc.strerror or exc}）") from None
    return open_docx(path, data)


def _style_names(document) -> dict[str, object]:
    from docx.oxml.ns import qn

    names = {}
    for el in document.styles.element.findall(qn("w:style")):
        name = el.find(qn("w:name"))
        value = name.get(qn("w:val")) if name is not None else el.get(qn("w:styleId"))
        names[(value or "").lower()] = el
    return names


def ensure_styles(document, needed: set[str]) -> list[str]:
    """Copy styles missing from ``document`` out of the shipped reference; return their names."""
    from docx.oxml.ns import qn

    have = _style_names(document)
    missing = [name for name in sorted(needed) if name.lower() not in have]
    if not missing:
        return []
    shipped = _style_names(open_reference(None))
    ids = {el.get(qn("w:styleId")) for el in document.styles.element.findall(qn("w:style"))}
    queue = list(missing)
    added = []
    while queue:
        name = queue.pop(0)
        if name.lower() in have or name.lower() not in shipped:
            continue
        el = copy.deepcopy(shipped[name.lower()])
        for tag in ("w:link", "w:rsid"):
            child = el.find(qn(tag))
            if child is not None:
                el.remove(child)
        style_id = el.get(qn("w:styleId"))
        if style_id in ids:
            style_id = f"Fazhi{style_id}"
            el.set(qn("w:styleId"), style_id)
        ids.add(style_id)
        document.styles.element.append(el)
        have[name.lower()] = el
        added.append(name)
        based = el.find(qn("w:basedOn"))
        if based is not None:
            base_id = based.get(qn("w:val"))
            base_name = next((n for n, e in shipped.items() if e.get(qn("w:styleId")) == base_id), None)
            if base_name and base_name not in have:
                queue.append(base_name)
            elif base_name:
                based.set(qn("w:val"), have[base_name].get(qn("w:styleId")))
    return added


def _clear_body(document) -> None:
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _style_id(document, name: str) -> str:
    from docx.oxml.ns import qn

    return _style_names(document)[name.lower()].get(qn("w:styleId"))


def _add_runs(paragraph, text: str) -> None:
    """Text as runs; each 【请填写：……】 placeholder gets a run of its own."""
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos:m.start()])
        paragraph.add_run(m.group(0))
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _numbered_styles(document) -> set[str]:
    """Ids of paragraph styles whose basedOn chain switches on automatic numbering."""
    from docx.oxml.ns import qn

    by_id = {el.get(qn("w:styleId")): el for el in document.styles.element.findall(qn("w:style"))}
    numbered = set()
    for style_id in by_id:
        seen, current = set(), style_id
        while current in by_id and current not in seen:
            seen.add(current)
            el = by_id[current]
            num = el.find(qn("w:pPr") + "/" + qn("w:numPr") + "/" + qn("w:numId"))
            if num is not None:
                if num.get(qn("w:val")) not in (None, "0"):
                    numbered.add(style_id)
                break
            based = el.find(qn("w:basedOn"))
            current = based.get(qn("w:val")) if based is not None else None
    return numbered


def _add_paragraph(document, container, style_id: str, text: str, numbered: set[str]):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = container.add_paragraph()
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style_id}"/>'))
    if style_id in numbered:  # the numbering is typed in the text: switch the style's list off
        ppr.insert(1, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))
    _add_runs(paragraph, text)
    return paragraph


def _add_table(document, table: Table, ids: dict[str, str]) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    rows, cols = len(table.rows), len(table.rows[0])
    grid = document.add_table(rows=rows, cols=cols)
    if TABLE_STYLE.lower() in _style_names(document):
        grid.style = document.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]._tr.get_or_add_trPr()
    header.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            cell = grid.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            ppr = paragraph._p.get_or_add_pPr()
            style = ids[TABLE_HEADING] if r == 0 else ids[TABLE_TEXT]
            ppr.insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))
            _add_runs(paragraph, text)
    tbl_pr = grid._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = parse_xml(f'<w:tblW {nsdecls("w")}/>')
        tbl_pr.append(width)
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")


def _needed_styles(blocks) -> set[str]:
    needed = set()
    for block in blocks:
        if isinstance(block, Table):
            needed |= {TABLE_HEADING, TABLE_TEXT}
        elif block.role == "heading":
            needed.add(HEADING_STYLES[block.level])
        else:
            needed.add(ROLE_STYLES[block.role])
    return needed


def _core(document, title: str, author: str) -> None:
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    core = document.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.comments = ""
    core.subject = "法治政府建设年度报告"
    core.keywords = ""
    core.category = ""
    core.revision = 1
    core.created = now
    core.modified = now


def build_docx(blocks: list[Paragraph | Table], reference: Path | None, title: str, author: str) -> tuple[bytes, list[str]]:
    """The .docx bytes for ``blocks`` and Chinese notes (styles copied into a user reference)."""
    document = open_reference(reference)
    added = ensure_styles(document, _needed_styles(blocks))
    notes = []
    if added and reference is not None:
        notes.append(f"{reference}：缺少样式 {'、'.join(added)}，已使用内置样式")
    missing = [n for n in _needed_styles(blocks) if n.lower() not in _style_names(document)]
    if missing:
        raise UsageError(f"无法得到样式：{'、'.join(sorted(missing))}")
    ids = {name: _style_id(document, name) for name in _needed_styles(blocks)}
    numbered = _numbered_styles(document)
    _clear_body(document)
    keep_look_only(document)  # styles, page setup, headers/footers, numbering: nothing else
    previous = None  # (role, paragraph) of the block just written
    for block in blocks:
        if isinstance(block, Table):
            _add_table(document, block, ids)
            previous = None
            continue
        style = HEADING_STYLES[block.level] if block.role == "heading" else ROLE_STYLES[block.role]
        paragraph = _add_paragraph(document, document, ids[style], block.text, numbered)
        if block.role == "title" and previous is not None and previous[0] == "title":
            # a title over two lines: the space after the title belongs below its last line only
            # (w:contextualSpacing in the style says so too, but not every program honours it)
            from docx.shared import Pt

            previous[1].paragraph_format.space_after = Pt(0)
        previous = (block.role, paragraph)
    _core(document, title, author)
    from checker.layout.schema import normalize_package

    normalize_package(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), notes


__all__ = ["build_docx", "open_reference", "shipped_reference", "ensure_styles", "ROLE_STYLES", "HEADING_STYLES"]
