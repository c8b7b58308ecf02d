"""The tests' own report texts, as text and as .docx in four shapes: facts, parts, findings.

Each text stands for a kind of report met in practice (see tests/reports/): a web copy with
page furniture, a late date and a missing part; a report without a title whose
responsibility part is a paragraph; a department report whose arabic items run on across
sub-headings and whose shortcomings are an unheaded paragraph.
"""

from __future__ import annotations

import pytest

from checker.runner import CheckOptions, check_file
from conftest import LINJIANG, NANHU, QINGSHI
from docxbuild import DELETED_PARAGRAPH, DELETED_PHRASE, build_seed

SHAPES = ["text", "plain", "styles", "autonum", "tracked"]


def _check(source, shape, tmp_path, packs=("national",)):
    path = source if shape == "text" else build_seed(source, shape, tmp_path)
    result = check_file(path, CheckOptions(packs=list(packs)))
    assert result.status == "checked", result.error
    return result


def _sections(result):
    return {s["key"]: s for s in result.sections}


def _rules(result):
    return {f.rule for f in result.findings}


def _block_text(result, index):
    return result.report.block(index).text


@pytest.mark.parametrize("shape", SHAPES)
def test_web_copy_with_a_missing_part(shape, tmp_path):
    r = _check(QINGSHI, shape, tmp_path)
    assert r.meta["title"] == "青石区2023年法治政府建设情况报告"
    assert r.meta["year"] == 2023
    assert r.meta["level"] == "government"
    assert r.meta["issuer"] == "青石区"
    assert r.meta["published"] == "2024-04-02"
    secs = _sections(r)
    assert secs["achievements"]["headed"] is True
    assert secs["achievements"]["title"].endswith("2023年工作情况")
    assert secs["shortcomings"]["headed"] is False
    assert _block_text(r, secs["shortcomings"]["start"]).startswith("2023年度,我区法治政府建设取得了一定成效,但也存在")
    assert "responsibility" not in secs
    assert secs["plan"]["headed"] is True and secs["plan"]["title"] == "二、2024年工作计划"
    missing = [f for f in r.findings if f.rule == "national.section-missing"]
    assert [f.section for f in missing] == ["responsibility"]
    assert missing[0].severity.label == "error"
    assert {"national.web-noise", "national.publication-late", "national.section-unheaded"} <= _rules(r)
    late = next(f for f in r.findings if f.rule == "national.publication-late")
    assert "2024年4月2日" in late.message and "2024年4月1日" in late.message


@pytest.mark.parametrize("shape", SHAPES)
def test_untitled_report_with_responsibility_in_a_paragraph(shape, tmp_path):
    r = _check(LINJIANG, shape, tmp_path)
    assert r.meta["title"] is None
    assert "national.title-missing" in _rules(r)
    assert r.meta["year"] == 2024
    assert r.meta["level"] == "government"  # "我市" in the first sentence
    secs = _sections(r)
    for key in ("achievements", "shortcomings", "plan"):
        assert secs[key]["headed"] is True, key
    assert secs["shortcomings"]["title"] == "二、存在问题和不足"
    assert secs["plan"]["title"] == "三、下一步工作计划"
    resp = secs["responsibility"]
    assert resp["headed"] is False
    assert "切实履行推进法治建设第一责任人职责" in _block_text(r, resp["start"])
    assert "national.section-missing" not in _rules(r)


@pytest.mark.parametrize("shape", SHAPES)
def test_department_report_items_run_on(shape, tmp_path):
    r = _check(NANHU, shape, tmp_path)
    assert r.meta["title"] == "南湖县市场监督管理局2022年法治政府建设年度报告"
    assert r.meta["year"] == 2022
    assert r.meta["level"] == "department"
    assert r.meta["issuer"] == "南湖县市场监督管理局"
    assert r.meta["date"] == "2023-01-20"
    secs = _sections(r)
    resp = secs["responsibility"]
    assert resp["headed"] is True
    assert resp["title"].startswith("11.") and "第一责任人" in resp["title"]
    assert secs["shortcomings"]["headed"] is False
    assert _block_text(r, secs["shortcomings"]["start"]).startswith("与此同时，")
    assert secs["plan"]["headed"] is True
    assert secs["plan"]["title"] == "二、2023年推进法治政府建设的主要安排"
    assert "national.section-missing" not in _rules(r)
    assert "national.title-missing" not in _rules(r)


@pytest.mark.parametrize("source", [QINGSHI, LINJIANG, NANHU], ids=lambda p: p.stem)
def test_docx_shapes_agree_with_text(source, tmp_path):
    """Every .docx shape gives the same parts, spans and findings as the text."""
    packs = ("national", "hygiene", "reviewer", "terms")
    base = _check(source, "text", tmp_path, packs)
    for shape in SHAPES[1:]:
        r = _check(source, shape, tmp_path, packs)
        assert r.meta == base.meta, shape
        assert r.sections == base.sections, shape
        expected = [f for f in base.findings
                    # Word draws automatic labels itself, so typed half-width "(一)" is gone
                    if not (shape == "autonum" and f.rule == "reviewer.numbering-half-width")]
        assert sorted((f.rule, f.location.block, f.section) for f in r.findings) == \
            sorted((f.rule, f.location.block, f.section) for f in expected), shape


def test_autonum_renders_the_labels_word_shows(tmp_path):
    r = _check(NANHU, "autonum", tmp_path)
    labels = [b.label for b in r.report.document.blocks if b.label]
    assert labels[:3] == ["一、", "（一）", "1."]
    # arabic items run on across （一）…（四） and restart under 二、
    assert "11." in labels
    second = labels.index("二、")
    assert labels[second + 1] == "（一）" and labels[second + 2] == "1."


def test_tracked_changes_read_as_accepted(tmp_path):
    r = _check(QINGSHI, "tracked", tmp_path)
    text = r.report.document.text
    assert DELETED_PHRASE not in text and DELETED_PARAGRAPH not in text
    plain = _check(QINGSHI, "text", tmp_path).report.document
    assert [b.text for b in r.report.document.blocks] == [b.text for b in plain.blocks]


def test_web_noise_is_not_body_and_reported_once():
    result = _check(QINGSHI, "text", None)
    report = result.report
    noise = [report.block(i).text for i in sorted(report.noise)]
    assert any(t.startswith("发布日期") for t in noise)
    assert any(t.startswith("分享到") for t in noise)
    assert any(t.startswith("当前位置") for t in noise)
    assert not any(t.startswith("2023年,我区") for t in noise)
    assert [f.rule for f in result.findings].count("national.web-noise") == 1


def test_items_one_shi_er_shi_are_items_not_headings():
    report = _check(LINJIANG, "text", None).report
    assert report.outline.items, "一是/二是 items not recorded"
    assert all(not report.block(h.block).text.startswith("一是") for h in report.outline.headings)
