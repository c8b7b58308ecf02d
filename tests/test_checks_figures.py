"""figures: rates against the counts beside them, N余 bases, sums against their parts.

Precision first: each "never flagged" case is a sentence shape real reports use whose
figures agree or whose base is not in the text."""

from __future__ import annotations

import copy

import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkcase import findings, lines
from checker.analysis.report import analyze, model_for
from checker.checks import _numbers as num
from checker.checks import _scan, figures
from checker.packs.loader import load_pack
from checker.runner import CheckOptions, check_text
from conftest import seed_path

MODEL = model_for(load_pack("national"))

MESSAGE = "{calculation}|{stated}|{count}"
RATE = {"check": "figures", "aspect": "rate", "message": MESSAGE}
INEXACT = {"check": "figures", "aspect": "inexact", "message": MESSAGE}
SUM = {"check": "figures", "aspect": "sum", "message": MESSAGE}
SUBSET = {"check": "figures", "aspect": "subset", "message": MESSAGE}


def messages(text: str, rule: dict) -> list[str]:
    return [f.message for f in findings(text, rule)]


# -- numbers -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("252", 252), ("1,158", 1158), ("98.79", Fraction("98.79")), ("1.2万", 12000), ("3亿", 3 * 10 ** 8),
    ("二百五十二", 252), ("十二", 12), ("两千", 2000), ("一百零五", 105), ("三万", 30000),
    ("两万三千", 23000), ("千万", 10 ** 7), ("十", 10),
])
def test_numbers_parse(text, value):
    assert num.parse(text) == value


@pytest.mark.parametrize("text", ["万", "一二", "", "亿五"])
def test_not_numbers(text):
    assert num.parse(text) is None


def test_plain_tolerance_is_rounding_or_cutting_to_the_written_decimals():
    allowed = num.stated_percent(Fraction(92), 0, num.EXACT)
    inside = [Fraction("91.5"), Fraction("92"), Fraction("92.99")]
    outside = [Fraction("91.49"), Fraction("93")]
    assert all(allowed.meets(num.Interval(x, x)) for x in inside)
    assert not any(allowed.meets(num.Interval(x, x)) for x in outside)
    hundred = num.stated_percent(Fraction(100), 0, num.EXACT)
    assert not hundred.meets(num.Interval(Fraction("99.8"), Fraction("99.8")))


# -- rates ---------------------------------------------------------------------------------
def test_the_issue_sentence_shows_the_calculation():
    text = "“3+N”大调解机制启动以来，先后举办28次专场调解，现场调解案件396宗，调解成功364宗，成功率超过92%。"
    assert messages(text, RATE) == ["364÷396=91.9%|超过92%|"]


def test_a_rate_that_rounds_right_is_not_flagged():
    for text in ("现场调解案件396宗，调解成功364宗，成功率92%。",  # 91.9 rounds to 92
                 "现场调解案件396宗，调解成功364宗，成功率91.9%。",
                 "受理120件，办结110件，办结率91.6%。",  # 91.67 cut to one decimal
                 "现场调解案件396宗，调解成功364宗，成功率超过91%。",
                 "现场调解案件396宗，调解成功364宗，成功率近92%。",
                 "现场调解案件396宗，调解成功364宗，成功率约92%。",
                 "共受理案件100件，办结100件，办结率100%。"):
        assert messages(text, RATE) == [], text


@pytest.mark.parametrize("text, expected", [
    ("受理行政复议案件120件，审结110件，审结率95%。", "110÷120=91.7%|95%|"),
    ("共受理案件200件，办结199件，办结率100%。", "199÷200=99.5%|100%|"),
    ("全年受理行政复议案件一百二十件，审结一百一十件，审结率百分之九十五。", "110÷120=91.7%|百分之九十五|"),
    ("全年调解纠纷1.2万件，调解成功1.1万件，调解成功率99%以上。", "11000÷12000=91.7%|99%以上|"),
    ("行政应诉案件235件，经复议的诉讼案件206件，占比90%。", "206÷235=87.7%|90%|"),
    ("受理信访事项300件，按期办结270件，按期办结率不足90%。", "270÷300=90.0%|不足90%|"),
])
def test_rates_that_their_counts_do_not_give(text, expected):
    assert messages(text, RATE) == [expected]


