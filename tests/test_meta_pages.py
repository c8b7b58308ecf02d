"""Meta from real web pages: every page shape (tests/pageshapes.py) applied to reports
written here and to the shared seeds; year and level must come out right, the title
must be found whenever the page shows one, each value records its source."""

from __future__ import annotations

import pytest

from checker.runner import CheckOptions, check_text
from conftest import seed_texts
from pageshapes import SHAPES, TITLED, Page, page_of
from shortreport import XIANGZHOU, XIANGZHOU_FACTS

# (report text, year, level, issuer) — written for these tests; bodies, years and
# title forms vary as on real sites
REPORTS = [
    (XIANGZHOU, *XIANGZHOU_FACTS),
    ("""\
示范县市场监督管理局2022年度法治政府建设工作报告
2022年，县市场监管局在县委、县政府的坚强领导下，深入推进依法行政，全面完成各项任务。
一、主要举措和成效
1.严格规范执法。全年立案查处案件137件，罚没款286万元，开展“双随机、一公开”检查412次。
2.优化营商环境。新登记市场主体5200户，同比增长12%。
二、存在的问题
执法人员专业能力还有差距。原因是培训不够系统。
三、第一责任人职责履行情况
局主要负责人带头学法用法，主持召开局务会议研究法治工作6次。
四、下一步工作计划
2023年，我局将继续加强执法队伍建设。
""", 2022, "department", "示范县市场监督管理局"),
    ("""\
关于示范市2024年度法治政府建设情况的报告
2024年，我市坚持以习近平新时代中国特色社会主义思想为指导，深入实施《示范市法治政府建设规划（2023—2027年）》，全面推进依法行政。
一、推进法治政府建设的主要举措和成效
全市办理行政复议案件826件，行政机关负责人出庭应诉率达98%。
二、存在的不足
部分县区行政执法监督还不到位。究其原因，是监督力量不足。
三、党政主要负责人履行推进法治建设第一责任人职责情况
市政府主要负责人专题研究法治政府建设工作5次。
四、2025年工作安排
一是深化行政执法体制改革。
""", 2024, "government", "示范市"),
    ("""\
中共示范县委 示范县人民政府关于2021年法治政府建设情况的报告
2021年，在市委、市政府的坚强领导下，县委、县政府认真贯彻落实习近平法治思想，法治政府建设取得新成效。
一、2021年法治政府建设主要举措和成效
全县审查规范性文件38件，办理行政复议案件41件。
二、存在的不足和原因
乡镇法治力量薄弱，原因是人员编制不足。
三、党政主要负责人履行推进法治建设第一责任人职责情况
县委、县政府主要负责人带头尊法学法守法用法。
四、2022年主要安排
一是加强乡镇法治力量。
""", 2021, "government", "中共示范县委 示范县人民政府"),
    ("""\
示范街道办事处
2020年法治政府建设工作情况报告
2020年，示范街道以习近平法治思想为指导，紧紧围绕街道中心工作，扎实推进依法行政。
一、主要工作及成效
全年调处矛盾纠纷320宗，调解成功率97%。
二、存在问题及原因
居民法治意识仍需提高，主要是普法形式较单一。
三、主要负责人履行推进法治建设第一责任人职责情况
街道主要负责人主持召开专题会议3次。
四、2021年工作打算
一是创新普法形式。
""", 2020, "government", "示范街道办事处"),
    ("""\
示范省人民政府2019年法治政府建设情况报告
2019年，省政府全面贯彻党的十九大和十九届二中、三中、四中全会精神，深入推进依法行政，加快建设法治政府。
一、2019年推进法治政府建设的主要举措和成效
全省审查省政府规章草案14件，备案审查规范性文件1260件。
二、存在的不足和原因
一些地方和部门依法行政意识不强，原因是考核约束不够。
三、党政主要负责人履行推进法治建设第一责任人职责情况
省政府主要负责人主持召开省政府常务会议研究法治政府建设工作。
四、2020年主要安排
一是健全依法决策机制。
""", 2019, "government", "示范省人民政府"),
    ("""\
示范区人民政府2022年法治政府建设年度报告
一年来，区政府坚持以习近平法治思想为指导，认真落实《法治政府建设实施纲要（2021—2025年）》，扎实推进法治政府建设。
一、2022年推进法治政府建设的主要举措和成效
全区审查重大行政决策事项16件，行政复议纠错率12%。
二、存在的不足和原因
行政执法规范化水平有待提升。究其原因，是执法监督不够有力。
三、党政主要负责人履行推进法治建设第一责任人职责情况
区政府主要负责人专题听取法治政府建设汇报4次。
四、2023年推进法治政府建设的主要安排
一是加强行政执法监督。
""", 2022, "government", "示范区人民政府"),
]

