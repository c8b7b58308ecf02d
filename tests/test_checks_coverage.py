"""coverage: work areas (keyword sets) a report never mentions; plan text does not count."""

import pytest

from checker.errors import PackError
from checkcase import findings, lines

RULE = {"check": "coverage", "message": "{area}",
        "areas": {"行政复议": ["复议"], "普法": ["普法", "法治宣传"], "数字政府": ["数字", "信息化"]},
        "since": {"数字政府": 2021}}


def test_missing_areas_reported_at_the_achievements():
    text = lines("某区2023年法治政府建设年度报告", "一、2023年主要举措和成效", "办理行政复议案件64件。",
                 "二、2024年工作安排", "开展普法宣传，建设数字政府。")
    found = findings(text, RULE)
    assert [(f.location.block, f.message) for f in found] == [(2, "普法"), (2, "数字政府")]


def test_area_required_only_from_its_year():
    text = lines("某区2019年法治政府建设年度报告", "一、2019年主要举措和成效", "办理行政复议案件64件，开展法治宣传20场。")
    assert findings(text, RULE) == []


def test_since_must_name_an_area():
    with pytest.raises(PackError) as err:
        findings("2023年", {**RULE, "since": {"其他": 2021}})
    assert "since" in str(err.value)
