"""Inline parts are looked for only in the blocks that hold a literal their cues need:
the parts found are those found by trying every cue on every block."""

from __future__ import annotations

import pytest

import checker.analysis.sections as sections
from checker.analysis.report import Expectations, analyze, model_for
from checker.packs.loader import analysis_model, select_packs
from checker.read.document import read_document
from checker.read.model import Block, Document
from conftest import report_texts

MODEL = model_for(analysis_model(select_packs(None, "text", None)))


def _both(document: Document):
    fast = analyze(document, MODEL, Expectations())
    saved = sections._Mapper._blocks_holding
    sections._Mapper._blocks_holding = lambda self, patterns: None
    try:
        plain = analyze(document, MODEL, Expectations())
    finally:
        sections._Mapper._blocks_holding = saved
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
