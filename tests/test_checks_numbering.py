"""numbering: heading labels and 一是/二是 items, judged from the outline."""

import pytest

from checker.errors import PackError
from checkcase import at, findings, lines

SEQ = {"check": "numbering", "aspect": "sequence", "message": "{label}->{expected}"}
LEVELS = {"check": "numbering", "aspect": "levels", "message": "{label}|{parent}|{expected}"}
STANDARD = {"cn": ["、"], "arabic": [".", "．"], "paren_cn": [""], "paren_arabic": [""]}
PUNCT = {"check": "numbering", "aspect": "punct", "allowed": STANDARD, "message": "{label}->{expected}"}
MIXED = {"check": "numbering", "aspect": "mixed", "allowed": STANDARD, "message": "{label}|{majority}"}
HALF = {"check": "numbering", "aspect": "half-width", "message": "{label}->{expected}",
        "summary_ratio": 0.5, "summary_message": "{count}/{total}"}
ITEMS = {"check": "numbering", "aspect": "items", "message": "{label}->{expected}"}


def test_gap_and_repeat():
    text = lines("一、主要举措和成效", "（一）加强党的领导", "（三）推进依法决策", "（三）规范行政执法", "二、存在的不足")
    found = findings(text, SEQ)
    assert [(f.location.block, f.message) for f in found] == [(3, "（三）->（二）"), (4, "（三）->（四）")]


def test_arabic_items_may_run_on_across_parents_and_restart_in_the_next_part():
    text = lines("一、主要举措和成效", "（一）加强领导", "1.强化组织领导。", "2.压实责任。", "（二）依法决策",
                 "3.完善决策程序。", "4.落实合法性审查。", "二、2024年工作安排", "（一）加强领导", "1.强化领导。",
                 "2.压实责任。")
    assert at(text, SEQ) == []


def test_first_label_under_a_parent_must_start_at_one_or_run_on():
    text = lines("一、主要举措和成效", "（一）加强领导", "1.强化组织领导。", "2.压实责任。", "（二）依法决策",
                 "5.完善决策程序。")
    assert [f.message for f in findings(text, SEQ)] == ["5.->1."]


def test_skipped_level_reported_once_per_parent():
    text = lines("一、主要举措和成效", "1.加强党的领导", "2.推进依法决策", "二、存在的不足", "（一）力量薄弱", "1.人员少")
    found = findings(text, LEVELS)
    assert [(f.location.block, f.message) for f in found] == [(2, "1.|一、|（一）")]


def test_punctuation_after_labels():
    text = lines("一、主要举措和成效", "（一）、加强党的领导", "（二）推进依法决策", "1、完善程序", "2.落实审查", "二.存在的不足")
    found = findings(text, PUNCT)
    assert [(f.location.block, f.message) for f in found] == [(2, "（一）、->（一）"), (4, "1、->1."), (6, "二.->二、")]
    assert at(text, {**PUNCT, "forms": ["paren_cn"]}) == [2]


def test_mixed_forms_at_one_level_report_the_minority():
    text = lines("一、主要举措和成效", "（一）加强领导", "1.强化领导", "2.压实责任", "3．落实考核", "4、推进普法")
    found = findings(text, MIXED)
    assert [(f.location.block, f.message) for f in found] == [(5, "3．|1.")]  # 4、 is the punct aspect's


def test_half_width_parentheses_individually_or_summarised():
    few = lines("一、主要举措和成效", "（一）加强领导", "(二)依法决策", "（三）规范执法")
    assert [f.message for f in findings(few, HALF)] == ["(二)->（二）"]
    many = lines("一、主要举措和成效", "(一)加强领导", "(二)依法决策", "（三）规范执法")
    found = findings(many, HALF)
    assert [(f.location.block, f.message) for f in found] == [(2, "2/3")]


def test_items_gaps_and_missing_first():
    text = lines("一是强化组织领导；二是完善决策程序；四是规范行政执法。", "我局加强队伍建设，二是加强培训，三是严格考核。",
                 "一是加强领导，二是完善制度。")
    found = findings(text, ITEMS)
    assert [(f.location.block, f.message) for f in found] == [(1, "四是->三是"), (2, "二是->一是")]


def test_items_continue_across_paragraphs_of_one_part():
    text = lines("一、主要举措和成效", "一是强化组织领导。", "二是完善决策程序。", "（一）依法决策", "一是严格程序。")
    assert at(text, ITEMS) == []


def test_punct_needs_allowed():
    with pytest.raises(PackError) as err:
        findings("一、x", {"check": "numbering", "aspect": "punct"})
    assert "allowed" in str(err.value)
    with pytest.raises(PackError):
        findings("一、x", {"check": "numbering", "aspect": "punct", "allowed": {"roman": ["."]}})
