"""``fazhi new --reference``: the look of the reference, nothing else — no template link, external
link, comment, OLE object, altChunk, custom property or custom XML reaches the new report."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from checker.layout.schema import insert_child, package_order_problems
from checker.runner import CheckOptions, check_file
from checker.scaffold.generate import new_report

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_ATTACHED_TEMPLATE = R + "/attachedTemplate"


def _hostile_reference(path: Path) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles.add_style("单位正文", 1)
    style.font.size = docx.shared.Pt(16)
    paragraph = document.add_paragraph("参考文件的旧正文，带一条批注。", style="单位正文")
    document.add_comment(paragraph.runs, text="旧批注：请删除", author="旧作者")
    package = document.part.package
    # attached template (fetched by Word on open) and a mail-merge source, both external
    settings = document.part._settings_part
    rid = settings.relate_to("http://intranet.example/模板/公文.dotm", RT_ATTACHED_TEMPLATE, is_external=True)
    insert_child(settings.element, parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{rid}"/>'))
    insert_child(settings.element, parse_xml(f'<w:docVars {nsdecls("w")}><w:docVar w:name="密" w:val="x"/></w:docVars>'))
    # an altChunk import in the body
    chunk = Part(PackURI("/word/afchunk1.mht"), "message/rfc822", b"MIME-Version: 1.0\r\n\r\nold", package)
    rid = document.part.relate_to(chunk, RT.A_F_CHUNK)
    document.element.body.insert(0, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    # header: words and an OLE object; footer: words and an external hyperlink
    header = section.header
    header.paragraphs[0].text = "某某局文件"
    ole = Part(PackURI("/word/embeddings/oleObject1.bin"), "application/vnd.openxmlformats-officedocument.oleObject",
               b"\xd0\xcf\x11\xe0old object", package)
    rid = header.part.relate_to(ole, RT.OLE_OBJECT)
    header.paragraphs[0]._p.append(parse_xml(
        f'<w:r {nsdecls("w", "r")} xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:o="urn:schemas-microsoft-com:office:office"><w:object><v:shape id="o1" style="width:20pt;height:20pt"/>'
        f'<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="o1" r:id="{rid}"/></w:object></w:r>'))
    footer = section.footer
    footer.paragraphs[0].text = "内部发行 "
    rid = footer.part.relate_to("http://intranet.example/", RT.HYPERLINK, is_external=True)
    footer.paragraphs[0]._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>官网</w:t></w:r></w:hyperlink>'))
    # custom document properties
    custom = Part(PackURI("/docProps/custom.xml"),
                  "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                  b'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/custom-properties"/>', package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)
    document.save(str(path))
    return path


def _package(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_reference_gives_its_look_and_nothing_else(tmp_path):
    reference = _hostile_reference(tmp_path / "参考.docx")
    before = _package(reference)
    assert "word/comments.xml" in before and "docProps/custom.xml" in before
    assert any(b'TargetMode="External"' in data for name, data in before.items() if name.endswith(".rels"))
    out = tmp_path / "报告.docx"
    new_report(org="某某县司法局", year=2025, reference=reference, output=out)
    parts = _package(out)
    names = set(parts)
    assert not {n for n in names if re.search(r"comments|custom|afchunk|embeddings/|people|customXml", n)}, names
    for name, data in parts.items():
        if name.endswith(".rels"):
            assert b'TargetMode="External"' not in data, name
            assert b"attachedTemplate" not in data and b"oleObject" not in data and b"aFChunk" not in data, name
    settings = parts["word/settings.xml"].decode("utf-8")
    assert "attachedTemplate" not in settings and "docVar" not in settings
    document = parts["word/document.xml"].decode("utf-8")
    assert "altChunk" not in document and "参考文件的旧正文" not in document
    # the look stays: the style, the margins, the header and footer words
    assert "单位正文" in parts["word/styles.xml"].decode("utf-8")
    assert 'w:top="2098"' in document
    hdr = "".join(data.decode("utf-8") for name, data in parts.items() if re.match(r"word/header\d*\.xml", name))
    ftr = "".join(data.decode("utf-8") for name, data in parts.items() if re.match(r"word/footer\d*\.xml", name))
    assert "某某局文件" in hdr and "w:object" not in hdr
    assert "内部发行" in ftr and "官网" in ftr and "w:hyperlink" not in ftr
    assert package_order_problems(out.read_bytes()) == []
    reopened = docx.Document(io.BytesIO(out.read_bytes()))
    assert reopened.paragraphs and check_file(out, CheckOptions()).status == "checked"


def test_template_reference_gives_a_plain_document(tmp_path):
    """A .dotx reference: the new report is a document, not a template."""
    reference = _hostile_reference(tmp_path / "参考.docx")
    parts = _package(reference)
    ct = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")
    template = tmp_path / "参考.dotx"
    with zipfile.ZipFile(template, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, ct if name == "[Content_Types].xml" else data)
    out = tmp_path / "报告.docx"
    new_report(org="某某县司法局", year=2025, reference=template, output=out)
    content_types = _package(out)["[Content_Types].xml"]
    assert b"document.main+xml" in content_types and b"template.main+xml" not in content_types
    assert qn("w:body")  # python-docx opens it as a document
    docx.Document(str(out))
