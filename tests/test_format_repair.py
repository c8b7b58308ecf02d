"""``fazhi format``: the layout is rewritten to the pack, not one character of text, comment or
tracked change moves, and the output passes ``check --pack gbt9704`` without an error."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import DOCX_FIXTURES, report_texts, shared_params
from layoutbuild import BODY, CLEAN_LOOKS, Footer, Look, Page, build

from checker.errors import InputError, UsageError
from checker.findings import Severity
from checker.layout.formatting import Formatting, dominant
from checker.layout.sections import page_numbers, read_sections
from checker.layout.repair import format_document
from checker.read.docx import open_docx, paragraph_text
from checker.runner import CheckOptions, check_file
from checker.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GBT = CheckOptions(packs=["gbt9704"])
# Problems that are text, not layout: the repair reports them and leaves them alone.
TEXT_BOUND = {"gbt9704.signature-date-form", "gbt9704.signature-issuer", "gbt9704.signature-date"}


def _document(path: Path):
    return open_docx(path, path.read_bytes())


def _texts(path: Path):
    """Every paragraph's text (tables included), plus the raw revision and comment marks."""
    doc = _document(path)
    body = doc.element.body
    texts = [paragraph_text(p) for p in body.iter(W + "p")]
    counts = {tag: sum(1 for _ in body.iter(W + tag))
              for tag in ("ins", "del", "delText", "moveFrom", "moveTo", "commentRangeStart", "commentRangeEnd",
                          "commentReference")}
    deleted = "".join(t.text or "" for t in body.iter(W + "delText"))
    with zipfile.ZipFile(path) as zf:
        comments = zf.read("word/comments.xml") if "word/comments.xml" in zf.namelist() else b""
    return texts, counts, deleted, comments


def _errors(path: Path):
    result = check_file(path, GBT)
    assert result.status == "checked", result.error
    return [f for f in result.findings if f.severity == Severity.ERROR and f.rule not in TEXT_BOUND]


def _repair(src: Path, tmp_path: Path, **kwargs) -> tuple[Path, list[str]]:
    out = tmp_path / f"{src.stem}-规范.docx"
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    messages = format_document(src, out, **kwargs)
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest, "the input was modified"
    return out, messages


DEFECTIVE = {
    "everything-wrong": dict(
        page=Page(top=25.4, bottom=25.4, left=31.8, right=31.8, width_mm=215.9, height_mm=279.4),
        looks={"title": Look(east_asian="宋体", size=12, align="left", first_line=None),
               "heading1": Look(east_asian="宋体", size=12, line=(240, "auto"), first_line=None),
               "heading2": Look(east_asian="宋体", size=12, line=None),
               "heading3": Look(east_asian="黑体"), "heading4": Look(east_asian="楷体"),
               "body": Look(east_asian="宋体", latin="Calibri", size=12, line=(360, "auto"), first_line=None, left=400),
               "issuer": Look(align="left", first_line=None), "date": Look(align="left", first_line=None)},
        footer=None, runin_single_run=True, tracked=True, comment=True),
    "styles-only": dict(mode="styles", looks={"heading1": Look(east_asian="宋体"),
                                              "heading2": Look(east_asian="仿宋_GB2312")},
                        body_defaults=Look(east_asian="宋体", size=12, line=None, first_line=None)),
    "theme-font": dict(theme_defaults=True, theme_east_asian="宋体",
                       looks={"body": Look(east_asian=None), "issuer": replace(CLEAN_LOOKS["issuer"], east_asian=None),
                              "date": replace(CLEAN_LOOKS["date"], east_asian=None)}),
    "footer-wrong": dict(footer=Footer(text="- PAGE -", size=9, font="Calibri", position="center")),
    "two-sections": dict(second_section=Page(top=20, left=20), page=Page(top=30)),
    "line-over-and-indent": dict(paragraph_looks={8: replace(BODY, line=(600, "exact")),
                                                  13: replace(BODY, first_line=("hanging", 320))}),
}