def test_never_flagged_when_the_base_is_not_in_the_sentence():
    for text in (
        "全市共83个镇街完成综合行政执法规范化建设，完成率达97%。",  # 85 is in the next sentence
        "1至10月全区人民调解组织共化解纠纷17725宗，成功率99.98%。",  # no count of successes
        "审结64宗行政复议案件，其中作出撤改复议决定9宗，主动撤回5宗，直接纠错率14.1%，综合纠错率21.9%。",
        "共办理案件120件，其中行政处罚案件36件，占全市的40%。",  # base: the whole city
        "市政府负责同志出庭14件，出庭应诉率100%。",
        "设立调解组织1467个，成功调解15637件，调解成功率达99%。",  # units differ
    ):
        assert messages(text, RATE) == [], text


def test_growth_is_a_different_base():
    for text in ("受理案件100件，审结90件，同比增长20%。",
                 "受理案件100件，审结90件，审结率同比提高5%。",
                 "受理案件100件，审结90件，增长率达35%。",
                 "公职律师45人，同比上升55.17%。"):
        assert messages(text, RATE) == [], text


def test_several_possible_bases_any_fitting_one_clears_the_sentence():
    # 19 of the 152 closed cases (12.5%), not of the 184 received
    text = "共处理行政复议案件184宗，办结152宗，直接纠错19宗，已结案件直接纠错率12.5%。"
    assert messages(text, RATE) == []
    # none fits, but which base was meant is unknown: not flagged
    text = "共处理行政复议案件184宗，办结152宗，直接纠错19宗，已结案件直接纠错率15%。"
    assert messages(text, RATE) == []


def test_counts_after_the_rate_are_not_its_base():
    assert messages("调解成功率达99%，共调解纠纷100件，调解成功80件。", RATE) == []


# -- N余 ----------------------------------------------------------------------------------
def test_a_rate_over_n_yu_that_no_count_above_n_gives():
    assert messages("共办理案件200余件，办结200件，办结率100%。", INEXACT) == ["200÷200余<100.0%|100%|200余件"]
    assert messages("共受理2万余件，办结1.8万件，办结率95%。", INEXACT) == ["18000÷20000余<90.0%|95%|2万余件"]
    assert messages("受理案件200件，办结200余件，办结率90%。", INEXACT) == ["200余÷200>100.0%|90%|200余件"]


def test_a_rate_over_n_yu_that_a_count_above_n_can_give_is_not_flagged():
    assert messages("共办理案件200余件，办结180件，办结率85%。", INEXACT) == []
    assert messages("共办理案件200余件，办结180件，办结率89.6%。", INEXACT) == []  # 180/201 = 89.55


def test_exact_and_inexact_aspects_do_not_overlap():
    text = "共办理案件200余件，办结200件，办结率100%。受理行政复议案件120件，审结110件，审结率95%。"
    assert len(findings(text, RATE)) == 1 and len(findings(text, INEXACT)) == 1
    assert messages("约200件，办结180件，办结率90%。", INEXACT) == []  # 约: no bound either way


# -- sums ----------------------------------------------------------------------------------
def test_a_total_of_two_kinds_against_the_kinds_elsewhere_in_the_report():
    text = lines("2019年，我区推进政务服务。",
                 "村居一级，全区188条行政村、63个社区全部在网办大厅建成村（居）办事点。",
                 "99个村（社区）被确认为创建单位，全区252个村（社区）100%完成省级创建。")
    (f,) = findings(text, SUM)
    assert f.location.block == 3
    assert f.message == "“188条行政村、63个社区”合计188+63=251|全区252个村（社区）|"


