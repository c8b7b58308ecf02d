"""plan-answers: every shortcoming item is taken up by some plan item."""

from checkcase import findings, lines

RULE = {
    "check": "plan-answers", "message": "{item}|{concepts}",
    "concepts": {"队伍": ["队伍", "人才"], "执法": ["执法"], "普法": ["普法", "宣传"], "复议": ["复议", "应诉"]},
    "problem_cues": ["有待", "不够", "不足"],
    "stopwords": ["法治", "工作", "加强", "推进"],
}


def test_unanswered_enumerated_item():
    text = lines("一、2023年主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "一是执法队伍力量不足，原因是编制紧张。二是普法宣传针对性不强。",
                 "三、2024年工作安排", "一是充实执法队伍。二是完善重大行政决策程序。")
    found = findings(text, RULE)
    assert [(f.location.block, f.message, f.section) for f in found] == [(4, "二是普法宣传针对性不强|普法", "shortcomings")]


def test_all_answered():
    text = lines("一、2023年主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "一是执法队伍力量不足。二是普法宣传针对性不强。",
                 "三、2024年工作安排", "（一）充实执法队伍", "（二）创新普法方式")
    assert findings(text, RULE) == []


def test_clauses_with_problem_cues_when_nothing_is_enumerated():
    text = lines("2023年，我区推进依法行政，办理案件64件。",
                 "但也存在一些问题和不足，如：行政执法三项制度有待深入推进，行政应诉工作重视程度不够等。",
                 "二、2024年工作计划", "全面推行行政执法三项制度。")
    found = findings(text, RULE)
    assert [f.message for f in found] == ["行政应诉工作重视程度不够等|复议"]


def test_shared_terms_when_no_concept_is_known():
    text = lines("一、主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "一是政府采购管理有待规范。二是档案数字化滞后不足。",
                 "三、2024年工作安排", "一是规范政府采购管理流程。二是完善机关制度。")
    assert [f.location.block for f in findings(text, {**RULE, "min_shared": 2})] == [4]
    assert [f.message for f in findings(text, {**RULE, "min_shared": 2})] == ["二是档案数字化滞后不足|"]


def test_nothing_without_a_plan():
    text = lines("一、主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因", "一是执法队伍力量不足。二是宣传不够。")
    assert findings(text, RULE) == []


def test_heading_line_and_general_lead_in_are_no_items():
    rule = {**RULE, "general": ["存在[^，。]{0,8}不足"]}
    text = lines("一、2023年主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "我区法治政府建设取得了一定成效，但也存在一些不足。", "三、2024年工作安排", "继续推进依法行政。")
    assert findings(text, rule) == []