@pytest.mark.parametrize("name", sorted(DEFECTIVE))
def test_repair_keeps_text_and_fixes_layout(tmp_path, name):
    src = build(tmp_path / f"{name}.docx", **DEFECTIVE[name])
    assert _errors(src), "the input should have format errors"
    out, messages = _repair(src, tmp_path)
    assert _texts(out) == _texts(src)
    assert _errors(out) == [], [f.message for f in _errors(out)]
    assert messages and messages[-1] != "" and any("未改动" in m for m in messages)


def test_repair_of_everything_wrong_reaches_no_finding_at_all(tmp_path):
    src = build(tmp_path / "bad.docx", **DEFECTIVE["everything-wrong"])
    out, _ = _repair(src, tmp_path)
    remaining = [f for f in check_file(out, GBT).findings]
    assert remaining == [], [(f.rule, f.message) for f in remaining]


def test_tracked_changes_and_comment_survive(tmp_path):
    src = build(tmp_path / "t.docx", tracked=True, comment=True, looks={"body": Look(east_asian="宋体")})
    out, _ = _repair(src, tmp_path)
    texts, counts, deleted, comments = _texts(out)
    assert counts["ins"] == 1 and counts["del"] == 1 and counts["commentRangeStart"] == 1
    assert deleted == "已删去的文字" and b"\xe8\xaf\xb7\xe6\xa0\xb8\xe5\xae\x9e" in comments  # 请核实
    assert (texts, counts, deleted, comments) == _texts(src)


def test_run_in_heading_gets_two_fonts(tmp_path):
    src = build(tmp_path / "r.docx", runin_single_run=True)
    out, messages = _repair(src, tmp_path)
    assert any("段中标题" in m for m in messages)
    doc = _document(out)
    fmt = Formatting(doc)
    p = [p for p in doc.element.body.iter(W + "p") if paragraph_text(p).startswith("（二）强化组织领导")][0]
    spans = fmt.paragraph(p).spans
    heading = "".join(s.text for s in spans if s.props.east_asian == "楷体_GB2312")
    body = "".join(s.text for s in spans if s.props.east_asian == "仿宋_GB2312")
    assert heading == "（二）强化组织领导。"
    assert body.startswith("区委、区政府主要负责人")


def test_page_number_footer_is_a_real_field(tmp_path):
    src = build(tmp_path / "f.docx", footer=None, header="广州市花都区人民政府")
    out, messages = _repair(src, tmp_path)
    assert any("页码" in m for m in messages)
    doc = _document(out)
    assert doc.settings.odd_and_even_pages_header_footer
    fmt = Formatting(doc)
    section = read_sections(doc, {})[0]
    for kind, align in (("default", "right"), ("even", "left")):
        numbers = page_numbers(fmt, section.footers[kind])
        assert [n.form for n in numbers] == ["— PAGE —"]
        assert numbers[0].position == align
        assert dominant(numbers[0].spans, lambda p: p.size)[0] == 14
    instr = section.footers["default"].find(f".//{W}instrText")
    assert instr is not None and instr.text.strip() == "PAGE"
    # even pages keep the header the document had
    refs = {r.get(W + "type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in section.sect_pr.findall(W + "headerReference")}
    assert refs.get("even") == refs.get("default") is not None


def test_conforming_file_is_left_alone(tmp_path):
    src = build(tmp_path / "clean.docx")
    out, messages = _repair(src, tmp_path)
    assert messages[0] == "版式已符合规则包要求，未作改动"
    before, after = _document(src), _document(out)
    assert [paragraph_text(p) for p in before.element.body.iter(W + "p")] == \
        [paragraph_text(p) for p in after.element.body.iter(W + "p")]
    assert check_file(out, GBT).findings == []


def test_house_style_pack_drives_the_repair(tmp_path):
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "id: house\nname: 本单位格式\nbasis: 本单位公文格式规定\nextends: gbt9704\napplies_to: [docx]\n"
        "rules:\n  - id: page-number-position\n    positions: [center]\n"
        "  - id: line-spacing\n    line_min_pt: 28.5\n    line_max_pt: 30\n    line_target_pt: 29.5\n",
        encoding="utf-8")
    src = build(tmp_path / "r.docx", footer=None)
    out, _ = _repair(src, tmp_path, pack=str(pack))
    assert check_file(out, CheckOptions(packs=[str(pack)])).findings == []
    doc = _document(out)
    assert not doc.settings.odd_and_even_pages_header_footer
    p = [p for p in doc.element.body.iter(W + "p") if paragraph_text(p).startswith("制定年度学法计划")][0]
    assert Formatting(doc).paragraph(p).line == 590


def test_refuses_to_write_over_the_input(tmp_path, monkeypatch):
    src = build(tmp_path / "r.docx")
    with pytest.raises(UsageError, match="输入文件本身"):
        format_document(src, src)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="输入文件本身"):
        format_document(Path("r.docx"), tmp_path / "." / "r.docx", force=True)
    link = tmp_path / "link.docx"
    link.symlink_to(src)
    with pytest.raises(UsageError, match="输入文件本身"):
        format_document(src, link, force=True)


