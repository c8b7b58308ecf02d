"""The gbt9704 layout pack: each defect found once, at the right place, with a fix; nothing on a
clean GB/T 9704 report; real Word/WPS files judged truthfully; text inputs never judged."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DOCX_FIXTURES, NEED_SHARED, report_texts, shared_params
from layoutbuild import ATTACHMENT, BODY, CLEAN_LOOKS, LINES, Footer, Look, Page, build

from checker.checks import get as get_check
from checker.config import load_config
from checker.findings import Severity
from checker.packs.loader import load_pack, select_packs
from checker.runner import CheckOptions, check_file, check_text

GBT = CheckOptions(packs=["gbt9704"])


def _findings(path: Path, options: CheckOptions = GBT):
    result = check_file(path, options)
    assert result.status == "checked", result.error
    return [f for f in result.findings if f.rule.startswith("gbt9704.")]


def _dated(lines, text):
    return [(k, text if k == "date" else t) for k, t in lines]


# name -> (build options, rule, block, severity, words the message must contain)
DEFECTS = {
    "margins": (dict(page=Page(top=25.4, bottom=25.4, left=31.8, right=31.8)), "page-margins", 1, "error",
                ["全文", "上25.4毫米", "左31.8毫米", "上37±1"]),
    "paper-letter": (dict(page=Page(width_mm=215.9, height_mm=279.4)), "page-size", 1, "error",
                     ["215.9×279.4毫米", "A4"]),
    "second-section-margins": (dict(second_section=Page(top=25)), "page-margins", 13, "error", ["第2节", "上25毫米"]),
    "title-font": (dict(looks={"title": replace(CLEAN_LOOKS["title"], east_asian="宋体")}), "title-font", 1, "error",
                   ["第1段标题字体为宋体", "方正小标宋简体"]),
    "title-size": (dict(looks={"title": replace(CLEAN_LOOKS["title"], size=16)}), "title-size", 1, "error",
                   ["16磅（三号）", "22磅（二号）"]),
    "title-left": (dict(looks={"title": replace(CLEAN_LOOKS["title"], align="left")}), "title-alignment", 1, "error",
                   ["左对齐", "居中"]),
    "heading1-font": (dict(looks={"heading1": Look(east_asian="宋体")}), "heading1-font", 3, "error",
                      ["第3、12、14段，共3段：一级标题字体为宋体", "黑体"]),
    "heading2-font": (dict(looks={"heading2": Look(east_asian="仿宋_GB2312")}), "heading2-font", 4, "error",
                      ["第4、11段，共2段：二级标题", "楷体_GB2312"]),
    "heading3-font": (dict(looks={"heading3": Look(east_asian="黑体")}), "heading34-font", 7, "error", ["三级标题字体为黑体"]),
    "heading4-font": (dict(looks={"heading4": Look(east_asian="楷体_GB2312")}), "heading34-font", 9, "error",
                      ["四级标题字体为楷体_GB2312"]),
    "heading-size": (dict(looks={"heading3": Look(size=15)}), "heading-size", 7, "error", ["15磅（小三）"]),
    "body-size": (dict(paragraph_looks={i: replace(BODY, size=12) for i in (15, 16, 17)}), "body-size", 15, "error",
                  ["第15–17段正文字号为12磅（小四），应为16磅（三号）"]),
    "body-east-asian-wrong-latin-right": (dict(paragraph_looks={5: Look(east_asian="宋体", latin="Times New Roman")}),
                                          "body-font", 5, "error", ["第5段正文字体为宋体"]),
    "body-latin-only": (dict(body_defaults=Look(east_asian="宋体", latin=None, line=None, first_line=None, align=None),
                             paragraph_looks={6: Look(east_asian=None, latin="仿宋_GB2312")}),
                        "body-font", 6, "error", ["第6段正文字体为宋体"]),
    "body-theme-font": (dict(theme_defaults=True, theme_east_asian="宋体",
                             looks={"body": Look(east_asian=None), "issuer": replace(CLEAN_LOOKS["issuer"], east_asian=None),
                                    "date": replace(CLEAN_LOOKS["date"], east_asian=None)}),
                        "body-font", 2, "error", ["第2、5–6、8、10–11…段，共12段：", "正文、署名和成文日期字体为宋体"]),
    "line-single": (dict(paragraph_looks={i: replace(BODY, line=(240, "auto")) for i in (15, 16, 17)}), "line-spacing",
                    15, "error", ["第15–17段正文行距为单倍行距", "固定值28磅"]),
    "line-over": (dict(paragraph_looks={8: replace(BODY, line=(580, "exact"))}), "line-spacing", 8, "warning",
                  ["固定值29磅"]),
    "line-under": (dict(paragraph_looks={8: replace(BODY, line=(540, "exact"))}), "line-spacing", 8, "error",
                   ["固定值27磅"]),
    "indent-missing": (dict(paragraph_looks={13: replace(BODY, first_line=None)}), "body-indent", 13, "error",
                       ["第13段正文首行缩进0字符", "首行缩进2字符"]),
    "indent-left": (dict(paragraph_looks={13: replace(BODY, left=640)}), "body-indent", 13, "error", ["左缩进2字符"]),
    "heading-indent": (dict(looks={"heading4": Look(first_line=("chars", 0))}), "heading-indent", 9, "warning",
                       ["四级标题首行缩进0字符"]),
    "page-number-missing": (dict(footer=None), "page-number", 1, "error", ["页脚没有页码"]),
    "page-number-hyphens": (dict(footer=Footer(text="- PAGE -")), "page-number-form", 1, "warning", ["“- 1 -”", "“— 1 —”"]),
    "page-number-size": (dict(footer=Footer(size=10.5)), "page-number-size", 1, "error", ["10.5磅（五号）", "14磅（四号）"]),
    "page-number-centred": (dict(footer=Footer(position="center")), "page-number-position", 1, "warning", ["居中"]),
    "page-number-font": (dict(footer=Footer(font="Times New Roman")), "page-number-font", 1, "info", ["Times New Roman"]),
    "date-zero-padded": (dict(lines=_dated(LINES, "2025年03月20日")), "signature-date-form", 19, "error",
                         ["“2025年03月20日”", "“2025年3月20日”"]),
    "date-chinese-numerals": (dict(lines=_dated(LINES, "二〇二五年三月二十日")), "signature-date-form", 19, "error",
                              ["“2025年3月20日”"]),
    "attachment-label-font": (dict(lines=LINES + ATTACHMENT, looks={"attachment": Look(align="left", first_line=None)}),
                              "attachment-font", 20, "error", ["第20段附件标识字体为仿宋_GB2312", "黑体"]),
    "no-date": (dict(lines=[(k, t) for k, t in LINES if k not in ("issuer", "date")]), "signature-date", 17,
                "warning", ["文末没有成文日期"]),
    "no-issuer": (dict(lines=[(k, t) for k, t in LINES if k != "issuer"]), "signature-issuer", 18, "warning",
                  ["没有发文机关署名"]),
    "signature-left": (dict(looks={"issuer": replace(CLEAN_LOOKS["issuer"], align="left", right_chars=None),
                                   "date": replace(CLEAN_LOOKS["date"], align="left", right_chars=None)}),
                       "signature-position", 18, "warning", ["第18–19段署名和成文日期为左对齐"]),
    "run-in-heading-in-body-font": (dict(runin_single_run=True), "heading2-font", 11, "error",
                                    ["第11段二级标题字体为仿宋_GB2312"]),
}

CLEAN_VARIANTS = {
    "direct": {},
    "styles-and-docdefaults-only": dict(mode="styles"),
    "theme-font": dict(theme_defaults=True, theme_east_asian="仿宋_GB2312",
                       looks={"body": Look(east_asian=None), "issuer": replace(CLEAN_LOOKS["issuer"], east_asian=None),
                              "date": replace(CLEAN_LOOKS["date"], east_asian=None)}),
    "latin-differs": dict(looks={"body": Look(east_asian="仿宋_GB2312", latin="Arial")}),
    "indent-in-twips": dict(looks={"body": replace(BODY, first_line=("twips", 640))}),
    "line-28.95": dict(looks={"body": replace(BODY, line=(579, "exact"))}),
    "page-number-simple-field": dict(footer=Footer(field="simple")),
    "font-aliases": dict(looks={"title": replace(CLEAN_LOOKS["title"], east_asian="方正小标宋_GBK"),
                                "heading1": Look(east_asian="SimHei"), "heading2": Look(east_asian="楷体"),
                                "body": Look(east_asian="仿宋")}),
    "tracked-and-comment": dict(tracked=True, comment=True),
    "date-placeholder-in-a-template": dict(lines=_dated(LINES, "【请填写：成文日期，如2025年3月20日】")),
    "attachment-after-signature": dict(lines=LINES + ATTACHMENT),
}


@pytest.mark.parametrize("name", sorted(CLEAN_VARIANTS))
def test_clean_report_has_no_finding(tmp_path, name):
    path = build(tmp_path / f"{name}.docx", **CLEAN_VARIANTS[name])
    assert _findings(path) == []


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_each_defect_found_once_at_its_place_with_a_fix(tmp_path, name):
    options, rule, block, severity, words = DEFECTS[name]
    found = _findings(build(tmp_path / f"{name}.docx", **options))
    assert [f.rule for f in found] == [f"gbt9704.{rule}"], [(f.rule, f.message) for f in found]
    finding = found[0]
    assert finding.location.block == block
    assert finding.severity == Severity.parse(severity)
    for word in words:
        assert word in finding.message, finding.message
    assert finding.suggestion and "{" not in finding.suggestion and "{" not in finding.message


def test_styles_mode_defects_follow_the_chain(tmp_path):
    """In a file formatted only through styles, a wrong font in a base style shows on the
    headings that inherit it (GBHeading2 -> GBHeading1) only where not overridden."""
    looks = {"heading1": Look(east_asian="宋体"), "heading2": Look(east_asian="楷体_GB2312")}
    found = _findings(build(tmp_path / "chain.docx", mode="styles", looks=looks))
    assert [(f.rule, f.location.block) for f in found] == [("gbt9704.heading1-font", 3)]


def test_bold_is_a_config_choice(tmp_path):
    path = build(tmp_path / "r.docx")
    assert _findings(path) == []
    config = tmp_path / ".fazhi.yaml"
    config.write_text("rules:\n  gbt9704.heading-bold: on\n", encoding="utf-8")
    on = CheckOptions(packs=["gbt9704"], config=load_config(config))
    found = _findings(path, on)
    assert [f.rule for f in found] == ["gbt9704.heading-bold"]
    assert "二级标题、三级标题不加粗" in found[0].message
    bold = build(tmp_path / "bold.docx", looks={"heading2": Look(east_asian="楷体_GB2312", bold=True),
                                                 "heading3": Look(bold=True)})
    assert _findings(bold, on) == []


def test_centred_page_numbers_accepted_by_house_style(tmp_path):
    path = build(tmp_path / "c.docx", footer=Footer(position="center"))
    options = CheckOptions(packs=["gbt9704"],
                           rule_settings={"gbt9704.page-number-position": "off"})
    assert _findings(path, options) == []


def test_house_style_pack_changes_numbers_without_code(tmp_path):
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "id: house\nname: 本单位格式\nbasis: 本单位公文格式规定\nextends: gbt9704\napplies_to: [docx]\n"
        "rules:\n  - id: page-margins\n    margins_mm: {top: 30, bottom: 30, left: 28, right: 26}\n"
        "  - id: line-spacing\n    line_min_pt: 28.5\n    line_max_pt: 30\n    line_target_pt: 29.5\n",
        encoding="utf-8")
    found = _findings(build(tmp_path / "r.docx"), CheckOptions(packs=[str(pack)]))
    rules = sorted({f.rule for f in found})
    assert rules == ["gbt9704.line-spacing", "gbt9704.page-margins"]
    margins = next(f for f in found if f.rule.endswith("page-margins"))
    assert "上30±1" in margins.message


def test_pack_runs_by_default_on_docx_only():
    assert "gbt9704" in {p.id for p in select_packs(None, "docx")}
    assert "gbt9704" not in {p.id for p in select_packs(None, "text")}
    pack = load_pack("gbt9704")
    assert pack.applies_to == ("docx",) and pack.default
    for rule in pack.rules.values():
        assert rule.basis and rule.suggestion and rule.description and rule.message
        assert rule.check.startswith("layout-")
        assert "GB/T 9704" in rule.basis or "惯例" in rule.basis


def test_text_input_is_never_judged():
    text = "XX市2024年法治政府建设年度报告\n一、主要举措和成效\n我市……\n"
    result = check_text(text, GBT)
    assert [f for f in result.findings if f.rule.startswith("gbt9704.")] == []
    # even a layout check called directly on a text report does nothing
    report = check_text(text, CheckOptions()).report
    for rule in load_pack("gbt9704").rules.values():
        assert list(get_check(rule.check).check(report, rule)) == []


def test_default_run_on_docx_includes_layout(tmp_path):
    path = build(tmp_path / "r.docx", footer=None)
    result = check_file(path, CheckOptions())
    assert "gbt9704.page-number" in {f.rule for f in result.findings}


# -- real Word / WPS files ------------------------------------------------------------------
FIXTURES = sorted(p for p in DOCX_FIXTURES.glob("*") if p.suffix.lower() in (".docx", ".dotx")) \
    if DOCX_FIXTURES.is_dir() else []


@pytest.mark.parametrize("path", shared_params(FIXTURES), ids=lambda p: p.name if p else "no-shared")
def test_every_real_fixture_is_judged(path):
    found = _findings(path)
    keys = [(f.rule, f.location.block, f.message) for f in found]
    assert len(keys) == len(set(keys)), "a finding is repeated"
    for f in found:
        assert f.message and f.suggestion and not re.search(r"\{[a-z_]+\}", f.message + f.suggestion)
        assert f.location.block is not None


def _fixture(name):
    path = DOCX_FIXTURES / name
    if not path.exists():
        pytest.skip(NEED_SHARED)
    return path


def test_gbt9704_template_is_nearly_clean():
    found = _findings(_fixture("gbt9704_template_wps.docx"))
    assert [f for f in found if f.severity == Severity.ERROR] == []
    assert len(found) <= 3
    # the template's page number is a text box aligned "outside": accepted
    assert not any("page-number" in f.rule for f in found)


def test_gongwen_reference_template_is_nearly_clean():
    found = _findings(_fixture("gongwen_reference_styled_numbering_msword.dotx"))
    rules = {f.rule for f in found}
    assert not rules & {"gbt9704.page-size", "gbt9704.page-margins", "gbt9704.page-number",
                        "gbt9704.page-number-size", "gbt9704.page-number-position", "gbt9704.body-font",
                        "gbt9704.body-size", "gbt9704.line-spacing", "gbt9704.heading2-font"}
    # single spacing on a 579-twip document grid is 28.95 pt per line: 22 lines, accepted
    assert len([f for f in found if f.severity == Severity.ERROR]) <= 3
    # "numberInDash" page numbers print as "- 1 -": hyphens, not 一字线
    form = [f for f in found if f.rule == "gbt9704.page-number-form"]
    assert form and "“- 1 -”" in form[0].message


def test_raw_state_council_paste_is_full_of_findings():
    found = _findings(_fixture("state_council_decision_raw_msword.docx"))
    rules = {f.rule for f in found}
    assert {"gbt9704.page-margins", "gbt9704.page-number", "gbt9704.title-font", "gbt9704.title-size",
            "gbt9704.title-alignment", "gbt9704.body-font", "gbt9704.body-size", "gbt9704.line-spacing",
            "gbt9704.body-indent", "gbt9704.signature-position"} <= rules
    body_font = next(f for f in found if f.rule == "gbt9704.body-font")
    assert "华文琥珀" in body_font.message
    # the two title lines are judged as one title, the whole body as one run
    title = next(f for f in found if f.rule == "gbt9704.title-font")
    assert title.location.block == 1 and "第1–2段" in title.message


def test_margins_within_tolerance_pass():
    found = _findings(_fixture("notice_redhead_wps.docx"))  # 38/35/28/27 mm: inside ±1 mm
    assert "gbt9704.page-margins" not in {f.rule for f in found}


def test_landscape_table_page_is_judged_turned():
    found = _findings(_fixture("procuratorate_checklist_landscape_msword.docx"))
    assert not {"gbt9704.page-size", "gbt9704.page-margins"} & {f.rule for f in found}


@pytest.mark.parametrize("shape", ["plain", "styles", "autonum", "tracked"])
def test_seed_derived_docx(tmp_path, shape):
    from docxbuild import build_seed

    seeds = report_texts()[:3]
    for seed in seeds:
        path = build_seed(seed, shape, tmp_path)
        found = _findings(path)
        rules = {f.rule for f in found}
        # python-docx's default template: Letter paper, 宋体 (theme) 11 pt body, no page number
        assert {"gbt9704.page-size", "gbt9704.page-number", "gbt9704.body-font", "gbt9704.body-size"} <= rules
        body_font = [f for f in found if f.rule == "gbt9704.body-font"]
        assert all("宋体" in f.message for f in body_font)
        assert len(found) < 40, [f.message for f in found]
