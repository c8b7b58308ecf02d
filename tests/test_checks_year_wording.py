"""year-wording: year-bound terms judged against the report year (the plan: year + 1),
with tense words that make a look back or a look ahead honest."""

import pytest

from checker.checks.year_wording import verdict
from checker.errors import PackError
from checkcase import at, findings, lines

PUFA7 = {"check": "year-wording", "pattern": "七五普法", "from": 2016, "until": 2020,
         "past_cues": ["总结", "验收", "收官"], "future_cues": ["启动", "谋划"],
         "message": "{match}|{period}|{judged}"}


def test_term_within_its_years_is_fine():
    assert at("2019年，我局深入推进七五普法。\n", PUFA7) == []


def test_term_after_its_years_is_reported_with_period_and_year():
    (f,) = findings("2022年，我局深入推进七五普法。\n", PUFA7)
    assert f.location.block == 1
    assert f.message == "七五普法|2016—2020年|报告年度（2022年）"


def test_look_back_in_the_same_sentence_is_honest():
    assert at("2021年，我局做好七五普法总结验收工作。\n", PUFA7) == []
    # the cue must be in the same sentence, not anywhere in the paragraph
    assert at("2022年，我局深入推进七五普法。完成年度总结。\n", PUFA7) == [1]


def test_past_grace_limits_the_look_back():
    rule = {**PUFA7, "past_grace": 1}
    assert at("2021年，我局做好七五普法总结验收。\n", rule) == []
    assert at("2023年，我局做好七五普法总结验收。\n", rule) == [1]


def test_look_ahead_only_just_before_the_period():
    rule = {**PUFA7, "pattern": "八五普法", "from": 2021, "until": 2025}
    assert at("2020年，我局谋划八五普法规划。\n", rule) == []
    assert at("2019年，我局谋划八五普法规划。\n", rule) == [1]
    assert at("2020年，我局深入推进八五普法。\n", rule) == [1]


def test_plan_is_judged_against_the_next_year():
    text = lines("某局2020年法治政府建设年度报告", "2020年，我局深入推进七五普法。",
                 "二、2021年工作安排", "2021年，我局将深入推进七五普法。", "做好七五普法总结验收。")
    found = findings(text, PUFA7)
    assert [f.location.block for f in found] == [4]
    assert "下一年度（2021年）" in found[0].message


def test_exceptions_and_unknown_year():
    rule = {**PUFA7, "pattern": "政府法制办", "from": None, "until": 2018, "exceptions": ["原区政府法制办"]}
    rule = {k: v for k, v in rule.items() if v is not None}
    assert at("2023年，原区政府法制办职责已划入司法局。\n", rule) == []
    assert at("2023年，区政府法制办审查文件12件。\n", rule) == [1]
    assert at("我局审查文件12件，区政府法制办参与。\n", rule) == []  # no report year: no judgement


def test_verdict_table():
    assert verdict(2020, 2016, 2020, "", None, None, None, 1)
    assert not verdict(2015, 2016, 2020, "", None, None, None, 1)
    assert not verdict(2021, None, 2020, "推进", None, None, None, 1)


def test_from_or_until_required():
    with pytest.raises(PackError) as err:
        findings("2023年", {"check": "year-wording", "pattern": "七五普法"})
    assert "from" in str(err.value)