def test_sums_that_agree_or_whose_area_differs_are_not_flagged():
    agree = lines("全区188个行政村、64个社区全部建成办事点。", "全区252个村（社区）完成创建。")
    assert findings(agree, SUM) == []
    other_area = lines("全镇18个行政村、3个社区全部建成办事点。", "全区252个村（社区）完成创建。")
    assert findings(other_area, SUM) == []
    # "99个村（社区）" has no whole-area qualifier: compared only within its sentence
    assert findings(lines("全区188个行政村、64个社区全部建成办事点。", "99个村（社区）被确认为创建单位。"), SUM) == []


def test_a_sum_in_one_sentence_needs_no_qualifier():
    text = "共有252个村（社区），其中188个行政村、63个社区已建成办事点。"
    assert messages(text, SUM) == ["“188个行政村、63个社区”合计188+63=251|252个村（社区）|"]


def test_subset_items_exceeding_their_total():
    assert messages("改革后设置党政机构32个，其中党委机构12个、政府部门22个，精简5个。", SUBSET) == ["12+22=34|32个|"]
    assert messages("保留10份、修改7份（其中4份由区府办印发、5份调整印发）、废止4份。", SUBSET) == ["4+5=9|7份|"]


def test_subset_items_that_fit_are_not_flagged():
    for text in ("改革后设置党政机构32个，其中党委机构10个、政府部门22个，政府组成部门个数进一步精简。",
                 "现有人民调解组织281个，其中镇（街）、村（居）调委会262个，企业调委会15个。",
                 "开展线上宣传200多期，其中未成年人专题42期。",
                 "办结案件100件，其中调解结案20件，占比20%，全年受理120件。",
                 "培训2万余人次，其中领导干部500人，覆盖12个部门。"):
        assert messages(text, SUBSET) == [], text


# -- the real reports ------------------------------------------------------------------------
def test_seed_figures_are_exactly_the_two_real_contradictions():
    path = seed_path("000")
    text = path.read_text(encoding="utf-8")
    assert messages(text, RATE) == ["364÷396=91.9%|超过92%|"]
    assert messages(text, SUM) == ["“188条行政村、63个社区”合计188+63=251|全区252个村(社区)|"]
    assert messages(text, INEXACT) == [] and messages(text, SUBSET) == []


@pytest.mark.parametrize("seed", ["002", "003"])
def test_seeds_whose_figures_agree_are_not_flagged(seed):
    # 002: 15637÷15802=98.96% "99%"; 19841÷20803=95.38% "95.4%"; 206÷235 "87.66%"; 19÷152 "12.5%"
    text = seed_path(seed).read_text(encoding="utf-8")
    for rule in (RATE, INEXACT, SUM, SUBSET):
        assert messages(text, rule) == [], rule["aspect"]


def test_the_longest_end_of_the_rate_name_finds_the_numerator():
    # "审结" is in both clauses; "按期审结" only in the numerator's
    assert messages("审结案件150件，按期审结140件，按期审结率95%。", RATE) == ["140÷150=93.3%|95%|"]
    assert messages("审结案件150件，按期审结140件，按期审结率93.3%。", RATE) == []


# -- cost: what is read, and shared between rules ---------------------------------------------
def test_a_sum_across_sentences_of_one_block_with_the_same_qualifier():
    text = "全区共有188个行政村、63个社区。全区252个村（社区）全部完成创建。"
    assert messages(text, SUM) == ["“188个行政村、63个社区”合计188+63=251|全区252个村（社区）|"]
    # without the qualifier the parts of another sentence are not compared
    assert messages("188个行政村、63个社区建成办事点。全区252个村（社区）完成创建。", SUM) == []
    assert messages("全市188个行政村、63个社区建成办事点。全区252个村（社区）完成创建。", SUM) == []


def _counting(monkeypatch) -> list[str]:
    """The sentences whose counts are read (every call of the count scan)."""
    scanned = []
    original = figures._Grammar.counts

    def counts(self, text, limit=None):
        scanned.append(text)
        return original(self, text, limit)

    monkeypatch.setattr(figures._Grammar, "counts", counts)
    return scanned