SEED_LABELS = {"000": (2019, "government"), "002": (2024, "government"), "003": (2020, "department")}


def meta_of(text: str, **kw) -> dict:
    return check_text(text, CheckOptions(**kw), name="页面.txt").meta


def result_of(text: str):
    return check_text(text, name="页面.txt")


# -- each shape on written reports -------------------------------------------------------------
@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("case", range(len(REPORTS)))
def test_shape_on_written_reports(shape, case):
    text, year, level, issuer = REPORTS[case]
    page = page_of(text, year)
    result = result_of(SHAPES[shape](page))
    meta = result.meta
    assert (meta["year"], meta["level"]) == (year, level), (shape, meta)
    if shape in TITLED and page.title is not None:
        assert meta["title"] and meta["title"].endswith(page.title_text), shape  # split titles are joined
        assert meta["sources"]["title"] in ("title", "page", "metadata")
    errors = [f for f in result.findings if f.severity.label == "error"]
    assert errors == [], [(f.rule, f.message) for f in errors]


def test_sources_recorded_and_in_json():
    meta = meta_of(REPORTS[0][0])
    assert meta["sources"] == {"title": "title", "issuer": "title", "year": "title", "level": "title",
                               "date": "signature"}
    shaped = meta_of(SHAPES["no_title"](page_of(REPORTS[1][0], 2022)))
    assert shaped["sources"]["year"] == "first_sentence" and shaped["sources"]["level"] == "first_sentence"


# -- single shapes, written pages ----------------------------------------------------------------
def test_title_followed_by_table_debris():
    meta = meta_of("示范区2023年依法行政工作的报告 | ||||||\n2023年，我区扎实推进依法行政。\n")
    assert meta["title"] == "示范区2023年依法行政工作的报告" and meta["year"] == 2023


def test_stale_site_date_is_not_the_report_year():
    meta = meta_of("今天是:2019年10月31日 星期三\n区政府坚持以习近平法治思想为指导，扎实推进依法行政。\n"
                   "一、主要举措和成效\n全年办理复议案件64件。\n")
    assert meta["year"] is None and meta["level"] == "government"
    meta = meta_of("今天是:2019年10月31日 星期三\n示范区2023年法治政府建设年度报告\n2023年，我区扎实推进。\n")
    assert meta["year"] == 2023


@pytest.mark.parametrize("line", ["工作报告", "规划计划", "首页 > 政务公开 > 工作报告", "无障碍 长者模式 | 繁體"])
def test_column_and_breadcrumb_names_are_not_the_title(line):
    meta = meta_of(f"{line}\n示范县司法局2021年法治政府建设年度报告\n2021年，县司法局坚持依法行政。\n")
    assert meta["title"] == "示范县司法局2021年法治政府建设年度报告"
    assert meta["level"] == "department"
    assert meta_of(f"{line}\n2021年，县司法局坚持依法行政。\n")["title"] is None


