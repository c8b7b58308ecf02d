"""The three real seed reports, as text and as .docx in four shapes."""

from __future__ import annotations

import pytest

from conftest import seed_path
from shapecheck import (SHAPES, assert_meta, assert_missing_only, assert_shapes_agree,
                        assert_tracked_reads_as_accepted, autonum_labels, block_text, check_shape, rules,
                        sections)


def _check(prefix, shape, tmp_path):
    return check_shape(seed_path(prefix), shape, tmp_path)


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_000_huadu_2019(shape, tmp_path):
    r = _check("000", shape, tmp_path)
    assert_meta(r, title="广州市花都区2019年法治政府建设情况报告", year=2019, level="government",
                issuer="广州市花都区", published="2020-04-01")
    secs = sections(r)
    assert secs["achievements"]["headed"] is True
    assert secs["achievements"]["title"].endswith("2019年工作情况")
    # shortcomings are an unheaded paragraph at the end of the achievements
    assert secs["shortcomings"]["headed"] is False
    assert block_text(r, secs["shortcomings"]["start"]).startswith("2019年度,我区法治政府建设取得了一定成效,但也存在")
    assert "responsibility" not in secs
    assert secs["plan"]["headed"] is True
    assert secs["plan"]["title"] == "二、2020年工作计划"
    assert_missing_only(r, "responsibility")
    assert {"national.shortcomings-no-cause", "national.web-noise", "national.publication-late",
            "national.section-unheaded"} <= rules(r)
    # published on 1 April 2020: not *before* 1 April -> late
    late = next(f for f in r.findings if f.rule == "national.publication-late")
    assert "2020年4月1日" in late.message


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_002_qingyuan_2024_no_title(shape, tmp_path):
    r = _check("002", shape, tmp_path)
    assert_meta(r, title=None, year=2024, level="government")  # level: "我市" in the first sentence
    assert "national.title-missing" in rules(r)
    secs = sections(r)
    for key in ("achievements", "shortcomings", "plan"):
        assert secs[key]["headed"] is True, key
    assert secs["shortcomings"]["title"] == "二、存在问题和不足"
    assert secs["plan"]["title"] == "三、下一步工作计划"
    resp = secs["responsibility"]
    assert resp["headed"] is False
    assert "切实履行法治建设第一责任人职责" in block_text(r, resp["start"])
    assert "national.section-missing" not in rules(r)


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_003_haizhu_justice_bureau_2020(shape, tmp_path):
    r = _check("003", shape, tmp_path)
    assert_meta(r, title="海珠区司法局2020年法治政府建设年度报告", year=2020, level="department")
    secs = sections(r)
    resp = secs["responsibility"]
    assert resp["headed"] is True
    assert resp["title"].startswith("27.") and "第一责任人" in resp["title"]
    assert secs["shortcomings"]["headed"] is False
    assert block_text(r, secs["shortcomings"]["start"]).startswith("与此同时,")
    assert secs["plan"]["headed"] is True
    assert secs["plan"]["title"].startswith("二、2021年") and secs["plan"]["title"].endswith("主要安排")
    assert "national.section-missing" not in rules(r)
    assert "national.title-missing" not in rules(r)


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_docx_shapes_agree_with_text(prefix, tmp_path):
    assert_shapes_agree(seed_path(prefix), tmp_path)


def test_autonum_renders_labels_word_shows(tmp_path):
    labels = autonum_labels(seed_path("003"), tmp_path)
    # arabic items run on across （一）…（七） (lvlRestart) and restart under 二、
    assert "27." in labels and "31." in labels


def test_tracked_changes_read_as_accepted(tmp_path):
    assert_tracked_reads_as_accepted(seed_path("000"), tmp_path)
