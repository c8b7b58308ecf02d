"""terms: legality review, head-of-agency court appearance, the 纲要 title's dash, the
督察 regulation's name — and the right uses that must stay quiet."""

import pytest

from checker.runner import CheckOptions, check_text


def hits(text: str, rule: str, year: int | None = None) -> list[str]:
    result = check_text(text, CheckOptions(packs=["terms"], year=year))
    return [f.message for f in result.findings if f.rule == "terms." + rule]


@pytest.mark.parametrize("text, expected", [
    ("2023年，对重大行政决策事项全部进行法制审查。", "“法制审查”应为“合法性审查”"),
    ("2023年，规范性文件法制审核率100%。", "“规范性文件法制审核”应为“规范性文件合法性审核”"),
    ("2023年，重大行政执法决定法制审查清单全部公开。", "“执法决定法制审查”应为“执法决定法制审核”"),
    ("2023年，行政合同的法制审查意见均被采纳。", "“法制审查”应为“合法性审查”"),
])
def test_legality_review(text, expected):
    assert hits(text, "legality-review") == [expected]


def test_legality_review_right_uses_and_earlier_years():
    assert hits("2023年，重大执法决定法制审核全覆盖，法制机构依法履职。", "legality-review") == []
    assert hits("2017年，区政府常务会议审议的决策事项全部经过法制审查。", "legality-review") == []
    assert hits("区政府常务会议审议的决策事项全部经过法制审查。", "legality-review", year=2018) == []


def test_head_in_court():
    assert hits("2023年，落实行政首长出庭应诉制度。", "head-in-court") == ["“行政首长出庭应诉”应为“行政机关负责人出庭应诉”"]
    assert hits("2023年，行政机关负责人出庭应诉率100%。", "head-in-court") == []


def test_gangyao_dash():
    assert hits("贯彻《法治政府建设实施纲要（20212025年）》。", "gangyao-dash") == [
        "纲要名称中的年份写法“纲要（20212025年）”有误，应为“纲要（2021—2025年）”"]
    assert hits("贯彻《法治政府建设实施纲要(2021—2025)》。", "gangyao-dash") == [
        "纲要名称中的年份写法“纲要(2021—2025)”有误，应为“纲要(2021—2025年)”"]
    # hyphens are hygiene.range-dash's; the right title is quiet
    assert hits("贯彻《法治政府建设实施纲要(2021-2025年)》《法治政府建设实施纲要（2021—2025年）》。", "gangyao-dash") == []
