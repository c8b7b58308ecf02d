"""occurrence: a pattern's count in a part, or in each of its sub-parts."""

from checkcase import at, findings, lines

FIGURES = {"check": "occurrence", "section": "achievements", "per": "part", "min": 1,
           "pattern": r"(?<![\d年])\d+(?![\d年月日])", "message": "{part}:{count}"}

REPORT = lines(
    "一、2023年推进法治政府建设的主要举措和成效",
    "（一）推进依法决策",
    "严格落实重大行政决策程序，全面推行合法性审查。",
    "（二）规范行政执法",
    "全年评查案卷120宗，整改问题36个。",
    "二、2024年工作安排",
    "继续推进依法行政。",
)


def test_each_sub_part_is_counted_and_years_are_not_figures():
    found = findings(REPORT, FIGURES)
    assert [f.location.block for f in found] == [2]
    assert found[0].message == "（一）推进依法决策:0"


def test_whole_section_counted_once():
    rule = {**FIGURES, "per": "section"}
    assert at(REPORT, rule) == []
    assert at(REPORT, {**rule, "min": 3}) == [1]


def test_max_and_whole_report():
    rule = {"check": "occurrence", "pattern": "进一步", "max": 1}
    assert at("进一步加强。进一步推进。\n", rule) == [1]
    assert at("进一步加强。\n", rule) == []


def test_short_parts_are_not_judged():
    assert at(REPORT, {**FIGURES, "min_length": 40}) == []


def test_missing_section_gives_nothing():
    assert at("2023年，我区推进依法行政。\n", {**FIGURES, "section": "other"}) == []
