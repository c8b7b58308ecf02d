""".docx read with zipfile + lxml gives what reading through python-docx gives: the same
blocks, headers, footers and findings (layout checks included), on built and real files."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import DOCX_FIXTURES
from layoutbuild import Look, Page, build

from checker.errors import InputError
from checker.read.docx import read_docx
from checker.read.package import reduce_styles
from checker.runner import CheckOptions, _check

REAL = sorted(DOCX_FIXTURES.glob("*.do[ct]x")) if DOCX_FIXTURES.is_dir() else []


def _signature(path, editable: bool):
    import checker.runner as runner

    real = runner.parse
    runner.parse = lambda source, editable_=False: real(source, editable=editable)
    try:
        result, _ = _check(path, CheckOptions())
    finally:
        runner.parse = real
    doc = result.report.document
    blocks = [(b.text, b.label, b.style, b.outline_level, b.source, b.in_table) for b in doc.blocks]
    findings = [(f.rule, f.severity, f.message, f.location, f.excerpt) for f in result.findings]
    return blocks, doc.headers, doc.footers, findings


def _same(path):
    fast, slow = _signature(path, False), _signature(path, True)
    assert fast[0] == slow[0], "blocks differ"
    assert fast[1:3] == slow[1:3], "headers/footers differ"
    assert fast[3] == slow[3], "findings differ"
    assert fast[3], "no findings at all: nothing was compared"


@pytest.mark.parametrize("variant", ["direct", "styles", "sections", "theme"])
def test_built_reports_read_the_same(tmp_path, variant):
    kwargs = {"direct": {}, "styles": {"mode": "styles"},
              "sections": {"second_section": Page(top=30), "header": "内部资料"},
              "theme": {"mode": "styles", "theme_east_asian": "仿宋", "theme_defaults": True,
                        "looks": {"body": Look(align="left")}}}[variant]
    _same(build(tmp_path / f"{variant}.docx", **kwargs))


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_real_files_read_the_same(path):
    _same(path)


SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         b'<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>'
         b'<w:latentStyles w:count="2"><w:lsdException w:name="Normal"/><w:lsdException w:name="x"/></w:latentStyles>'
         b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
         b'<w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/></w:style>'
         b"<w:style w:type='paragraph' w:styleId='H1'><w:name w:val='heading 1'/><w:basedOn w:val='Base'/></w:style>"
         b'<w:style w:type="paragraph" w:styleId="Unused"><w:name w:val="Unused"/></w:style>'
         b'<w:style w:type="character" w:default="1" w:styleId="DefaultFont"/>'
         b'</w:styles>')


def _ids(xml: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(xml)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return [s.get(w + "styleId") for s in root.iter(w + "style")], root.find(w + "latentStyles"), \
        root.find(w + "docDefaults")


def test_style_sheet_keeps_what_can_be_reached():
    ids, latent, defaults = _ids(reduce_styles(SHEET, {"H1"}))
    assert ids == ["Normal", "Base", "H1", "DefaultFont"]  # basedOn chain and the defaults, in order
    assert latent is None and defaults is not None
    assert _ids(reduce_styles(SHEET, set()))[0] == ["Normal", "DefaultFont"]
    # a sheet in another shape is parsed whole
    assert reduce_styles(SHEET.replace(b"w:styles", b"styles").replace(b"xmlns:w", b"xmlns"), {"H1"}) is None


def _package(document: bytes, extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"/>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_parts_declaring_a_dtd_are_refused(tmp_path):
    laughs = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document xmlns:w="{W}"><w:body>'
              f'<w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>').encode()
    with pytest.raises(InputError, match="DOCTYPE"):
        read_docx(tmp_path / "a.docx", _package(laughs))
    plain = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>'
    assert [b.text for b in read_docx(tmp_path / "b.docx", _package(plain.encode())).blocks] == ["正文"]


def test_a_damaged_part_nobody_reads_does_not_stop_the_check(tmp_path):
    plain = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>'
    data = _package(plain.encode(), {"word/media/image1.png": b"\x89PNG" + b"\0" * 64})
    assert read_docx(tmp_path / "c.docx", data).blocks[0].text == "正文"
