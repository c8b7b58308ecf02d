"""part-year: figures for part of the year in an annual report, one finding per report."""

from checkcase import findings, lines
from checker.packs.loader import load_pack
from conftest import seed_path

RULE = {k: v for k, v in next(r for r in load_pack("reviewer").rules.values() if r.id == "part-year").options.items()
        if k in ("patterns", "figure")}
PART_RULE = {k: (list(v) if not isinstance(v, str) else v) for k, v in RULE.items()}
PART = {"check": "part-year", "message": "{places}|{count}", **PART_RULE}


def test_places_are_listed_once_per_report():
    text = lines("某区2023年法治政府建设年度报告",
                 "2023年，我区推进依法行政。",
                 "1至10月共办理行政复议案件104宗。",
                 "1-10月共提供法律意见506件；截至2023年11月，全区共有公职律师45人。",
                 "1月至11月调解纠纷300件。")
    (f,) = findings(text, PART)
    assert f.location.block == 3
    assert f.message == "“1至10月”“1-10月”“截至2023年11月”“1月至11月”|4"


def test_whole_year_later_years_plans_and_bare_dates_are_not_part_year():
    text = lines("某区2023年法治政府建设年度报告",
                 "截至2023年12月，全区配备执法记录仪2125台。",
                 "1-12月共办理行政复议案件124宗。",
                 "截至2024年2月，全区共有公职律师45人。",  # after the year: the latest figure
                 "1至10月开展专项整治行动。",  # no figure in the sentence
                 "二、2024年工作安排",
                 "2024年1-6月完成行政执法案卷评查200卷，1至10月办结案件90%以上。")
    assert findings(text, PART) == []


def test_chinese_months():
    text = lines("某区2023年法治政府建设年度报告", "一至十月共受理法律援助案件1158件。")
    assert [f.message for f in findings(text, PART)] == ["“一至十月”|1"]


def test_a_written_year_needs_the_report_year():
    assert findings(lines("2023年，我区推进依法行政。", "截至2022年11月，全区共有公职律师45人。"), PART) == []
    assert len(findings(lines("2022年，我区推进依法行政。", "截至2022年11月，全区共有公职律师45人。"), PART)) == 1


def test_seed_with_part_year_figures():
    text = seed_path("003").read_text(encoding="utf-8")
    (f,) = findings(text, PART)
    assert f.message == "“1-10月”“1至10月”|5"


def test_seeds_with_full_year_figures():
    for seed in ("000", "002"):  # 000 writes "截至2019年12月" in its 2019 report
        assert findings(seed_path(seed).read_text(encoding="utf-8"), PART) == []