def test_existing_output_needs_force(tmp_path):
    src = build(tmp_path / "r.docx", footer=None)
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    with pytest.raises(UsageError, match="--force"):
        format_document(src, out)
    assert out.read_bytes() == b"old"
    format_document(src, out, force=True)
    assert _errors(out) == []


def test_bad_inputs_give_clear_errors(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="损坏"):
        format_document(broken, tmp_path / "o.docx")
    text = tmp_path / "r.txt"
    text.write_text("报告", encoding="utf-8")
    with pytest.raises(UsageError, match=".docx"):
        format_document(text, tmp_path / "o.docx")
    with pytest.raises(UsageError, match="扩展名"):
        format_document(build(tmp_path / "r.docx"), tmp_path / "o.pdf")
    with pytest.raises(UsageError, match="没有版式规则"):
        format_document(build(tmp_path / "r2.docx"), tmp_path / "o2.docx", pack="national")
    assert not (tmp_path / "o.docx").exists() and not (tmp_path / "o2.docx").exists()


def test_cli_format(tmp_path):
    src = build(tmp_path / "草稿.docx", footer=None)
    runner = CliRunner()
    result = runner.invoke(main, ["format", str(src), "-o", str(tmp_path / "草稿-规范.docx")])
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output and "页码" in result.output
    same = runner.invoke(main, ["format", str(src), "-o", str(src)])
    assert same.exit_code == 2 and "输入文件本身" in same.output
    missing = runner.invoke(main, ["format", str(tmp_path / "无.docx"), "-o", str(tmp_path / "x.docx")])
    assert missing.exit_code == 2 and "不存在" in missing.output


FIXTURES = sorted(p for p in DOCX_FIXTURES.glob("*") if p.suffix.lower() in (".docx", ".dotx")) \
    if DOCX_FIXTURES.is_dir() else []


@pytest.mark.parametrize("path", shared_params(FIXTURES), ids=lambda p: p.name if p else "no-shared")
def test_real_fixture_repair(tmp_path, path):
    out, messages = _repair(path, tmp_path)
    assert _texts(out)[:3] == _texts(path)[:3]
    assert _errors(out) == [], [(f.rule, f.message) for f in _errors(out)]
    reopened = docx.Document(io.BytesIO(out.read_bytes()))
    assert len(reopened.paragraphs) == len(_document(path).paragraphs)


@pytest.mark.parametrize("shape", ["plain", "autonum", "tracked"])
def test_seed_derived_repair(tmp_path, shape):
    from docxbuild import build_seed

    seeds = report_texts()[:2]
    for seed in seeds:
        src = build_seed(seed, shape, tmp_path)
        out, _ = _repair(src, tmp_path)
        assert _texts(out) == _texts(src)
        assert _errors(out) == []




def test_document_without_page_setup(tmp_path):
    src = build(tmp_path / "r.docx", footer=None)
    doc = _document(src)
    body = doc.element.body
    body.remove(body.find(W + "sectPr"))
    doc.save(str(src))
    rules = {f.rule: f for f in check_file(src, GBT).findings}
    assert "未设置" in rules["gbt9704.page-margins"].message
    assert rules["gbt9704.page-size"].severity == Severity.WARNING
    assert "gbt9704.page-number" in rules
    out, _ = _repair(src, tmp_path)
    assert _texts(out) == _texts(src)
    assert check_file(out, GBT).findings == []