@pytest.mark.parametrize("prefix", ["工作报告", "规划计划", "无障碍阅读", "示范县人民政府门户网站", "首页>政务公开>规划计划>"])
def test_furniture_joined_to_the_title(prefix):
    meta = meta_of(f"{prefix}示范县司法局2021年法治政府建设年度报告\n2021年，县司法局坚持依法行政。\n")
    assert meta["title"] == "示范县司法局2021年法治政府建设年度报告" and meta["issuer"] == "示范县司法局"


def test_title_inside_a_flattened_page_after_a_watermark():
    text = ("示范市人民政府门户网站 今天是:2018年10月31日 星期三 示范市2021年法治政府建设年度报告 "
            "发布日期:2022-03-29 11:30 来源:示范市司法局 2021年，我市坚持以习近平法治思想为指导，扎实推进法治政府建设。"
            " 一、主要举措和成效 全市办理行政复议案件826件。 二、存在的不足 监督力量不足。")
    meta = meta_of(text)
    assert meta["title"] == "示范市2021年法治政府建设年度报告"
    assert (meta["year"], meta["level"], meta["published"]) == (2021, "government", "2022-03-29")
    assert meta["sources"]["title"] == "page"


def test_metadata_block_gives_issuer_date_and_year():
    text = ("索引号：11440114/2021-00123\n发文机关：示范市生态环境局\n成文日期：2021年03月25日\n"
            "发文字号：示环发〔2021〕5号\n发布日期：2021-03-28\n"
            "一、主要举措和成效\n全年查处环境违法案件86件。\n")
    result = result_of(text)
    meta = result.meta
    assert (meta["issuer"], meta["date"], meta["year"], meta["level"]) == \
        ("示范市生态环境局", "2021-03-25", 2020, "department")
    assert meta["sources"]["issuer"] == "metadata" and meta["sources"]["year"] == "date"
    assert result.report.meta.number == "示环发〔2021〕5号"


def test_metadata_table_with_title_field():
    text = ("| 索引号： | 11440114/2021-00123 | 发文机关： | 示范市人民政府 |\n"
            "| 标题： | 示范市2020年法治政府建设年度报告 |\n"
            "2020年，全市上下深入推进依法行政。\n")
    meta = meta_of(text)
    assert meta["title"] == "示范市2020年法治政府建设年度报告" and meta["sources"]["title"] == "metadata"
    assert (meta["year"], meta["level"], meta["issuer"]) == (2020, "government", "示范市")


@pytest.mark.parametrize("sentence, issuer, level", [
    ("2023年，区政府坚持以习近平法治思想为指导，扎实推进依法行政。", "区政府", "government"),
    ("2022年，县市场监管局深入推进依法行政，严格规范公正文明执法。", "县市场监管局", "department"),
    ("2021年，××街道以习近平法治思想为指导，扎实推进法治建设。", "××街道", "government"),
    ("2020年，省政府全面贯彻党的十九大精神，加快建设法治政府。", "省政府", "government"),
    ("2024年，我市坚持以习近平法治思想为指导，推进依法行政。", None, "government"),
    ("2024年，我局坚持以习近平法治思想为指导，推进依法行政。", None, "department"),
    ("一年来，在区委的坚强领导下，区司法局紧紧围绕中心工作，推进依法行政。", "区司法局", "department"),
])
def test_level_from_the_subject_of_the_first_sentence(sentence, issuer, level):
    meta = meta_of(sentence + "\n一、主要举措和成效\n全年办理复议案件64件。\n")
    assert (meta["issuer"], meta["level"]) == (issuer, level)
    assert meta["sources"]["level"] == "first_sentence"


@pytest.mark.parametrize("sentence", [
    "区政府坚持以习近平法治思想为指导，深入实施《示范区法治建设规划（2023—2027年）》，推进依法行政。",
    "2024年，区政府深入实施《示范区法治建设规划(2023-2027年)》，推进依法行政。",
    "区政府认真落实《纲要（2021年—2025年）》，推进依法行政。",
])
def test_a_range_in_the_first_sentence_is_not_the_report_year(sentence):
    year = meta_of(sentence + "\n")["year"]
    assert year in (None, 2024) and year != 2027 and year != 2025


