"""specifics: a shortcomings part made of stock phrases only."""

from checkcase import findings, lines
from checker.packs.loader import load_pack
from conftest import seed_path

_RULE = next(r for r in load_pack("reviewer").rules.values() if r.id == "shortcomings-stock-phrases")
STOCK = {"check": "specifics", "message": "{phrases}|{items}",
         **{k: list(_RULE.options[k]) for k in ("concrete", "vague", "problem_cues")}}


def report(*shortcomings: str) -> str:
    return lines("一、2023年主要举措和成效", "全年办理行政复议案件64件。", "二、存在的不足和原因", *shortcomings,
                 "三、2024年工作安排", "一是加强学习培训。二是创新普法方式。")


def test_stock_phrases_only():
    (f,) = findings(report("一是依法行政意识有待提高。二是法治宣传教育不够深入。三是执法监督偏松偏软。"), STOCK)
    assert f.location.block == 3 and f.message == "“有待提高”“不够深入”“偏松偏软”|3"


def test_one_concrete_item_is_enough():
    for concrete in ("二是城市管理领域执法监督偏松偏软。", "二是全年行政诉讼败诉案件6件。",
                     "二是镇街执法人员不足，如某某镇执法队仅有2人。", "二是行政复议、法制审核等专业人才缺乏。"):
        text = report("一是依法行政意识有待提高。" + concrete)
        assert findings(text, STOCK) == [], concrete


def test_no_stock_phrase_no_finding():
    # too short and vague, but that is the metric rule's business
    assert findings(report("我区法治政府建设取得了一定成效，但也存在一些不足。"), STOCK) == []


def test_a_year_in_the_heading_is_not_a_figure():
    text = lines("一、2023年主要举措和成效", "全年办理行政复议案件64件。", "二、2023年存在的不足和原因",
                 "一是依法行政意识有待提高。二是执法监督不够到位。", "三、2024年工作安排", "加强学习培训。")
    assert len(findings(text, STOCK)) == 1


def test_inline_shortcomings_paragraph():
    text = lines("2023年，我区推进依法行政，全年办理行政复议案件64件。",
                 "与此同时，还存在以下问题：一是全面依法治区工作的影响力和号召力还不够强。二是干部法治意识有待提高。",
                 "2024年，我区将继续推进法治政府建设。")
    (f,) = findings(text, STOCK)
    assert f.location.block == 2


def test_seeds():
    (f,) = findings(seed_path("003").read_text(encoding="utf-8"), STOCK)
    assert "有待提高" in f.message
    # 002 names 行政复议、法制审核 talent, 涉外 talent, 青少年 and 老年人
    assert findings(seed_path("002").read_text(encoding="utf-8"), STOCK) == []
