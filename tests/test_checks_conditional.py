"""conditional: if X is written, Y must be written too (before X, in the same scope)."""

from checkcase import at, lines

ABBR = {"check": "conditional", "if": "依法治区办", "then": "全面依法治区委员会办公室", "before": True}


def test_abbreviation_without_full_name_before():
    assert at(lines("健全依法治区办机构设置。", "区委全面依法治区委员会办公室统筹协调。"), ABBR) == [1]


def test_full_name_first_then_abbreviation():
    text = lines("区委全面依法治区委员会办公室（以下简称依法治区办）成立。", "依法治区办统筹协调。")
    assert at(text, ABBR) == []


def test_without_before_anywhere_in_the_document_will_do():
    rule = {**ABBR, "before": False}
    assert at(lines("健全依法治区办机构设置。", "区委全面依法治区委员会办公室统筹协调。"), rule) == []
    assert at(lines("健全依法治区办机构设置。", "依法治区办统筹协调。"), rule) == [1]


def test_block_scope():
    rule = {"check": "conditional", "if": "一是", "then": "二是", "scope": "block"}
    assert at(lines("一是加强领导，二是完善制度。", "一是加强培训。"), rule) == [2]


def test_section_scope():
    rule = {"check": "conditional", "if": "不足", "then": "原因", "scope": "section"}
    text = lines("一、主要举措和成效", "全年办理案件64件，原因分析到位。", "二、存在的不足", "一是执法力量不足。二是宣传不够。",
                 "三、2024年工作安排", "继续推进。")
    assert at(text, rule) == [3]