def test_a_text_without_a_total_reads_no_counts_for_sums(monkeypatch):
    scanned = _counting(monkeypatch)
    text = lines("全区共有188个行政村、63个社区，办理案件1200件，其中行政处罚案件36件。",
                 "全年培训执法人员2000人次，印发《行政执法规范》（2023年版）3份。")  # brackets, but no kinds
    assert messages(text, SUM) == []
    assert scanned == []


def _pack(tmp_path, rules: list[dict]):
    import yaml

    data = {"id": "p", "name": "测试", "basis": "测试", "applies_to": ["docx", "text"],
            "rules": [{"severity": "warning", "basis": "测试", "message": MESSAGE, "check": "figures", **r}
                      for r in rules]}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_rules_reading_counts_alike_scan_each_sentence_once(tmp_path, monkeypatch):
    scanned = _counting(monkeypatch)
    path = _pack(tmp_path, [{"id": a, "aspect": a} for a in ("rate", "inexact", "sum", "subset")])
    text = lines("共有252个村（社区），其中188个行政村、63个社区已建成办事点，建成率98%。",
                 "现场调解案件396宗，调解成功364宗，成功率超过92%。",
                 "改革后设置党政机构32个，其中党委机构12个、政府部门22个。")
    result = check_text(text, CheckOptions(packs=[str(path)]))
    assert sorted(f.rule for f in result.findings) == ["p.rate", "p.subset", "p.sum"]
    assert scanned and len(scanned) == len(set(scanned))


def test_rules_with_other_units_read_their_own_counts(tmp_path):
    path = _pack(tmp_path, [{"id": "all", "aspect": "sum"},
                            {"id": "few", "aspect": "sum", "units": ["件", "条"]},
                            {"id": "rate", "aspect": "rate"},
                            {"id": "rate-few", "aspect": "rate", "units": ["件"]}])
    text = lines("共有252个村（社区），其中188个行政村、63个社区已建成办事点。",
                 "现场调解案件396宗，调解成功364宗，成功率超过92%。")
    result = check_text(text, CheckOptions(packs=[str(path)]))
    assert sorted(f.rule for f in result.findings) == ["p.all", "p.rate"]


def test_whole_numbers_are_exact_ints_and_ratios_fractions():
    assert type(num.parse("1,158")) is int and type(num.parse("二百五十二")) is int
    assert num.parse("98.79") == Fraction(9879, 100)
    assert num.ratio(1, 3) == Fraction(1, 3) and isinstance(num.ratio(364 * 100, 396), Fraction)


block_text = st.text(alphabet="0123456789.%％百分之十二三 \n。；;！?村社区（）()个全区共有现、其中", max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(block_text.filter(str.strip), min_size=1, max_size=6))
def test_located_sentences_hold_every_sentence_the_pattern_matches_in(texts):
    from checker.read.model import Block, Document

    blocks = [Block(index=i, text=t) for i, t in enumerate(texts, start=1)]
    report = analyze(Document(path="x.docx", kind="docx", blocks=blocks), MODEL)
    opts = {"where": ["title", "body"]}
    far = re.compile(f"(?:全区|全市)[共有现]*[\\d{num.CN_CHARS}]")
    for needles, shape, pattern in ((figures._PERCENT_MARKS, None, re.compile("[%％]|百分之")),
                                    (figures._BRACKETS, figures._TOTAL_SHAPE, figures._TOTAL_SHAPE),
                                    (("全区", "全市"), far, far), (("其中",), None, re.compile("其中"))):
        located = {(piece.block, lo, sentence)
                   for _k, piece, lo, sentence in figures._located(report, opts, needles, shape)}
        assert all(piece_text(report, block)[lo:lo + len(s)] == s for block, lo, s in located)
        wanted = {(p.block, m.start(), m.group(0)) for p in _scan.texts(report, opts) if p.block is not None
                  for m in figures._SENTENCE.finditer(p.text) if pattern.search(m.group(0))}
        assert wanted <= located, pattern.pattern


def piece_text(report, block: int) -> str:
    return next(p.text for p in _scan.texts(report, {"where": ["title", "body"]}) if p.block == block)


