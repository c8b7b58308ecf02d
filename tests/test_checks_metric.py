"""metric: characters / sentences / items of a part against minima."""

from checkcase import at, findings, lines

VAGUE = {"check": "metric", "section": "shortcomings", "min_items": 2, "min_chars": 60,
         "message": "{chars}字{sentences}句{items}条"}


def test_one_vague_inline_sentence_is_flagged_counting_from_the_cue():
    text = lines("2023年，我区推进依法行政，全年办理行政复议案件64件，行政诉讼案件30件，各项工作稳步推进。",
                 "我区法治政府建设取得了一定成效，但也存在一些不足。",
                 "下一步，我区将继续推进法治政府建设。")
    (f,) = findings(text, VAGUE)
    assert f.location.block == 2
    assert f.message == "9字1句0条"  # "但也存在一些不足。"


def test_enumerated_items_are_enough():
    text = lines("一、主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "一是执法力量不足。二是宣传不够。", "三、2024年工作安排", "继续推进。")
    assert at(text, VAGUE) == []


def test_sub_headings_count_as_items():
    text = lines("一、主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "（一）执法力量不足", "（二）宣传不够", "三、2024年工作安排", "继续推进。")
    assert at(text, VAGUE) == []


def test_enough_substance_passes_without_items():
    long = "但也存在一些问题和不足，如：行政执法三项制度有待进一步深入推进，各部门未充分发挥法制机构及法律顾问在行政决策中的作用，行政应诉工作重视程度不够等。"
    assert at(lines("2023年，我区推进依法行政。", long), VAGUE) == []


def test_pass_if_all_requires_every_minimum():
    text = lines("一、主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "一是执法力量不足。二是宣传不够。", "三、2024年工作安排", "继续推进。")
    assert at(text, {**VAGUE, "pass_if": "all"}) == [3]


def test_heading_line_of_a_headed_part_is_not_substance():
    text = lines("一、主要举措和成效", "全年办理案件64件。", "二、存在的不足和原因",
                 "我区法治政府建设取得了一定成效，但也存在一些不足。", "三、2024年工作安排", "继续推进。")
    (f,) = findings(text, VAGUE)
    assert f.location.block == 3 and f.message == "25字1句0条"
    assert f.excerpt == "我区法治政府建设取得了一定成效，但也存在一些不足。"
