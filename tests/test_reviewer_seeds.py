"""The reviewer's packs (terms, hygiene, reviewer) on the three real seed reports.

No false alarms: every finding the packs give on a seed is listed here as
(rule, block) with the reason it is right; anything else fails the test. The seeds are
web-published texts (half-width punctuation as published, web noise included), read
as they are from ../shared/fixtures. The same findings come out when a seed is turned
into .docx — except the half-width heading labels when Word's automatic numbering
renders them (full-width "（一）").
"""

from __future__ import annotations

import pytest

from checker.runner import CheckOptions, check_file
from conftest import seed_path

PACKS = ["terms", "hygiene", "reviewer"]

EXPECTED = {
    # 广州市花都区2019年法治政府建设情况报告 (government, 2019)
    "000": {
        # the whole page is half-width (",;:()" 377 times, no full-width mark): one summary
        ("hygiene.half-width", 4),
        # "《…法治政府建设规划(2015-2020年)》": a time range written with a hyphen (GB/T 15834: 一字线)
        ("hygiene.range-dash", 4),
        # "(一)" … "(八)" and the plan's "(一)" … "(四)": half-width label brackets, reported once
        ("reviewer.numbering-half-width", 6),
        # "维持原有区人民政府法律顾问室设置(具体设在区司法局,2019年共办理…": the bracket is never closed
        ("hygiene.unpaired", 23),
        # the plan's opening cites three plans "(2015-2020年)" "(2016-2020年)" "(2015-2020)": three hyphens
        ("hygiene.range-dash", 44),
        # "重大行政执法决定法制审查清单": the 三项制度 name is 重大执法决定法制审核
        ("terms.legality-review", 27),
        # "现场调解案件396宗,调解成功364宗,成功率超过92%": 364÷396=91.9%
        ("reviewer.figures-rate", 38),
        # "全区252个村(社区)" against "全区188条行政村、63个社区" (block 14): 188+63=251
        ("reviewer.figures-sum", 41),
        # "进一步落实行政首长出庭应诉工作": 行政机关负责人出庭应诉 (行政诉讼法 第三条, 2015)
        ("terms.head-in-court", 48),
    },
    # 清远市 2024 report without a title (government, year from the first sentence)
    "002": {
        ("hygiene.half-width", 1),  # half-width throughout (208 marks, none full-width)
        # nothing on emergencies (突发事件/应急/疫情防控/防汛) anywhere in the 2024 report: a 纲要 chapter since 2021
        ("reviewer.coverage", 2),
        ("reviewer.numbering-half-width", 3),  # "(一)" … "(七)" half-width
        # "《清远市提升行政执法质量三年行动实施方案(2023-2025)》": hyphen in a time range
        ("hygiene.range-dash", 3),
        # "(三)健全行政决策机制体系…": the whole sub-part gives no figure at all (only "2024年版" and "首部")
        ("reviewer.achievements-figures", 5),
        # "三是法治宣传的途径需进一步拓宽": the plan's five items (党的领导, 扩权强县, 依法行政制度,
        # 基层执法, 法治人才) say nothing about 普法/宣传
        ("reviewer.plan-answers", 11),
    },
    # 海珠区司法局2020年法治政府建设年度报告 (department, 2020)
    "003": {
        ("hygiene.half-width", 2),  # half-width throughout (179 marks)
        ("reviewer.numbering-half-width", 4),  # "(一)" … "(七)", plan "(一)" … "(五)"
        ("hygiene.range-dash", 9),  # "1-10月共受理法律援助案件1158件" (the report also writes "1至10月")
        ("hygiene.range-dash", 15),  # "1-10月共提供法律意见506件"
        # "健全依法治区办机构设置": the abbreviation is used, the full name 区委全面依法治区委员会办公室 never
        ("terms.abbreviation-first", 45),
        # "1-10月共受理法律援助案件1158件" … "1至10月全区人民调解组织共化解纠纷17725宗": five
        # part-year figures in a report on 2020, reported once at the first
        ("reviewer.part-year", 9),
        # "为区政府重大行政决策提供法制审查服务" (2020): 合法性审查 since the 2019 条例
        ("terms.legality-review", 14),
        # "研究、部署司法体制改革、法制审查办法": same
        ("terms.legality-review", 36),
        # plan heading "5.高效开展法制审查" and "推动城市更新领域法制审查工作" in the same paragraph
        ("terms.legality-review", 50),
        # 一是…影响力和号召力还不够强 二是…有待提高 三是…还有待完善 四是…存在薄弱环节: stock phrases only
        ("reviewer.shortcomings-stock-phrases", 42),
    },
}


def _found(path) -> set:
    result = check_file(path, CheckOptions(packs=PACKS))
    assert result.status == "checked", result.error
    return {(f.rule, f.location.block) for f in result.findings}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_seed_findings_are_exactly_the_justified_ones(seed):
    assert _found(seed_path(seed)) == EXPECTED[seed]


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_no_term_or_numbering_alarm_beyond_the_justified_ones(seed):
    found = _found(seed_path(seed))
    terms = {f for f in found if f[0].startswith("terms.")}
    numbering = {f for f in found if f[0].startswith(("reviewer.numbering", "reviewer.items"))}
    assert terms <= EXPECTED[seed] and numbering <= EXPECTED[seed]
    assert all(rule == "reviewer.numbering-half-width" for rule, _ in numbering)


@pytest.mark.parametrize("shape", ["plain", "styles", "autonum", "tracked"])
def test_same_findings_from_docx(shape, tmp_path):
    from docxbuild import build_seed

    for seed, expected in EXPECTED.items():
        out = build_seed(seed_path(seed), shape, tmp_path)
        if shape == "autonum":  # Word renders the labels "（一）": nothing half-width left
            expected = {f for f in expected if f[0] != "reviewer.numbering-half-width"}
        assert _found(out) == expected, f"{seed} as {shape}"


def test_seed_findings_carry_place_excerpt_and_suggestion():
    result = check_file(seed_path("003"), CheckOptions(packs=PACKS))
    (abbr,) = [f for f in result.findings if f.rule == "terms.abbreviation-first"]
    assert abbr.location.line == 45
    assert abbr.location.heading.startswith("二、2021年推进法治政府建设的主要安排 › (一)")
    assert "依法治区办" in abbr.excerpt and abbr.suggestion
    for f in result.findings:
        assert f.excerpt and f.location.block and f.suggestion
