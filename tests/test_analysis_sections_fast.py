"""Inline parts are looked for only in the blocks, and parts named by a sub-heading only
in the headings, that hold a literal their cues need: the parts found are those found by
trying every cue on every block and every heading."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

import checker.analysis.sections as sections
from checker.analysis.report import Expectations, analyze, model_for
from checker.packs.loader import analysis_model, select_packs
from checker.read.document import read_document
from checker.read.model import Block, Document
from conftest import report_texts

MODEL = model_for(analysis_model(select_packs(None, "text", None)))


def _both(document: Document):
    fast = analyze(document, MODEL, Expectations())
    saved = sections._Mapper._blocks_holding, sections._Mapper._titles_holding
    sections._Mapper._blocks_holding = sections._Mapper._titles_holding = lambda self, patterns: None
    try:
        plain = analyze(document, MODEL, Expectations())
    finally:
        sections._Mapper._blocks_holding, sections._Mapper._titles_holding = saved
    return fast, plain


@pytest.mark.parametrize("path", report_texts(), ids=lambda p: p.name)
def test_reports_map_as_trying_every_block(path):
    fast, plain = _both(read_document(path))
    assert fast.sections == plain.sections
    assert fast.assignment == plain.assignment


def test_cue_split_by_a_block_boundary_is_not_found_in_either():
    blocks = ["一、工作成效", "我们做了很多工作。但也存", "在一些问题和不足，主要是：", "二、下一步打算", "明年将继续推进。"]
    document = Document(path="x.txt", kind="text",
                        blocks=[Block(index=i, text=t) for i, t in enumerate(blocks, start=1)])
    fast, plain = _both(document)
    assert fast.sections == plain.sections
    assert fast.assignment == plain.assignment


def test_blocks_holding_lists_exactly_the_blocks_with_a_literal():
    model = sections.SectionModel([{"key": "k", "inline": ["存在[^。]{0,4}问题", "(不足|短板)之处"]}])
    blocks = [Block(index=i, text=t) for i, t in enumerate(
        ["没有", "存在问题", "短板", "不足之处", "存", "在"], start=1)]
    mapper = sections._Mapper(model, sections.Outline([], [], {}), blocks, None)
    patterns = model._patterns(None)["k"][1]
    # "存在" for the first cue, "之处" (its most selective literal) for the second
    assert mapper._blocks_holding(patterns) == [1, 3]
    assert mapper._blocks_holding(patterns + [sections.re.compile(r"^\w+$")]) is None


# headings and paragraphs built from the shipped cues' words, near misses and plain text
_WORDS = ["存在", "问题", "不足", "短板", "原因", "和", "主要", "下一步", "工作", "计划", "安排", "第一责任人",
          "主要负责人", "履行", "职责", "其他", "情况", "2024年", "2025年", "重点", "但", "仍", "。", "，", "：",
          "薄弱环节", "成效", "举措", "法治", "建设", "将", "继续", "\n"]
_LABELS = ["一、", "二、", "三、", "（一）", "（二）", "1.", "2.", "（1）", ""]
_block = st.tuples(st.sampled_from(_LABELS), st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8)).map(
    lambda t: t[0] + "".join(t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_block, min_size=1, max_size=14))
def test_generated_reports_map_as_trying_every_block(texts):
    texts = ["XX市2024年法治政府建设年度报告"] + texts
    document = Document(path="x.txt", kind="text",
                        blocks=[Block(index=i, text=t) for i, t in enumerate(texts, start=1)])
    fast, plain = _both(document)
    assert fast.sections == plain.sections
    assert fast.assignment == plain.assignment


def test_titles_holding_lists_exactly_the_headings_with_a_literal():
    model = sections.SectionModel([{"key": "k", "heading": ["存在[^。]{0,4}问题", "^其他$"]}])
    document = Document(path="x.txt", kind="text", blocks=[Block(index=i, text=t) for i, t in enumerate(
        ["一、成效", "（一）存在问题", "（二）其他", "二、存", "三、在问题"], start=1)])
    report = analyze(document, MODEL, Expectations())
    mapper = sections._Mapper(model, report.outline, document.blocks, None)
    assert mapper._titles_holding(model._patterns(None)["k"][0]) == [1, 2]


def test_holding_finds_a_literal_at_the_start_of_the_text_after_one_found():
    texts = ["存在问题存在", "存在", "x存在", "", "存", "在存在"]
    joined, starts = sections._joined(texts)
    patterns = [sections.re.compile("存在")]
    assert sections._holding(joined, starts, patterns) == [0, 1, 2, 5]
    assert sections._holding(joined, starts, patterns) == [k for k, t in enumerate(texts) if "存在" in t]
