"""existence: patterns that must not occur, with exceptions, inside running Chinese text."""

import pytest

from checker.errors import PackError
from checkcase import at, findings, lines

FAZHI = {"check": "existence", "tokens": ["法制"], "exceptions": ["法制(?:审核|机构|科|部门)"]}


def test_matches_inside_running_text_without_word_boundaries():
    text = lines("2023年，我区加快建设法制政府。", "推行重大执法决定法制审核，法制机构和法制科依法履职。",
                 "法制审核之外，法制宣传也要加强。")
    assert at(text, FAZHI) == [1, 3]


def test_every_occurrence_is_reported_with_its_excerpt():
    found = findings("建设法制政府，弘扬法制精神。", FAZHI)
    assert [f.excerpt for f in found] == ["建设法制政府，弘扬法制精神。"] * 2
    assert all(f.message == "法制" for f in found)


def test_anchored_tokens_judge_the_whole_paragraph():
    rule = {"check": "existence", "tokens": [r"^\s*(?:秘密|机密|绝密)\s*(?:★.{0,8})?$"]}
    text = lines("机密★1年", "某区2023年法治政府建设年度报告", "严格保守国家秘密，涉及国家秘密的除外。")
    assert at(text, rule) == [1]


def test_title_is_scanned_unless_where_excludes_it():
    text = lines("XX区2023年法治政府建设年度报告", "2023年，XX区推进依法行政。")
    assert at(text, {"check": "existence", "tokens": ["XX"]}) == [1, 2]
    assert at(text, {"check": "existence", "tokens": ["XX"], "where": ["body"]}) == [2]


def test_sections_limit_the_scan():
    text = lines("一、2023年主要举措和成效", "全年办理案件XX件。", "二、2024年工作安排", "计划办理XX件。")
    assert at(text, {"check": "existence", "tokens": ["XX"], "sections": ["plan"]}) == [4]


def test_web_noise_blocks_are_not_scanned():
    text = lines("发布日期:2020-04-01 XX网", "2023年，我区推进依法行政。")
    assert at(text, {"check": "existence", "tokens": ["XX"]}) == []


def test_max_findings_caps_and_counts_the_rest():
    text = "".join(f"第{i}项XX。\n" for i in range(6))
    found = findings(text, {"check": "existence", "tokens": ["XX"], "max_findings": 2})
    assert [f.location.block for f in found] == [1, 2]
    assert "另有4处" in found[-1].message


def test_bad_token_is_refused_with_file_and_line():
    with pytest.raises(PackError) as err:
        findings("x", {"check": "existence", "tokens": ["(未闭合"]})
    assert "tokens" in str(err.value) and ".yaml:" in str(err.value)


def test_headers_and_footers_of_a_docx(tmp_path):
    import docx

    from checker.runner import CheckOptions, check_file
    from checkcase import pack_file

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "内部资料 注意保存"
    document.add_paragraph("某区2023年法治政府建设年度报告")
    document.add_paragraph("2023年，我区严格保守国家秘密。")
    path = tmp_path / "报告.docx"
    document.save(path)
    rule = {"check": "existence", "tokens": ["内部资料\\s*注意保存", "秘密"], "message": "{match}@{where}"}
    body_only = check_file(path, CheckOptions(packs=[str(pack_file(rule))]))
    assert [(f.location.block, f.message) for f in body_only.findings] == [(2, "秘密@正文")]
    everywhere = check_file(path, CheckOptions(packs=[str(pack_file({**rule, "where": ["body", "headers"]}))]))
    assert sorted((f.location.block or 0, f.message) for f in everywhere.findings) == [
        (0, "内部资料 注意保存@页眉"), (2, "秘密@正文")]


def test_tokens_that_cannot_be_joined_still_work():
    rule = {"check": "existence", "tokens": ["(?P<x>XX)", "(?P<x>××)", "(?i)todo"]}
    assert at(lines("第XX项。", "第××项。", "TODO：补充。", "正常。"), rule) == [1, 2, 3]
