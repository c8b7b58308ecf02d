"""year-consistency: title vs opening sentence, part headings, the plan's year, the signature date."""

import pytest

from checker.errors import PackError
from checkcase import at, findings, lines

YEAR = r"(?<![\d—-])(?P<year>(?:19|20)\d\d)\s*年(?!\s*[—-]\s*\d)(?!以来)"
BODY = {"check": "year-consistency", "aspect": "body", "pattern": r"^\s*(?P<year>(?:19|20)\d\d)\s*年度?(?!以来)",
        "message": "{found}/{expected}"}
HEADINGS = {"check": "year-consistency", "aspect": "headings", "pattern": YEAR, "message": "{heading}:{found}/{expected}"}
PLAN = {"check": "year-consistency", "aspect": "plan", "message": "{found}/{expected}",
        "pattern": r"(?:^|[。；])\s*(?P<year>(?:19|20)\d\d)\s*年\s*[,，]\s*[^。；，,]{0,16}?(?:将|要|继续)"}
DATE = {"check": "year-consistency", "aspect": "date", "message": "{found}"}

TITLE = "某区2023年法治政府建设年度报告"


def test_opening_year_against_title():
    (f,) = findings(lines(TITLE, "2022年，我区深入推进依法行政。"), BODY)
    assert (f.location.block, f.message) == (2, "2022/2023")
    assert at(lines(TITLE, "2023年，我区深入推进依法行政。"), BODY) == []
    assert at(lines(TITLE, "2019年以来，我区深入推进依法行政。"), BODY) == []


def test_opening_year_not_judged_without_a_title_year():
    assert at(lines("2022年，我区深入推进依法行政。", "一、主要举措"), BODY) == []


def test_part_headings_report_year_and_plan_next_year():
    text = lines(TITLE, "一、2022年推进法治政府建设的主要举措和成效", "办理案件64件。",
                 "二、2023年工作计划", "继续推进。")
    found = findings(text, HEADINGS)
    assert [(f.location.block, f.message) for f in found] == [
        (2, "一、2022年推进法治政府建设的主要举措和成效:2022/2023"), (4, "二、2023年工作计划:2023/2024")]


def test_year_ranges_and_sub_headings_are_not_judged():
    text = lines(TITLE, "一、2023年推进法治政府建设的主要举措和成效", "（一）落实2021—2025年规划", "办理案件64件。",
                 "二、2024年工作计划", "继续推进。")
    assert at(text, HEADINGS) == []


def test_plan_year():
    text = lines(TITLE, "一、主要举措和成效", "办理案件64件。", "二、下一步工作计划", "2023年，我区将继续推进依法行政。")
    (f,) = findings(text, PLAN)
    assert (f.location.block, f.message, f.section) == (5, "2023/2024", "plan")
    ok = lines(TITLE, "一、主要举措和成效", "办理案件64件。", "二、下一步工作计划",
               "2024年，我区将继续推进依法行政，到2025年基本建成法治政府。")
    assert at(ok, PLAN) == []


def test_signature_date_window():
    def text(date):
        return lines(TITLE, "2023年，我区推进依法行政。", "某区人民政府", date)
    assert at(text("2023年6月30日"), DATE) == [4]
    assert at(text("2023年12月28日"), DATE) == []
    assert at(text("2024年3月1日"), DATE) == []
    assert at(text("2025年3月1日"), DATE) == [4]
    assert at(text("2023年11月20日"), {**DATE, "earliest": "11-01"}) == []


@pytest.mark.parametrize("rule, key", [
    ({"check": "year-consistency", "aspect": "body"}, "pattern"),
    ({"check": "year-consistency", "aspect": "plan", "pattern": r"(\d{4})年"}, "pattern"),
    ({"check": "year-consistency", "aspect": "date", "earliest": "13-01"}, "earliest"),
])
def test_bad_options_are_refused(rule, key):
    with pytest.raises(PackError) as err:
        findings(lines(TITLE, "2023年，我区推进依法行政。"), rule)
    assert key in str(err.value)
