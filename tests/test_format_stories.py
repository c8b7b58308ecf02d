"""``fazhi format`` keeps every story: footers and headers keep their text and pictures (the page
number is added, not swapped in), sections keep their own footers, a style shared with a header
does not change the header, and a broken footer reference is one clear line."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from layoutbuild import Footer, Look, Page, build

from checker.cli import main
from checker.errors import InputError
from checker.layout.formatting import Formatting
from checker.layout.repair import format_document
from checker.layout.schema import package_order_problems
from checker.layout.sections import page_numbers, read_sections
from checker.read.docx import open_docx, paragraph_text
from checker.runner import CheckOptions, check_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GBT = CheckOptions(packs=["gbt9704"])


def _png() -> bytes:
    """A 2×2 red PNG written by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _footer_texts(path: Path) -> dict:
    document = open_docx(path, path.read_bytes())
    out = {}
    for section in read_sections(document, {}):
        for kind, root in section.footers.items():
            out.setdefault((section.number, kind), [paragraph_text(p) for p in root.iter(W + "p") if paragraph_text(p)])
    return out


def _with_footer_content(tmp_path: Path, picture: bool = False) -> Path:
    """A report whose footer says 内部资料 (and shows a picture), with a second section that has
    a footer of its own, and no page numbers."""
    src = build(tmp_path / "r.docx", footer=None, second_section=Page())
    document = docx.Document(str(src))
    first, second = document.sections[0], document.sections[-1]
    first.footer.is_linked_to_previous = False
    first.footer.paragraphs[0].text = "内部资料 注意保存"
    if picture:
        image = tmp_path / "logo.png"
        image.write_bytes(_png())
        first.footer.add_paragraph().add_run().add_picture(str(image))
    second.footer.is_linked_to_previous = False
    second.footer.paragraphs[0].text = "第二部分：附表说明"
    document.save(str(src))
    return src


def test_footer_content_and_section_footers_survive(tmp_path):
    src = _with_footer_content(tmp_path)
    out = tmp_path / "out.docx"
    messages = format_document(src, out)
    assert any("页脚原有内容保留" in m for m in messages)
    texts = _footer_texts(out)
    assert "内部资料 注意保存" in texts[(1, "default")] and "— 1 —" in texts[(1, "default")]
    assert "内部资料 注意保存" in texts[(1, "even")] and "— 1 —" in texts[(1, "even")]
    assert "第二部分：附表说明" in texts[(2, "default")] and "— 1 —" in texts[(2, "default")]
    assert "第二部分：附表说明" in texts[(2, "even")]
    assert not [f for f in check_file(out, GBT).findings if f.rule.startswith("gbt9704.page-number")]
    assert package_order_problems(out.read_bytes()) == []


def test_footer_picture_survives_with_its_relationship(tmp_path):
    src = _with_footer_content(tmp_path, picture=True)
    out = tmp_path / "out.docx"
    format_document(src, out)
    document = open_docx(out, out.read_bytes())
    section = read_sections(document, {})[0]
    part_of = {id(rel.target_part.element): rel.target_part for rel in document.part.rels.values()
               if rel.reltype.endswith("/footer")}
    for kind in ("default", "even"):
        root = section.footers[kind]
        blips = root.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        assert len(blips) == 1, kind
        rid = blips[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        part = part_of[id(root)]
        assert part.rels[rid].target_part.blob == _png()
    # the package opens again and still has the picture once as a part
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        assert sum(1 for n in zf.namelist() if n.startswith("word/media/")) == 1


def test_existing_page_number_with_words_is_not_replaced(tmp_path):
    src = build(tmp_path / "r.docx", footer=Footer(text="第 PAGE 页", size=9, position="center"))
    out = tmp_path / "out.docx"
    format_document(src, out)
    document = open_docx(out, out.read_bytes())
    numbers = page_numbers(Formatting(document), read_sections(document, {})[0].footers["default"])
    assert [n.form for n in numbers] == ["第 PAGE 页"]  # the words stay; only size and font are set
    assert {s.props.size for s in numbers[0].spans} == {14}


def test_style_shared_with_header_keeps_the_header_look(tmp_path):
    """Body paragraphs and the header share one paragraph style: the header must look the same."""
    src = build(tmp_path / "r.docx", mode="styles", header="广州市花都区人民政府文件",
                looks={"heading3": Look(east_asian="宋体", size=12)})
    document = docx.Document(str(src))
    header = document.sections[0].header.paragraphs[0]
    header._p.get_or_add_pPr().get_or_add_pStyle().set(W + "val", "GBHeading3")
    document.save(str(src))
    header_before = _header_look(open_docx(src, src.read_bytes()))
    assert header_before[-1][0][0] == "宋体"  # the style's own font, which the body use must not spread
    out = tmp_path / "out.docx"
    format_document(src, out)
    after = open_docx(out, out.read_bytes())
    assert _header_look(after) == header_before
    heading = [p for p in after.element.body.iter(W + "p") if paragraph_text(p) == "1.健全学法制度"][0]
    spans = Formatting(after).paragraph(heading).spans
    assert {s.props.size for s in spans} == {16}  # the body use was repaired directly


def _header_look(document):
    fmt = Formatting(document)
    root = document.sections[0].header._element
    p = root.find(W + "p")
    layout = fmt.paragraph(p)
    return (paragraph_text(p), layout.line, layout.line_rule, layout.alignment, layout.first_line,
            tuple((s.props.east_asian, s.props.size, s.props.bold) for s in layout.spans))


def _dangle(src: Path, out: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                text = data.decode("utf-8")
                import re

                rid = re.search(r'Id="(rId\d+)"[^>]*Target="footer1.xml"', text) or \
                    re.search(r'Target="footer1.xml"[^>]*Id="(rId\d+)"', text)
                text = re.sub(r'<Relationship [^>]*Target="footer1.xml"[^>]*/>', "", text)
                assert rid is not None
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return out


def test_dangling_footer_relationship_is_one_clear_line(tmp_path):
    src = _dangle(build(tmp_path / "r.docx"), tmp_path / "坏页脚.docx")
    with pytest.raises(InputError, match="页脚（rId\\d+）引用了文件中不存在的部件"):
        format_document(src, tmp_path / "out.docx")
    result = CliRunner().invoke(main, ["format", str(src), "-o", str(tmp_path / "out2.docx")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "不存在的部件" in result.output
    assert not (tmp_path / "out.docx").exists() and not (tmp_path / "out2.docx").exists()
    checked = check_file(src, GBT)  # checking the same file still works
    assert checked.status == "checked"


def test_page_number_sharing_a_paragraph_with_a_picture_keeps_the_picture(tmp_path):
    src = build(tmp_path / "r.docx", footer=Footer(text="— PAGE —", size=9, position="center"))
    document = docx.Document(str(src))
    image = tmp_path / "logo.png"
    image.write_bytes(_png())
    document.sections[0].footer.paragraphs[0].add_run().add_picture(str(image))
    document.save(str(src))
    out = tmp_path / "out.docx"
    format_document(src, out)
    document = open_docx(out, out.read_bytes())
    root = read_sections(document, {})[0].footers["default"]
    assert len(root.findall(f".//{W}drawing")) == 1
    numbers = page_numbers(Formatting(document), root)
    assert numbers and {s.props.size for s in numbers[0].spans} == {14}