@settings(max_examples=300, deadline=None)
@given(st.fractions(min_value=-5, max_value=200, max_denominator=100) | st.none(),
       st.fractions(min_value=-5, max_value=200, max_denominator=100) | st.none(),
       st.booleans(), st.booleans(), st.integers(min_value=0, max_value=30000), st.integers(min_value=1, max_value=400))
def test_holds_is_meets_for_one_exact_value(lo, hi, lo_open, hi_open, numerator, denominator):
    interval = num.Interval(lo, hi, lo_open, hi_open)
    value = Fraction(numerator, denominator)
    assert interval.holds(numerator, denominator) == num.Interval(value, value).meets(interval)
    for end in (lo, hi):
        if end is not None and end >= 0:
            assert interval.holds(end.numerator, end.denominator) == num.Interval(end, end).meets(interval)


# -- shortcuts against the plain algorithm ----------------------------------------------------
def _plain_located(report, opts, needles, shape):
    """:func:`figures._located` as plainly as it can be written: every needle found,
    the shape tried there, the sentence around it split from its block."""
    text, starts = _scan.joined_texts(report, opts)
    pieces = _scan.texts(report, opts)
    hits = sorted({pos for needle in needles for pos in range(len(text)) if text.startswith(needle, pos)
                   and (shape is None or shape.match(text, pos))})
    out = []
    for pos in hits:
        k = max(i for i, s in enumerate(starts) if s <= pos)
        if pieces[k].block is None:
            continue
        for m in figures._SENTENCE.finditer(pieces[k].text):
            if m.start() <= pos - starts[k] < m.end() and (k, m.start()) not in {(o[0], o[2]) for o in out}:
                out.append((k, pieces[k], m.start(), m.group(0)))
    return out


def _percent_tuples(g, sentence):
    return [(p.start, p.end, p.value, p.bound, p.stem, p.term_start) for p in figures._percents(g, sentence)]


RATE_GRAMMAR = figures._Grammar({**{k: o.default for k, o in figures.OPTIONS.items()}, "aspect": "rate"})
# the same grammar with the pre-test switched off: every sentence and window is read
PLAIN_GRAMMAR = copy.copy(RATE_GRAMMAR)
PLAIN_GRAMMAR.may_name = lambda text: True


def _plain_percents(sentence):
    """:func:`figures._percents` without its pre-tests."""
    return _percent_tuples(PLAIN_GRAMMAR, sentence)
sentence_text = st.text(alphabet="0123456789.%％ 百分之十二率占比为达成功审结增长村社区（）()个件宗，、：全区共有现其中。",
                        max_size=60)


@settings(max_examples=300, deadline=None)
@given(sentence_text)
def test_percents_finds_what_the_plain_algorithm_finds(sentence):
    assert _percent_tuples(RATE_GRAMMAR, sentence) == _plain_percents(sentence)


def test_percents_finds_what_the_plain_algorithm_finds_in_the_reports():
    from conftest import report_texts

    for path in report_texts():
        for sentence in figures._SENTENCE.findall(path.read_text(encoding="utf-8")):
            assert _percent_tuples(RATE_GRAMMAR, sentence) == _plain_percents(sentence)


@settings(max_examples=150, deadline=None)
@given(st.lists(block_text.filter(str.strip), min_size=1, max_size=6))
def test_located_sentences_are_those_of_the_plain_algorithm(texts):
    from checker.read.model import Block, Document

    blocks = [Block(index=i, text=t) for i, t in enumerate(texts, start=1)]
    report = analyze(Document(path="x.docx", kind="docx", blocks=blocks), MODEL)
    opts = {"where": ["title", "body"]}
    far = re.compile(f"(?:全区|全市)[共有现]*[\\d{num.CN_CHARS}]")
    for needles, shape in ((figures._PERCENT_MARKS, None), (figures._BRACKETS, figures._TOTAL_SHAPE),
                           (("全区", "全市"), far), (("其中",), None)):
        assert list(figures._located(report, opts, needles, shape)) == _plain_located(report, opts, needles, shape)
