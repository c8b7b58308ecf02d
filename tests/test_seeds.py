"""The three real seed reports, as text and as .docx in four shapes."""

from __future__ import annotations

import pytest

from checker.runner import CheckOptions, check_file
from conftest import seed_path
from docxbuild import build_seed

SHAPES = ["text", "plain", "styles", "autonum", "tracked"]


def _check(prefix, shape, tmp_path):
    seed = seed_path(prefix)
    path = seed if shape == "text" else build_seed(seed, shape, tmp_path)
    result = check_file(path, CheckOptions(packs=["national"]))
    assert result.status == "checked", result.error
    return result


def _sections(result):
    return {s["key"]: s for s in result.sections}


def _rules(result):
    return {f.rule for f in result.findings}


def _block_text(result, index):
    return result.report.block(index).text


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_000_huadu_2019(shape, tmp_path):
    r = _check("000", shape, tmp_path)
    assert r.meta["title"] == "广州市花都区2019年法治政府建设情况报告"
    assert r.meta["year"] == 2019
    assert r.meta["level"] == "government"
    assert r.meta["issuer"] == "广州市花都区"
    assert r.meta["published"] == "2020-04-01"
    secs = _sections(r)
    assert secs["achievements"]["headed"] is True
    assert secs["achievements"]["title"].endswith("2019年工作情况")
    # shortcomings are an unheaded paragraph at the end of the achievements
    assert secs["shortcomings"]["headed"] is False
    assert _block_text(r, secs["shortcomings"]["start"]).startswith("2019年度,我区法治政府建设取得了一定成效,但也存在")
    assert "responsibility" not in secs
    assert secs["plan"]["headed"] is True
    assert secs["plan"]["title"] == "二、2020年工作计划"
    missing = [f for f in r.findings if f.rule == "national.section-missing"]
    assert [f.section for f in missing] == ["responsibility"]
    assert missing[0].severity.label == "error"
    assert {"national.shortcomings-no-cause", "national.web-noise", "national.publication-late",
            "national.section-unheaded"} <= _rules(r)
    # published on 1 April 2020: not *before* 1 April -> late
    late = next(f for f in r.findings if f.rule == "national.publication-late")
    assert "2020年4月1日" in late.message


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_002_qingyuan_2024_no_title(shape, tmp_path):
    r = _check("002", shape, tmp_path)
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
    assert "切实履行法治建设第一责任人职责" in _block_text(r, resp["start"])
    assert "national.section-missing" not in _rules(r)


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_003_haizhu_justice_bureau_2020(shape, tmp_path):
    r = _check("003", shape, tmp_path)
    assert r.meta["title"] == "海珠区司法局2020年法治政府建设年度报告"
    assert r.meta["year"] == 2020
    assert r.meta["level"] == "department"
    secs = _sections(r)
    resp = secs["responsibility"]
    assert resp["headed"] is True
    assert resp["title"].startswith("27.") and "第一责任人" in resp["title"]
    assert secs["shortcomings"]["headed"] is False
    assert _block_text(r, secs["shortcomings"]["start"]).startswith("与此同时,")
    assert secs["plan"]["headed"] is True
    assert secs["plan"]["title"].startswith("二、2021年") and secs["plan"]["title"].endswith("主要安排")
    assert "national.section-missing" not in _rules(r)
    assert "national.title-missing" not in _rules(r)


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_docx_shapes_agree_with_text(prefix, tmp_path):
    """Every .docx shape gives the same parts, spans and facts as the published text."""
    base = _check(prefix, "text", tmp_path)
    for shape in SHAPES[1:]:
        r = _check(prefix, shape, tmp_path)
        assert r.meta == base.meta, shape
        assert r.sections == base.sections, shape
        assert sorted((f.rule, f.location.block, f.section) for f in r.findings) == \
            sorted((f.rule, f.location.block, f.section) for f in base.findings), shape


def test_autonum_renders_labels_word_shows(tmp_path):
    """In the autonum shape the labels are not in the text: they come from numbering.xml."""
    r = _check("003", "autonum", tmp_path)
    doc = r.report.document
    labelled = [b for b in doc.blocks if b.label]
    assert labelled, "automatic numbering was not rendered"
    assert labelled[0].label == "一、"
    labels = [b.label for b in labelled]
    # arabic items run on across （一）…（七） (lvlRestart) and restart under 二、
    assert "27." in labels and "31." in labels
    second = labels.index("二、")
    assert labels[second + 1] == "（一）" and labels[second + 2] == "1."


def test_tracked_changes_read_as_accepted(tmp_path):
    from docxbuild import DELETED_PARAGRAPH, DELETED_PHRASE

    r = _check("000", "tracked", tmp_path)
    text = r.report.document.text
    assert DELETED_PHRASE not in text
    assert DELETED_PARAGRAPH not in text
    plain = _check("000", "text", tmp_path).report.document
    assert [b.text for b in r.report.document.blocks] == [b.text for b in plain.blocks]