@pytest.mark.parametrize("stamp", ["2021/03/29 11:30", "更新时间：2021-03-29", "发布时间：2021年03月29日 09:12",
                                   "发布日期:2021-03-29 10:29 文章来源:示范区人民政府"])
def test_publication_date_forms(stamp):
    meta = meta_of(f"{stamp}\n示范区2020年法治政府建设年度报告\n2020年，我区扎实推进依法行政。\n")
    assert meta["published"] == "2021-03-29" and meta["sources"]["published"] == "page"
    assert meta["year"] == 2020


def test_a_site_clock_is_no_publication_date():
    meta = meta_of("今天是:2021年10月31日 星期三\n示范区2020年法治政府建设年度报告\n2020年，我区扎实推进依法行政。\n")
    assert meta["published"] is None


def test_outline_shows_the_sources(tmp_path):
    from click.testing import CliRunner

    from checker.cli import main

    path = tmp_path / "页面.txt"
    path.write_text(SHAPES["no_title"](page_of(REPORTS[1][0], 2022)), encoding="utf-8")
    out = CliRunner().invoke(main, ["outline", str(path)]).output
    assert "层级：政府部门（取自首句）" in out and "年度：2022（取自首句）" in out


# -- every seed in every shape ----------------------------------------------------------------
def _seed_pages():
    pages = []
    for name, text in seed_texts():
        label = SEED_LABELS.get(name[:3])
        if label is None:  # a seed without a label: its plain page is the reference
            meta = meta_of(text)
            label = (meta["year"], meta["level"])
        pages.append((name, page_of(text, label[0]), label))
    return pages


def test_year_and_level_right_on_95_percent_of_seed_pages_in_every_shape():
    pages = _seed_pages()
    right, total, misses, titles, errors = 0, 0, [], [], []
    for name, page, (year, level) in pages:
        for shape, make in SHAPES.items():
            result = result_of(make(page))
            meta = result.meta
            total += 1
            if (meta["year"], meta["level"]) == (year, level):
                right += 1
            else:
                misses.append((name, shape, meta["year"], meta["level"]))
            if shape in TITLED and page.title is not None and meta["title"] != page.title_text:
                titles.append((name, shape, meta["title"]))
            plain = SHAPES["plain"](page)
            errors += [(name, shape, f.rule) for f in result.findings if f.severity.label == "error"
                       and f.rule not in _plain_errors(plain)]
    assert right / total >= 0.95, misses
    assert titles == []
    assert errors == []  # a page shape adds no error the plain report does not have


_PLAIN: dict = {}


def _plain_errors(text: str) -> set:
    if text not in _PLAIN:
        _PLAIN[text] = {f.rule for f in result_of(text).findings if f.severity.label == "error"}
    return _PLAIN[text]


def test_page_helper_finds_the_title_line():
    page = page_of(REPORTS[0][0], 2023)
    assert isinstance(page, Page) and page.title == 0


def test_year_mismatch_is_an_error_only_on_a_read_year():
    titled = check_text(REPORTS[0][0], CheckOptions(year=2022), name="页面.txt")
    assert [f.severity.label for f in titled.findings if f.rule == "national.year-expected"] == ["error"]
    untitled = check_text(SHAPES["no_title"](page_of(REPORTS[1][0], 2022)), CheckOptions(year=2021), name="页面.txt")
    assert [f.severity.label for f in untitled.findings if f.rule == "national.year-expected"] == ["warning"]


