"""Inputs for the second round of hostile tests, each built from scratch in a test's
temporary folder: reports as text and .docx, macro-enabled packages, numbering that
starts absurdly high, comments with non-numeric ids, YAML bombs and huge numbers."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx

REPORT_LINES = [
    "某某市人民政府关于2024年法治政府建设情况的报告",
    "2024年，我市深入学习贯彻习近平法治思想，全面推进法治政府建设。现将有关情况报告如下。",
    "一、2024年推进法治政府建设的主要举措和成效",
    "（一）加强党的领导。市政府常务会议专题研究法治政府建设工作。",
    "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "主要负责人认真履行第一责任人职责。",
    "三、存在的不足和原因",
    "一是依法行政能力有待提高。",
    "四、2025年推进法治政府建设的主要安排",
    "我们将继续推进法治政府建设。",
    "某某市人民政府",
    "2025年3月20日",
]

MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_TEMPLATE_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
# the start of an OLE compound file, as a real vbaProject.bin has
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def report_text() -> str:
    return "\n".join(REPORT_LINES) + "\n"


def write_report_txt(path: Path) -> Path:
    path.write_text(report_text(), encoding="utf-8")
    return path


def report_docx_bytes(lines=None) -> bytes:
    document = docx.Document()
    for line in lines or REPORT_LINES:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_report_docx(path: Path, lines=None) -> Path:
    path.write_bytes(report_docx_bytes(lines))
    return path


def _rewrite(data: bytes, change) -> bytes:
    """A copy of the package with ``change(name, payload) -> payload | None`` applied;
    ``change`` may return extra parts under the key ``None`` call (see callers)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = change(info.filename, src.read(info.filename))
            if payload is not None:
                dst.writestr(info.filename, payload)
        for name, payload in change(None, None) or {}:
            dst.writestr(name, payload)
    return out.getvalue()


def macro_package(template: bool = False) -> bytes:
    """A .docm (or .dotm) with a VBA project part, as Word saves one that has macros."""
    main = MACRO_TEMPLATE_MAIN if template else MACRO_MAIN

    def change(name, payload):
        if name is None:
            return [("word/vbaProject.bin", OLE_HEAD + b"Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\nEnd Sub\r\n"),
                    ("word/_rels/vbaProject.bin.rels",
                     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/wordVbaData"'
                     ' Target="vbaData.xml"/></Relationships>'),
                    ("word/vbaData.xml",
                     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>')]
        text = payload.decode("utf-8") if name.endswith((".xml", ".rels")) else None
        if name == "[Content_Types].xml":
            text = text.replace(MAIN, main).replace(
                "</Types>", f'<Default Extension="bin" ContentType="{VBA_TYPE}"/>'
                            '<Override PartName="/word/vbaData.xml" '
                            'ContentType="application/vnd.ms-word.vbaData+xml"/></Types>')
            return text.encode("utf-8")
        if name == "word/_rels/document.xml.rels":
            text = text.replace("</Relationships>",
                                f'<Relationship Id="rIdVba1" Type="{VBA_REL}" Target="vbaProject.bin"/></Relationships>')
            return text.encode("utf-8")
        return payload

    return _rewrite(report_docx_bytes(), change)


def numbering_package(start, fmt: str, paragraphs: int = 3, ilvl="0") -> bytes:
    """A .docx whose headings are numbered automatically from ``start`` in format ``fmt``
    (``ilvl``: the level's own number in the definition, written as given)."""
    numbering = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    document = docx.Document()
    document.add_paragraph(REPORT_LINES[0])
    for i in range(paragraphs):
        p = document.add_paragraph(f"第{i + 1}项工作的情况")
        p._p.get_or_add_pPr().append(docx.oxml.parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
    ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
    has_numbering = "word/numbering.xml" in zipfile.ZipFile(io.BytesIO(buffer.getvalue())).namelist()

    def change(name, payload):
        if name is None:
            return [] if has_numbering else [("word/numbering.xml", numbering)]
        if name == "word/numbering.xml":
            return numbering.encode("utf-8")
        if not has_numbering and name == "[Content_Types].xml":
            return payload.replace(b"</Types>", f'<Override PartName="/word/numbering.xml" '
                                                f'ContentType="{ctype}"/></Types>'.encode())
        if not has_numbering and name == "word/_rels/document.xml.rels":
            return payload.replace(b"</Relationships>", f'<Relationship Id="rIdNum9" Type="{rel}" '
                                                        f'Target="numbering.xml"/></Relationships>'.encode())
        return payload

    return _rewrite(buffer.getvalue(), change)


def with_comment_ids(data: bytes, ids: list[str]) -> bytes:
    """The package with a comments part holding comments whose ``w:id`` are ``ids``
    (anchored on the first paragraph)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    comments = "".join(f'<w:comment w:id="{i}" w:author="审核人"><w:p><w:r><w:t>原有批注{n}</w:t></w:r></w:p></w:comment>'
                       for n, i in enumerate(ids))
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{w}">{comments}</w:comments>')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
    marks = "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in ids)
    ends = "".join(f'<w:commentRangeEnd w:id="{i}"/><w:r><w:commentReference w:id="{i}"/></w:r>' for i in ids)

    def change(name, payload):
        if name is None:
            return [("word/comments.xml", part)]
        if name == "[Content_Types].xml":
            return payload.replace(b"</Types>", f'<Override PartName="/word/comments.xml" '
                                                f'ContentType="{ctype}"/></Types>'.encode())
        if name == "word/_rels/document.xml.rels":
            return payload.replace(b"</Relationships>", f'<Relationship Id="rIdCm9" Type="{rel}" '
                                                        f'Target="comments.xml"/></Relationships>'.encode())
        if name == "word/document.xml":
            text = payload.decode("utf-8")
            text = re.sub(r"(<w:body><w:p(?: [^>]*)?>)(.*?)(</w:p>)", lambda m: m.group(1) + marks + m.group(2) + ends + m.group(3),
                          text, count=1, flags=re.S)
            return text.encode("utf-8")
        return payload

    return _rewrite(data, change)


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """"Billion laughs": each level refers ``width`` times to the one before."""
    rows = ['a0: &a0 ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for i in range(1, levels):
        rows.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join(rows) + "\n"


def huge_int(digits: int = 5000) -> str:
    return "9" * digits


def pack_text(pack_id: str, extends: str | None = None, extra: str = "") -> str:
    head = f"id: {pack_id}\nname: 测试包 {pack_id}\nbasis: 测试\n"
    if extends:
        head += f"extends: {extends}\n"
    return head + extra


def odd_level_attributes_docx(value: str) -> bytes:
    """A .docx whose paragraphs and a style carry ``w:outlineLvl``/``w:ilvl`` = ``value``."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    style = document.styles.add_style("奇怪的标题", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(docx.oxml.parse_xml(f'<w:outlineLvl {w} w:val="{value}"/>'))
    for i, line in enumerate(REPORT_LINES):
        p = document.add_paragraph(line, style="奇怪的标题" if i == 2 else None)
        if i == 4:
            p._p.get_or_add_pPr().append(docx.oxml.parse_xml(f'<w:outlineLvl {w} w:val="{value}"/>'))
        if i == 6:
            p._p.get_or_add_pPr().append(docx.oxml.parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{value}"/><w:numId w:val="1"/></w:numPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
