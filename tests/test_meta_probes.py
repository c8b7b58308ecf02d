"""Meta skips a pattern in a text its probe refuses (publication stamps, title tokens,
page stamps blanked before a first sentence): the facts are those found by trying every
pattern on every text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checker.analysis.meta import extract_meta
from checker.analysis.probe import Probe
from checker.analysis.report import Expectations, analyze, model_for
from checker.packs.loader import analysis_model, select_packs
from checker.read.document import read_document
from checker.read.model import Block
from conftest import DOCX_FIXTURES, report_texts

MODEL = model_for(analysis_model(select_packs(None, "text", None)))


def _both(blocks, noise=(), skip=()):
    fast = extract_meta(MODEL.meta, blocks, set(noise), set(skip))
    saved = Probe.may_match
    Probe.may_match = lambda self, text: True
    try:
        plain = extract_meta(MODEL.meta, blocks, set(noise), set(skip))
    finally:
        Probe.may_match = saved
    return fast, plain


def _documents():
    return report_texts() + (sorted(DOCX_FIXTURES.glob("*.docx")) if DOCX_FIXTURES.is_dir() else [])


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_documents_give_the_facts_of_trying_every_pattern(path):
    report = analyze(read_document(path), MODEL, Expectations())
    fast, plain = _both(report.document.blocks, report.noise, report.toc)
    assert fast == plain


# page lines, stamps, titles and body text, in pieces the meta cues read
_PIECES = ["XX市司法局", "XX区人民政府", "2023年", "二〇二三年", "法治政府建设", "年度报告", "工作报告", "关于",
           "发布日期：", "发布时间:", "更新时间：", "日期：", "2024-03-29", "2024/3/29", "2024年3月29日",
           " 11:30", " 来源：本站", " 浏览次数：12", "今天是", "星期五", "成文日期：", "发文机关：", "|", " ",
           "首页 > 政务公开", "。", "，", "我局坚持", "区政府", "以来", "全文", "（2023年度）"]
_line = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=9).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, min_size=1, max_size=10), st.sets(st.integers(1, 10), max_size=3))
def test_generated_pages_give_the_facts_of_trying_every_pattern(lines, noise):
    blocks = [Block(index=i, text=t) for i, t in enumerate(lines, start=1)]
    fast, plain = _both(blocks, {i for i in noise if i <= len(blocks)})
    assert fast == plain


_PAGES = [
    ["首页 > 政务公开 > XX市司法局2023年法治政府建设年度报告 发布日期：2024-03-29 来源：本站",
     "2023年，我局坚持依法行政。"],
    ["今天是2024年3月29日星期五 2023年，区政府坚持依法行政，取得成效。", "一、主要举措"],
    ["发布时间：2024-03-29 11:30 2022年以来，市政府坚持依法行政。"],
    ["浏览次数：12 来源：XX区人民政府 2021年，区政府坚持依法行政。"],
    ["XX区人民政府", "2024/3/29 11:30", "正文。"],
    ["正文第一段。", "更新时间：2024-03-29"],
    ["发布日期：2024年3月29日 2023年，区政府坚持依法行政。"],
    ["来源：XX区人民政府 区政府坚持依法行政。"],
    ["2024年3月29日 星期五 2023年，区政府坚持依法行政。"],
]


@pytest.mark.parametrize("lines", _PAGES)
def test_page_lines_give_the_facts_of_trying_every_pattern(lines):
    blocks = [Block(index=i, text=t) for i, t in enumerate(lines, start=1)]
    for noise in ((), (1,)):
        fast, plain = _both(blocks, noise)
        assert fast == plain
