"""punctuation: half-width marks in Chinese text, unpaired quotes and brackets."""

from checkcase import findings, lines

HALF = {"check": "punctuation", "aspect": "half-width", "message": "{mark}->{full}",
        "summary_ratio": 0.5, "summary_message": "{count}|{marks}"}
PAIRS = {"check": "punctuation", "aspect": "pairs", "message": "{mark}|{partner}"}


def test_occasional_half_width_marks_reported_one_by_one():
    text = lines("我区深入推进依法行政,规范行政执法。", "全面推行“三项制度”，加强监督，落实责任；完善机制：健全体系。",
                 "会议于10:30召开，资金1,000万元，版本v1.2。")
    found = findings(text, HALF)
    assert [(f.location.block, f.message) for f in found] == [(1, ",->，")]


def test_text_converted_to_half_width_reported_once():
    text = lines("我区深入推进依法行政,规范行政执法;加强监督:落实责任。", "印发《实施方案》(试行),推进改革。")
    found = findings(text, HALF)
    assert [(f.location.block, f.message) for f in found] == [(1, "6|,;:()")]


def test_unpaired_marks_at_their_place():
    text = lines("设置(具体设在区司法局,全年办理641件。", "推行“一门一窗模式。", "印发《要点》，推进“放管服”改革（试行）。",
                 "多出的右括号）在这里。")
    found = findings(text, PAIRS)
    assert [(f.location.block, f.message) for f in found] == [(1, "(|）"), (2, "“|”"), (4, "）|（")]


def test_half_and_full_width_parentheses_pair_with_each_other():
    assert findings("设置(具体设在区司法局）。\n", PAIRS) == []


def test_label_with_only_a_closing_bracket_is_not_unpaired():
    text = lines("1）本项目不存在技术难点。", "a) 读写功能", "（二）推进依法决策）")
    assert [f.location.block for f in findings(text, PAIRS)] == [3]
    assert [f.location.block for f in findings(text, {**PAIRS, "label_start": ""})] == [1, 2, 3]
