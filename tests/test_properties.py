"""Property-based tests (hypothesis): reader, outline and sections never fail on
report-like text and random block structures, and their invariants hold."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.read.model import Block
from checker.read.labels import format_label
from checker.analysis.outline import build_outline
from checker.packs.loader import load_pack
from checker.read.text import read_text
from checker.analysis.report import analyze, model_for

MODEL = model_for(load_pack("national"))
KEYS = {spec.key for spec in MODEL.sections.specs}

CUES = ["主要举措和成效", "存在的问题和不足", "存在问题", "下一步工作计划", "2025年工作安排", "第一责任人",
        "究其原因", "其他需要报告的情况", "发布日期：2025-03-01", "分享到", "一是", "二是", "但也存在一些短板",
        "2024年，我市", "加强党的领导", "行政复议", "。", "，", "：", "（", "）", "(", ")", "|", " ", "XX"]
words = st.sampled_from(CUES) | st.text(alphabet="法治政府建设推进依法行政执法监督年度报告我市区县局一二三四五六七八九十0123456789",
                                        min_size=1, max_size=12)
sentence = st.lists(words, min_size=1, max_size=12).map("".join)
label = st.tuples(st.sampled_from(["cn", "paren_cn", "arabic", "paren_arabic", "circled"]),
                  st.integers(min_value=1, max_value=25)).map(lambda t: format_label(*t))
half_width = st.sampled_from(["(一)", "(2)", "1、", "1．", "一.", "十一、"])
line = st.one_of(
    sentence,
    st.tuples(label | half_width, sentence).map("".join),
    st.tuples(label, sentence, st.just("。"), sentence).map("".join),
    st.just(""),
)
report_text = st.lists(line, min_size=0, max_size=60).map("\n".join)


def _invariants(report):
    blocks = report.document.blocks
    content = {b.index for b in report.content_blocks()}
    # every content block belongs to exactly one part or to the preamble (None)
    assert set(report.assignment) == content
    assert all(value is None or value in KEYS for value in report.assignment.values())
    # headings in document order, never on noise/title blocks
    heading_blocks = [h.block for h in report.outline.headings]
    assert heading_blocks == sorted(set(heading_blocks))
    assert set(heading_blocks) <= content
    for h in report.outline.headings:
        assert h.depth >= 1 and (h.parent is None or h.parent.block < h.block)
    for s in report.sections:
        assert s.key in KEYS
        assert 1 <= s.start <= s.end <= len(blocks)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_text, st.sampled_from([".txt", ".md"]))
def test_text_reader_outline_sections(text, suffix):
    data = text.encode("utf-8")
    if not text.strip():
        return  # empty input is an InputError, covered elsewhere
    document = read_text(Path("生成" + suffix), data)
    assert [b.index for b in document.blocks] == list(range(1, len(document.blocks) + 1))
    _invariants(analyze(document, MODEL))


@settings(max_examples=200, deadline=None)
@given(report_text, st.sampled_from(["gb18030", "utf-16-le", "utf-16", "utf-8-sig"]))
def test_encodings_round_trip(text, encoding):
    if not text.strip():
        return
    if encoding in ("utf-16-le", "gb18030") and len(text.strip()) < 12:
        return  # without a BOM a few bytes cannot tell UTF-16, GB18030 and UTF-8 apart: only real texts count
    document = read_text(Path("x.txt"), text.encode(encoding))
    reference = read_text(Path("x.txt"), text.encode("utf-8"))
    assert [b.text for b in document.blocks] == [b.text for b in reference.blocks]


block_strategy = st.builds(
    lambda text, level, table: (text, level, table),
    st.one_of(sentence, st.tuples(label, sentence).map("".join)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=8)),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(block_strategy, min_size=1, max_size=50), st.sets(st.integers(min_value=1, max_value=50)))
def test_random_block_structures(specs, skip):
    blocks = [Block(index=i, text=text, outline_level=level, in_table=table, style="Heading 1" if level == 0 else None)
              for i, (text, level, table) in enumerate(specs, start=1)]
    outline = build_outline(blocks, skip)
    assert all(h.block not in skip for h in outline.headings)
    order = [h.block for h in outline.headings]
    assert order == sorted(order)
    for h in outline.headings:
        if h.parent is not None:
            assert h.parent.rank < h.rank and h.depth == h.parent.depth + 1

    from checker.read.model import Document

    report = analyze(Document(path="x.docx", kind="docx", blocks=blocks), MODEL)
    _invariants(report)
