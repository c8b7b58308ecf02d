"""The three real seed reports, as text and as .docx in four shapes."""

from __future__ import annotations

import pytest

from conftest import seed_path
from shapecheck import (SHAPES, assert_meta, assert_missing_only, assert_shapes_agree,
                        assert_tracked_reads_as_accepted, autonum_labels, check_shape, headed_title, rules,
                        sections, unheaded_start)


def _check(prefix, shape, tmp_path):
    return check_shape(seed_path(prefix), shape, tmp_path)


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_000_huadu_2019(shape, tmp_path):
    r = _check("000", shape, tmp_path)
    assert_meta(r, title="广州市花都区2019年法治政府建设情况报告", year=2019, level="government",
                issuer="广州市花都区", published="2020-04-01")
    assert headed_title(r, "achievements").endswith("2019年工作情况")
    # shortcomings are an unheaded paragraph at the end of the achievements
    assert unheaded_start(r, "shortcomings").startswith("2019年度,我区法治政府建设取得了一定成效,但也存在")
    assert "responsibility" not in sections(r)
    assert headed_title(r, "plan") == "二、2020年工作计划"
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
    assert headed_title(r, "achievements")
    assert headed_title(r, "shortcomings") == "二、存在问题和不足"
    assert headed_title(r, "plan") == "三、下一步工作计划"
    assert "切实履行法治建设第一责任人职责" in unheaded_start(r, "responsibility")
    assert "national.section-missing" not in rules(r)


@pytest.mark.parametrize("shape", SHAPES)
def test_seed_003_haizhu_justice_bureau_2020(shape, tmp_path):
    r = _check("003", shape, tmp_path)
    assert_meta(r, title="海珠区司法局2020年法治政府建设年度报告", year=2020, level="department")
    resp = headed_title(r, "responsibility")
    assert resp.startswith("27.") and "第一责任人" in resp
    assert unheaded_start(r, "shortcomings").startswith("与此同时,")
    plan = headed_title(r, "plan")
    assert plan.startswith("二、2021年") and plan.endswith("主要安排")
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
