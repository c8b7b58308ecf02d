"""Effective formatting (checker.layout.formatting), roles (checker.layout.view) and XML edits
(checker.layout.edit): the inheritance chain, East-Asian vs Latin slots, indents, page
numbers, grouping into runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import DOCX_FIXTURES, NEED_SHARED
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from layoutbuild import BODY, CLEAN_LOOKS, Footer, Look, Page, build
from lxml import etree

from checker.layout.formatting import (Formatting, _first_line, count_chars, dominant, font_key, grid_line_points, int_or_none,
                            size_label, visible_runs)
from checker.layout.sections import page_numbers, read_sections
from checker.layout.edit import RPR_ORDER, get_or_add, page_number_paragraph, split_run
from checker.layout.view import Run, block_range, group_runs, layout_view, section_range, split_spans
from checker.read.docx import open_docx, paragraph_text
from checker.runner import CheckOptions, check_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _doc(path: Path):
    return open_docx(path, path.read_bytes())


def _paragraph(doc, startswith: str):
    return next(p for p in doc.element.body.iter(W + "p") if paragraph_text(p).startswith(startswith))


def _fonts(path: Path, startswith: str):
    doc = _doc(path)
    layout = Formatting(doc).paragraph(_paragraph(doc, startswith))
    return (dominant(layout.spans, lambda p: p.east_asian, "ea")[0], dominant(layout.spans, lambda p: p.latin, "latin")[0],
            dominant(layout.spans, lambda p: p.size)[0], layout)


# -- the inheritance chain --------------------------------------------------------------------
def test_fonts_only_from_styles_and_docdefaults(tmp_path):
    path = build(tmp_path / "s.docx", mode="styles")
    doc = _doc(path)
    # no run carries a property of its own
    assert all(r.find(W + "rPr") is None or r.find(f"{W}rPr/{W}rStyle") is not None
               for r in doc.element.body.iter(W + "r"))
    ea, latin, size, layout = _fonts(path, "2024年，我区")  # Normal -> docDefaults
    assert (ea, latin, size) == ("仿宋_GB2312", "Times New Roman", 16)
    assert (layout.line, layout.line_rule, layout.first_line) == (560, "exact", ("chars", 200))
    ea, _, size, _ = _fonts(path, "（一）深入学习")  # GBHeading2 -> GBHeading1 -> GBHeadingBase -> Normal
    assert (ea, size) == ("楷体_GB2312", 16)
    ea, _, _, _ = _fonts(path, "一、2024年")  # GBHeading1
    assert ea == "黑体"
    ea, _, size, layout = _fonts(path, "广州市花都区人民政府2024年")  # GBTitle
    assert (ea, size, layout.alignment) == ("方正小标宋简体", 22, "center")


def test_character_style_overrides_paragraph_style(tmp_path):
    path = build(tmp_path / "s.docx", mode="styles")
    doc = _doc(path)
    layout = Formatting(doc).paragraph(_paragraph(doc, "（二）强化组织领导"))
    by_font = {}
    for span in layout.spans:
        by_font.setdefault(span.props.east_asian, "")
        by_font[span.props.east_asian] += span.text
    assert by_font["楷体_GB2312"] == "（二）强化组织领导。"
    assert by_font["仿宋_GB2312"].startswith("区委")


def test_direct_properties_win_and_slots_are_separate(tmp_path):
    path = build(tmp_path / "d.docx", paragraph_looks={5: Look(east_asian="宋体", latin="Times New Roman", size=12)},
                 body_defaults=Look(east_asian="仿宋_GB2312", latin="Arial", size=16, line=None, first_line=None,
                                    align=None))
    ea, latin, size, _ = _fonts(path, "区政府常务会议")
    assert (ea, latin, size) == ("宋体", "Times New Roman", 12)


def test_latin_only_run_keeps_the_inherited_east_asian_font(tmp_path):
    path = build(tmp_path / "d.docx", paragraph_looks={6: Look(east_asian=None, latin="仿宋_GB2312")},
                 body_defaults=Look(east_asian="宋体", latin=None, line=None, first_line=None, align=None))
    ea, latin, _, _ = _fonts(path, "全面落实领导干部")
    assert (ea, latin) == ("宋体", "仿宋_GB2312")


@pytest.mark.parametrize("hans", ["仿宋_GB2312", "宋体"])
def test_theme_font_through_east_asia_theme(tmp_path, hans):
    path = build(tmp_path / "t.docx", theme_defaults=True, theme_east_asian=hans, looks={"body": Look(east_asian=None)})
    ea, _, _, _ = _fonts(path, "2024年，我区")
    assert ea == hans


def test_theme_of_python_docx_default_is_songti():
    doc = docx.Document()
    p = doc.add_paragraph("正文")
    props = Formatting(doc).paragraph(p._p).spans[0].props
    assert props.east_asian == "宋体" and props.latin == "Cambria" and props.size == 11


def test_style_cycle_does_not_hang(tmp_path):
    doc = docx.Document()
    styles = doc.styles.element
    for sid, base in (("A", "B"), ("B", "A")):
        styles.append(parse_xml(f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/>'
                                f'<w:basedOn w:val="{base}"/><w:rPr><w:sz w:val="30"/></w:rPr></w:style>'))
    p = doc.add_paragraph("文字")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="A"/>'))
    assert Formatting(doc).paragraph(p._p).spans[0].props.size == 15


# -- values -------------------------------------------------------------------------------------
def _ind(**attrs):
    return parse_xml(f'<w:ind {nsdecls("w")} ' + " ".join(f'w:{k}="{v}"' for k, v in attrs.items()) + "/>")


def test_first_line_indent_priorities():
    assert _first_line(_ind(firstLineChars=200, firstLine=894)) == ("chars", 200)
    assert _first_line(_ind(firstLineChars=0, firstLine=640)) == ("twips", 640)
    assert _first_line(_ind(firstLineChars=0)) == ("chars", 0)
    assert _first_line(_ind(hanging=420, firstLine=640)) == ("twips", -420)
    assert _first_line(_ind(hangingChars=100, hanging=320)) == ("chars", -100)
    assert _first_line(_ind(left=420)) is None


def test_malformed_numbers_are_ignored():
    assert int_or_none("12.0") == 12 and int_or_none("abc") is None and int_or_none("1e999") is None
    assert int_or_none(None) is None and int_or_none("nan") is None


def test_character_classes():
    assert count_chars("2024年ABC，“好” ") == (3, 7, 12)  # 年 ， 好 | 2024ABC | quotes are ambiguous


def test_size_label_and_font_key():
    assert size_label(16) == "16磅（三号）" and size_label(10.5) == "10.5磅（五号）" and size_label(13) == "13磅"
    assert font_key("FangSong GB2312") == font_key("fangsong_gb2312".replace("_", " "))


def test_grid_spacing():
    layout = replace(_fonts_layout(), line=None, line_rule="auto")
    assert grid_line_points(layout, 579, 16) == pytest.approx(28.95)
    assert grid_line_points(replace(layout, line=360), 579, 16) == pytest.approx(57.9)
    assert grid_line_points(replace(layout, snap_to_grid=False), 579, 16) is None
    assert grid_line_points(replace(layout, line=560, line_rule="exact"), 579, 16) is None


def _fonts_layout():
    doc = docx.Document()
    p = doc.add_paragraph("文字")
    return Formatting(doc).paragraph(p._p)


def test_visible_runs_follow_tracked_changes_and_fields():
    p = parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t>甲</w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>乙</w:t></w:r></w:ins>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>')
    assert [(text, field) for _, text, field in visible_runs(p)] == [
        ("甲", None), ("乙", None), ("3", "PAGE"), ("9", "field")]


# -- page setup and page numbers ----------------------------------------------------------------
def test_page_number_forms_and_positions(tmp_path):
    for footer, form, positions in ((Footer(), "— PAGE —", {"default": "right", "even": "left"}),
                                    (Footer(field="simple", position="center", text="-PAGE-"), "-PAGE-",
                                     {"default": "center"})):
        doc = _doc(build(tmp_path / "f.docx", footer=footer))
        section = read_sections(doc, {})[0]
        fmt = Formatting(doc)
        for kind, position in positions.items():
            numbers = page_numbers(fmt, section.footers[kind])
            assert [(n.form, n.position) for n in numbers] == [(form, position)]


def test_page_field_without_result_and_in_a_text_box():
    doc = docx.Document()
    root = parse_xml(
        f'<w:ftr {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:p><w:r><w:pict>'
        '<v:shape style="position:absolute;mso-position-horizontal:outside"><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGE \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t> —</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p></w:ftr>')
    numbers = page_numbers(Formatting(doc), root)
    assert [(n.form, n.position) for n in numbers] == [("— PAGE —", "outside")]


def test_sections_know_their_blocks(tmp_path):
    path = build(tmp_path / "two.docx", second_section=Page(top=30))
    report = check_file(path, CheckOptions(packs=["gbt9704"])).report
    view = layout_view(report)
    assert [(s.first_block, s.last_block) for s in view.sections] == [(1, 12), (13, 19)]
    assert view.sections[1].margin_mm("top") == pytest.approx(30, abs=0.05)
    assert view.section_of(13).number == 2 and view.section_of(12).number == 1


@pytest.mark.skipif(not (DOCX_FIXTURES / "gbt9704_template_wps.docx").exists(), reason=NEED_SHARED)
def test_wps_template_facts():
    path = DOCX_FIXTURES / "gbt9704_template_wps.docx"
    report = check_file(path, CheckOptions(packs=["gbt9704"])).report
    view = layout_view(report)
    section = view.sections[0]
    assert section.width is None  # WPS wrote no w:pgSz
    assert round(section.margin_mm("top")) == 37 and round(section.margin_mm("left")) == 28
    assert view.roles[1] == "title" and view.roles[2] == "addressee"
    numbers = page_numbers(view.fmt, section.footers["default"])
    assert [(n.form, n.position) for n in numbers] == [("— PAGE —", "outside")]


# -- roles and grouping -----------------------------------------------------------------------------
def test_roles_of_the_clean_report(tmp_path):
    report = check_file(build(tmp_path / "r.docx"), CheckOptions(packs=["gbt9704"])).report
    view = layout_view(report)
    assert view.roles == {1: "title", 2: "body", 3: "heading1", 4: "heading2", 5: "body", 6: "body", 7: "heading3",
                          8: "body", 9: "heading4", 10: "body", 11: "heading2", 12: "heading1", 13: "body",
                          14: "heading1", 15: "body", 16: "body", 17: "body", 18: "signature", 19: "signature"}
    runin = [(p.role, "".join(s.text for s in p.spans)[:7]) for p in view.parts if p.block == 11]
    assert runin == [("heading2", "（二）强化组织"), ("body", "区委、区政府主")]
    assert layout_view(report) is view  # built once per report


def test_untitled_raw_draft_takes_a_document_kind_line_as_title(tmp_path):
    lines = [("body", "关于进一步规范会议管理的通知"), ("body", "各区政府，市政府各部门："),
             ("body", "为精简会议，现将有关事项通知如下。"), ("issuer", "市政府办公室"), ("date", "2026年1月1日")]
    report = check_file(build(tmp_path / "n.docx", lines=lines, looks={"body": Look(align="both")}),
                        CheckOptions(packs=["gbt9704"])).report
    view = layout_view(report)
    assert [view.roles[i] for i in range(1, 6)] == ["title", "addressee", "body", "signature", "signature"]


def test_split_spans_keeps_closing_punctuation_with_the_heading(tmp_path):
    doc = _doc(build(tmp_path / "r.docx", runin_single_run=True))
    spans = Formatting(doc).paragraph(_paragraph(doc, "（二）强化")).spans
    head, tail = split_spans(spans, len("（二）强化组织领导"))
    assert "".join(s.text for s in head) == "（二）强化组织领导。"
    assert "".join(s.text for s in tail).startswith("区委")


def test_group_runs_and_ranges():
    """One run per defect kind and actual value, wherever its paragraphs are."""
    items = [(3, "size", {"actual": "12磅"}, 3, "body"), (4, "size", {"actual": "12磅"}, 4, "body"),
             (6, "size", {"actual": "14磅"}, 6, "heading1"), (7, None, {"actual": None}, 7, "body"),
             (9, "size", {"actual": "12磅"}, 9, "body"), (9, "size", {"actual": "12磅"}, 9, "body")]
    runs = group_runs(items)
    assert [(r.numbers, r.roles, r.detail["actual"]) for r in runs] == [
        ([3, 4, 9], ["body"], "12磅"), ([6], ["heading1"], "14磅")]
    assert block_range(runs[0]) == "第3–4、9段，共3段：" and block_range(runs[1]) == "第6段"
    many = Run("k", {}, 5, numbers=[5, 7, 9, 11, 13, 20, 21])
    assert block_range(many) == "第5、7、9、11…段，共7段："
    assert block_range(Run("k", {}, 12, numbers=list(range(12, 41)))) == "第12–40段"
    assert section_range(Run("k", {}, 1, numbers=[1]), 1) == "全文"
    assert section_range(Run("k", {}, 1, numbers=[1, 2, 3]), 3) == "全部3节"
    assert section_range(Run("k", {}, 1, numbers=[2]), 3) == "第2节"


# -- edits ------------------------------------------------------------------------------------------
def test_properties_are_inserted_in_schema_order():
    rpr = parse_xml(f'<w:rPr {nsdecls("w")}><w:b/><w:sz w:val="24"/><w:lang w:val="zh-CN"/></w:rPr>')
    get_or_add(rpr, "rFonts", RPR_ORDER)
    get_or_add(rpr, "szCs", RPR_ORDER)
    assert [etree.QName(c).localname for c in rpr] == ["rFonts", "b", "sz", "szCs", "lang"]


@pytest.mark.parametrize("offset", [1, 3, 4, 5])
def test_split_run_keeps_text_and_properties(offset):
    p = parse_xml(f'<w:p {nsdecls("w")}><w:r><w:rPr><w:b/></w:rPr><w:t>甲乙丙</w:t><w:tab/><w:t>丁戊</w:t></w:r></w:p>')
    before = paragraph_text(p)
    second = split_run(p[0], offset)
    assert paragraph_text(p) == before
    assert second is not None and second.find(W + "rPr") is not None
    first_text = "".join(text for run, text, _ in visible_runs(p) if run is p[0])
    assert len(first_text) == offset
    assert split_run(p[0], 0) is None


def test_page_number_paragraph_is_a_complex_field():
    p = page_number_paragraph("— PAGE —", size_pt=14, font="宋体", alignment="right", side_indent_twips=280)
    kinds = [c.get(W + "fldCharType") for c in p.iter(W + "fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert paragraph_text(p) == "— 1 —"
    assert {s.get(W + "val") for s in p.iter(W + "sz")} == {"28"}


def test_clean_builder_matches_its_description(tmp_path):
    assert CLEAN_LOOKS["body"] == BODY
    doc = _doc(build(tmp_path / "r.docx"))
    assert len([p for p in doc.element.body.iter(W + "p") if paragraph_text(p)]) == 19


def test_bulk_east_asian_ranges_match_unicodedata():
    """The regex fast path for counting East-Asian characters agrees with unicodedata."""
    import re

    from checker.layout.formatting import EA_BULK, _char_class

    ranges = re.findall(r"(.)-(.)", EA_BULK)
    assert ranges
    for a, b in ranges:
        assert all(_char_class(chr(c)) == "ea" for c in range(ord(a), ord(b) + 1))