@pytest.mark.parametrize("line, title, year", [
    ("示范区2019年法治政府建设情况报告-示范区人民政府门户网站", "示范区2019年法治政府建设情况报告", 2019),
    ("示范区2019年法治政府建设情况报告（全文）", "示范区2019年法治政府建设情况报告", 2019),
    ("示范区二〇一九年法治政府建设情况报告", "示范区二〇一九年法治政府建设情况报告", 2019),
    ("示范区２０１９年法治政府建设情况报告", "示范区２０１９年法治政府建设情况报告", 2019),
    ("示范区 2019 年法治政府建设情况报告 2020-04-01", "示范区 2019 年法治政府建设情况报告", 2019),
])
def test_title_forms_of_real_pages(line, title, year):
    meta = meta_of(f"{line}\n一年来，我区扎实推进依法行政。\n")
    assert (meta["title"], meta["year"], meta["issuer"]) == (title, year, "示范区")


@pytest.mark.parametrize("text, title, year, level", [
    ("示范市法治政府建设年度报告（2021年）\n一年来，我市扎实推进依法行政。\n", "示范市法治政府建设年度报告（2021年）", 2021, "government"),
    ("示范市2021年法治政府建设年度报告2021年，市司法局（市委依法治市办）坚持依法行政。\n",
     "示范市2021年法治政府建设年度报告", 2021, "government"),
    ("政府信息公开示范县2021年法治政府建设年度报告\n2021年，全县扎实推进依法行政。\n",
     "示范县2021年法治政府建设年度报告", 2021, "government"),
])
def test_more_title_shapes(text, title, year, level):
    meta = meta_of(text)
    assert (meta["title"], meta["year"], meta["level"]) == (title, year, level)


def test_subject_with_a_bracketed_second_name():
    meta = meta_of("2021年，市司法局（市委依法治市办）坚持以习近平法治思想为指导，推进依法行政。\n")
    assert (meta["issuer"], meta["level"]) == ("市司法局", "department")


def test_bare_date_before_the_source_is_the_publication_date():
    meta = meta_of("2021-03-29 来源：示范区司法局\n示范区2020年法治政府建设年度报告\n2020年，我区扎实推进依法行政。\n")
    assert meta["published"] == "2021-03-29"


@pytest.mark.parametrize("text, expected", [
    ("示范区2019年法治政府建设情况报告_示范区人民政府门户网站\n2019年，我区扎实推进。\n",
     ("示范区2019年法治政府建设情况报告", "示范区", 2019, "government", {"year": "title"})),
    ("当前位置：首页 > 信息公开 > 法定主动公开内容 > 计划总结\n示范县交通运输局2022年度法治政府建设工作报告\n"
     "发布时间：2023-02-20 来源：县交通运输局 浏览次数：128\n2022年，县交通运输局紧紧围绕县委县政府中心工作。\n",
     ("示范县交通运输局2022年度法治政府建设工作报告", "示范县交通运输局", 2022, "department", {"published": "page"})),
    ("今年以来，示范区司法局扎实推进依法行政。\n一、主要工作\n全年办理案件12件。\n示范区司法局\n2021年1月15日\n",
     (None, "示范区司法局", 2020, "department", {"year": "date", "issuer": "signature"})),
    ("关于2022年度法治政府建设情况的报告\n市委、市政府：\n2022年，区委、区政府坚持以习近平法治思想为指导。\n",
     ("关于2022年度法治政府建设情况的报告", "区委、区政府", 2022, "government", {"issuer": "first_sentence"})),
    ("| 名 称： | 示范区人民政府关于2022年法治政府建设情况的报告 |\n| 发文机关： | 示范区人民政府 | 成文日期： | 2023-03-15 |\n"
     "一、主要举措和成效\n全年办理复议案件。\n",
     ("示范区人民政府关于2022年法治政府建设情况的报告", "示范区人民政府", 2022, "government",
      {"title": "metadata", "date": "metadata"})),
])
def test_pages_as_sites_publish_them(text, expected):
    meta = meta_of(text)
    title, issuer, year, level, sources = expected
    assert (meta["title"], meta["issuer"], meta["year"], meta["level"]) == (title, issuer, year, level)
    assert sources.items() <= meta["sources"].items()
