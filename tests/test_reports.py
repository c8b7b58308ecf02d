"""The tests' own report texts, as text and as .docx in four shapes: facts, parts, findings.

Each text stands for a kind of report met in practice (see tests/reports/): a web copy with
page furniture, a late date and a missing part; a report without a title whose
responsibility part is a paragraph; a department report whose arabic items run on across
sub-headings and whose shortcomings are an unheaded paragraph.
"""

from __future__ import annotations

import pytest

from conftest import LINJIANG, NANHU, QINGSHI
from shapecheck import (SHAPES, assert_meta, assert_missing_only, assert_shapes_agree,
                        assert_tracked_reads_as_accepted, autonum_labels, check_shape, headed_title, rules,
                        sections, unheaded_start)


@pytest.mark.parametrize("shape", SHAPES)
def test_web_copy_with_a_missing_part(shape, tmp_path):
    r = check_shape(QINGSHI, shape, tmp_path)
    assert_meta(r, title="青石区2023年法治政府建设情况报告", year=2023, level="government", issuer="青石区",
                published="2024-04-02")
    assert headed_title(r, "achievements").endswith("2023年工作情况")
    assert unheaded_start(r, "shortcomings").startswith("2023年度,我区法治政府建设取得了一定成效,但也存在")
    assert "responsibility" not in sections(r)
    assert headed_title(r, "plan") == "二、2024年工作计划"
    assert_missing_only(r, "responsibility")
    assert {"national.web-noise", "national.publication-late", "national.section-unheaded"} <= rules(r)
    late = next(f for f in r.findings if f.rule == "national.publication-late")
    assert "2024年4月2日" in late.message and "2024年4月1日" in late.message


@pytest.mark.parametrize("shape", SHAPES)
def test_untitled_report_with_responsibility_in_a_paragraph(shape, tmp_path):
    r = check_shape(LINJIANG, shape, tmp_path)
    assert_meta(r, title=None, year=2024, level="government")  # level: "我市" in the first sentence
    assert "national.title-missing" in rules(r)
    assert headed_title(r, "achievements")
    assert headed_title(r, "shortcomings") == "二、存在问题和不足"
    assert headed_title(r, "plan") == "三、下一步工作计划"
    assert "切实履行推进法治建设第一责任人职责" in unheaded_start(r, "responsibility")
    assert "national.section-missing" not in rules(r)


@pytest.mark.parametrize("shape", SHAPES)
def test_department_report_items_run_on(shape, tmp_path):
    r = check_shape(NANHU, shape, tmp_path)
    assert_meta(r, title="南湖县市场监督管理局2022年法治政府建设年度报告", year=2022, level="department",
                issuer="南湖县市场监督管理局", date="2023-01-20")
    resp = headed_title(r, "responsibility")
    assert resp.startswith("11.") and "第一责任人" in resp
    assert unheaded_start(r, "shortcomings").startswith("与此同时，")
    assert headed_title(r, "plan") == "二、2023年推进法治政府建设的主要安排"
    assert "national.section-missing" not in rules(r)
    assert "national.title-missing" not in rules(r)


@pytest.mark.parametrize("source", [QINGSHI, LINJIANG, NANHU], ids=lambda p: p.stem)
def test_docx_shapes_agree_with_text(source, tmp_path):
    assert_shapes_agree(source, tmp_path, packs=("national", "hygiene", "reviewer", "terms"))


def test_autonum_renders_the_labels_word_shows(tmp_path):
    labels = autonum_labels(NANHU, tmp_path)
    assert labels[:3] == ["一、", "（一）", "1."]
    # arabic items run on across （一）…（四） and restart under 二、
    assert "11." in labels


def test_tracked_changes_read_as_accepted(tmp_path):
    assert_tracked_reads_as_accepted(QINGSHI, tmp_path)


def test_web_noise_is_not_body_and_reported_once():
    result = check_shape(QINGSHI, "text", None)
    report = result.report
    noise = [report.block(i).text for i in sorted(report.noise)]
    assert any(t.startswith("发布日期") for t in noise)
    assert any(t.startswith("分享到") for t in noise)
    assert any(t.startswith("当前位置") for t in noise)
    assert not any(t.startswith("2023年,我区") for t in noise)
    assert [f.rule for f in result.findings].count("national.web-noise") == 1


def test_items_one_shi_er_shi_are_items_not_headings():
    report = check_shape(LINJIANG, "text", None).report
    assert report.outline.items, "一是/二是 items not recorded"
    assert all(not report.block(h.block).text.startswith("一是") for h in report.outline.headings)
