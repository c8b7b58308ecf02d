"""date-deadline: "每年4月1日之前" — 31 March is on time, 1 April is already late, and
the message says so without contradicting itself."""

from checkcase import findings, lines

RULE = {"check": "date-deadline", "field": "published", "month": 4, "day": 1,
        "message": "发布日期{value}已逾期：应在{deadline}之前（最迟{last_day}）|{days_late}"}
REPORT = lines("示范区2019年法治政府建设年度报告", "2019年，我区扎实推进依法行政。")


def _published(date: str):
    return findings(f"发布日期：{date} 10:29\n" + REPORT, RULE)


def test_the_day_before_is_on_time():
    assert _published("2020-03-31") == []


def test_the_deadline_day_is_late_and_the_message_is_consistent():
    found = _published("2020-04-01")
    assert [f.message for f in found] == ["发布日期2020年4月1日已逾期：应在2020年4月1日之前（最迟2020年3月31日）|1"]
    assert found[0].severity.label == "warning"


def test_inferred_report_year_lowers_the_severity():
    # no title: the year is read from the first sentence, an inference
    text = "发布日期：2020-04-15 10:29\n2019年，区政府扎实推进依法行政。\n"
    found = findings(text, {**RULE, "severity": "error"})
    assert [f.severity.label for f in found] == ["warning"]
    titled = findings("发布日期：2020-04-15 10:29\n" + REPORT, {**RULE, "severity": "error"})
    assert [f.severity.label for f in titled] == ["error"]


def test_department_deadline_is_the_day_before_1_march():
    rule = {"check": "date-deadline", "field": "date", "month": 3, "day": 1, "levels": ["department"],
            "message": "{value}|{last_day}"}
    report = lines("示范县司法局2023年法治政府建设年度报告", "2023年，县司法局扎实推进依法行政。", "示范县司法局")
    assert findings(report + "2024年2月29日\n", rule) == []
    assert [f.message for f in findings(report + "2024年3月1日\n", rule)] == ["2024年3月1日|2024年2月29日"]
