"""Figures that contradict each other in the report's own text.

- ``rate``: a rate stated beside the counts it is computed from, in the same sentence
  (``调解案件396宗，调解成功364宗，成功率超过92%`` -> 364÷396=91.9%). The numerator is
  the count whose clause names the rate (``成功`` of 成功率) or, for a share (``占比``),
  the count just before it; the denominator a count before the numerator in the same
  unit and not smaller. When several pairs are possible, any one that fits clears the
  sentence; nothing is computed for growth (同比增长…), whose base is last year.
- ``inexact``: the same, when a count is ``N余`` / ``N多`` (more than N): a rate that no
  count above N can give.
- ``sum``: a total of two kinds (``252个村（社区）``) against the counts of each kind
  (``188个行政村、63个社区``) in the same sentence, or anywhere in the report when both
  carry the same whole-area qualifier (全区、全市 …).
- ``subset``: the items after ``其中`` adding up to more than the total before it.

A sentence whose figures agree, or whose base is not in the text, is never reported.
Tolerance: see :func:`checker.checks._numbers.stated_percent`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from fractions import Fraction

from checker import regexcache
from checker.checks import _numbers as num
from checker.checks import _prefilter, _scan
from checker.checks.base import Option
from checker.textutil import excerpt

NAME = "figures"
DESCRIPTION = "数字自相矛盾：比例与同一句中据以计算的件数不符、以“N余”为基数的比例、分项之和与总数不符"

_CJK = _scan.CJK
OPTIONS = {
    "aspect": Option(str, required=True, choices=("rate", "inexact", "sum", "subset"),
                     help="rate：比例与件数不符；inexact：以“N余”“N多”计算的比例；"
                          "sum：两类合计的总数与分项不符；subset：“其中”各项之和多于总数"),
    "units": Option(list, default=["件", "宗", "起", "个", "项", "家", "人次", "人", "名", "场次", "场",
                                   "次", "条", "份", "所", "户", "篇", "期", "批", "支", "处", "台", "单"],
                    items=str, help="计数的量词"),
    "unit_groups": Option(list, default=[["件", "宗", "起"], ["人", "名"]], items=list,
                          help="可以互相比较的量词（如件、宗、起）；其余量词只与自身比较"),
    "count_cues": Option(dict, default={"余": "above", "多": "above", "超过": "above", "逾": "above",
                                        "近": "about", "约": "about", "将近": "about", "接近": "about",
                                        "左右": "about"},
                         items=str, help="件数前后表示约数的词 → above（多于）或 about（约数，不计算）"),
    "percent_cues": Option(dict, default={"超过": "above", "逾": "above", "高于": "above",
                                          "以上": "at-least", "不低于": "at-least",
                                          "不足": "below", "不到": "below", "低于": "below",
                                          "近": "at-most", "接近": "at-most", "将近": "at-most",
                                          "以下": "at-most", "以内": "at-most", "不超过": "at-most",
                                          "约": "about", "大约": "about", "左右": "about"},
                           items=str, help="比例前后的限定词 → above、at-least、below、at-most、about"),
    "rate_term": Option(str, default=f"(?P<stem>[{_CJK}]{{2,6}})率", regex=True,
                        help="比例的名称（正则表达式）；命名分组 stem 的末尾是分子所在分句应有的词"
                             "（“按期审结率”先找含“按期审结”的分句，没有再找“期审结”“审结”）"),
    "share_term": Option(str, default="占比|占", regex=True,
                         help="占比的写法（正则表达式）：分子是它前面最近的件数"),
    "links": Option(str, default="(?:为|达到|达|是|了|均|保持在|保持)*", regex=True,
                    help="比例名称与数字之间可有的词（正则表达式）"),
    "not_stems": Option(list, default=["增长", "下降", "上升", "降低", "减少", "增加", "提高", "提升",
                                       "同比", "环比", "增幅", "降幅"],
                        items=str, help="这些“率”的基数是上年，不计算（如增长率）"),
    "subset_cues": Option(list, default=["其中"], items=str, regex=True,
                          help="subset：引出分项的词（正则表达式）"),
    "subset_stop": Option(list, default=["共", "合计", "累计", "总计", "全年", "另有", "此外", "同比", "[%％]"],
                          items=str, regex=True,
                          help="subset：分项之间出现这些写法时，分项列举已结束（正则表达式）"),
    "area": Option(str, default="全[省市区县镇乡旗]", regex=True,
                   help="sum：全域限定词（正则表达式）；总数和分项有相同的限定词时，不在同一句也比较"),
    **_scan.scan_options(),
}

PLACEHOLDERS = {
    "calculation": "计算过程，如“364÷396=91.9%”",
    "stated": "报告中所写的比例或总数",
    "count": "inexact：约数的写法，如“200余件”",
}

_SENTENCE_ENDS = "。！？!?；;\n"
_SENTENCE = regexcache.compile(f"[^{_SENTENCE_ENDS}]+")
_SENTENCE_END = regexcache.compile(f"[{_SENTENCE_ENDS}]")
_MAX_COUNTS = 60  # counts in one sentence beyond which rates are not computed
_MAX_LIST = 200  # counts in one sentence beyond which sums are not judged (a flattened table)
_WINDOW = 40  # characters before a percentage searched for the rate's name
_CLAUSE_END = "，,、：:（）()"
_CLAUSE_MARK = regexcache.compile(f"[{re.escape(_CLAUSE_END)}]")
_LIST_MARKS = "，,、；;"
_PERCENT_MARKS = ("%", "％", "百分之")  # in every sentence with a percentage; rare elsewhere
_PERCENT = _scan.regex(r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)\s*[%％]|百分之(?P<cn>[零〇一二两三四五六七八九十百]+)")


def validate_options(options: dict):
    bounds = {"above", "about"}
    for cue, bound in (options.get("count_cues") or {}).items():
        if bound not in bounds:
            return "count_cues", f"“{cue}”的值应为 above 或 about"
    for cue, bound in (options.get("percent_cues") or {}).items():
        if bound not in num.BOUNDS:
            return "percent_cues", f"“{cue}”的值应为 {'、'.join(num.BOUNDS)} 之一"
    for group in options.get("unit_groups") or ():
        if not all(isinstance(u, str) for u in group):
            return "unit_groups", "每组应为量词的列表"
    try:
        if "stem" not in regexcache.compile(options.get("rate_term") or "").groupindex:
            return "rate_term", "应有命名分组 (?P<stem>…)"
    except re.error as exc:
        return "rate_term", str(exc)
    return None


# -- what the text states ---------------------------------------------------------------------
@dataclass(slots=True)
class Count:
    start: int  # in the sentence
    end: int
    text: str  # as written, e.g. 200余件
    value: int | Fraction
    unit: str
    bound: str  # exact | above | about

    @property
    def shown(self) -> str:
        """The number as a term of a calculation (200余 for 200余件)."""
        return num.plain(self.value) + ("余" if self.bound == "above" else "")

    def interval(self) -> num.Interval:
        if self.bound == "above":
            return num.Interval(self.value, None, lo_open=True)
        return num.Interval(self.value, self.value)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class _Grammar:
    """The rule's options compiled once."""

    def __init__(self, opts: dict):
        self.units = list(opts["units"])
        self.group = {}
        for i, group in enumerate(opts.get("unit_groups") or ()):
            for u in group:
                self.group[u] = i
        cues = opts.get("count_cues") or {}
        self.count_cues = cues
        cue = _alternation(cues) or "(?!)"
        source = (rf"(?P<pre>{cue})?(?P<num>{num.NUMBER})\s*(?P<suf>{cue})?\s*(?P<unit>{_alternation(self.units)})"
                  rf"(?P<suf2>{cue})?")
        self.count = _scan.regex(source)  # starts optional: a start-character lookahead skips positions
        # what a sentence's counts depend on: the rules sharing it share the counts (:func:`_counts`)
        self.counts_key = ("figures.counts", source, tuple(sorted(cues.items())))
        pcues = opts.get("percent_cues") or {}
        self.percent_cues = pcues
        # what the rates judged in a text depend on: the rate and inexact rules share them (:func:`_unmet`)
        self.rates_key = ("figures.rates", self.counts_key, tuple(sorted(pcues.items())), opts["rate_term"],
                          opts["share_term"], opts["links"], tuple(sorted(opts.get("not_stems") or ())),
                          tuple(sorted(self.group.items())))
        self.pre = regexcache.compile(rf"(?:{_alternation(pcues) or '(?!)'})$")
        self.post = regexcache.compile(rf"(?:{_alternation(pcues) or '(?!)'})")
        term = rf"(?:{opts['rate_term']}|(?P<share>{opts['share_term']}))(?:{opts['links']})$"
        self.term = regexcache.compile(term)
        # literals every rate's name holds (率, 占): text without them names no rate
        self.term_needles = _prefilter.requirements(term)
        not_stems = opts.get("not_stems")
        self.not_stem = regexcache.compile(_alternation(not_stems)) if not_stems else None
        subset = opts.get("subset_cues")
        self.subset = _scan.regex(_scan.joined(subset)) if subset else None
        # the sentences read are those holding the first cue; a plain word is found by _located
        self.subset_probe = subset[0] if subset else None
        self.subset_word = (subset[0] if subset and subset[0] and re.escape(subset[0]) == subset[0]
                            and not any(c in subset[0] for c in _SENTENCE_ENDS) else None)
        stop = opts.get("subset_stop")
        self.subset_stop = _scan.regex(_scan.joined(stop) if stop else "(?!)")
        self.area = regexcache.compile(rf"(?:{opts['area']})[共有现]{{0,2}}$")

    def may_name(self, text: str) -> bool:
        """Whether ``text`` holds the literals every rate's name needs."""
        return all(any(n in text for n in needles) for needles in self.term_needles)

    def comparable(self, a: str, b: str) -> bool:
        return a == b or (a in self.group and self.group.get(b) == self.group[a])

    def counts(self, text: str, limit: int | None = None) -> list[Count]:
        out = []
        for m in self.count.finditer(text):
            if limit is not None and len(out) >= limit:
                break
            text, pre, number, suf, unit, suf2 = m.group(0, "pre", "num", "suf", "unit", "suf2")
            value = num.parse(number)
            if value is None or value == 0:
                continue
            bound = "exact"
            for cue in (pre, suf, suf2):
                if cue:
                    bound = self.count_cues[cue] if bound == "exact" else "about"
            out.append(Count(m.start(), m.end(), text, value, unit, bound))
        return out


@dataclass(slots=True)
class Percent:
    start: int  # where the stated figure (with its cue) starts
    end: int
    text: str
    value: int | Fraction
    places: int
    bound: str
    stem: str | None  # None: a share (占比)
    term_start: int


def _counts(report, g: _Grammar, sentence: str) -> list[Count]:
    """The counts of ``sentence`` (at most ``_MAX_LIST + 1``), found once per report for
    all the rules whose grammar reads counts alike."""
    store = _scan.cached(report, g.counts_key, lambda _r: {})
    try:
        return store[sentence]
    except KeyError:
        found = store[sentence] = g.counts(sentence, _MAX_LIST + 1)
        return found


def _percents(g: _Grammar, sentence: str) -> list[Percent]:
    """The percentages of ``sentence`` that follow a rate's name."""
    if not g.may_name(sentence):
        return []
    out = []
    for m in _PERCENT.finditer(sentence):
        base = max(0, m.start() - _WINDOW)  # the rate's name and cue stand just before the figure
        before = sentence[base:m.start()]
        if not g.may_name(before):
            continue
        start, bound = m.start(), num.EXACT
        cue = g.pre.search(before)
        if cue:
            bound, start, before = g.percent_cues[cue.group(0)], base + cue.start(), before[:cue.start()]
        end = m.end()
        after = g.post.match(sentence, end)
        if after:
            bound = g.percent_cues[after.group(0)] if bound == num.EXACT else num.ABOUT
            end = after.end()
        term = g.term.search(before)
        if term is None:
            continue
        stem = None if term.group("share") else term.group("stem")
        if stem is not None and g.not_stem and g.not_stem.search(before, max(0, term.start() - 4), term.end()):
            continue
        if m.group("num"):
            value, places = num.parse(m.group("num")), num.decimals(m.group("num"))
        else:
            value, places = num.cn_int(m.group("cn")), 0
            if value is None:
                continue
        out.append(Percent(start, end, sentence[start:end], value, places, bound, stem, base + term.start()))
    return out


def _clause(sentence: str, counts: list[Count], i: int, marks: list[int]) -> str:
    """The clause holding ``counts[i]`` (between the clause marks at ``marks``), less the
    parts of the counts beside it (``counts`` in order and apart, as ``finditer`` gives
    them: only the one just before and the one just after can stand in the clause's ends)."""
    count = counts[i]
    k = bisect_left(marks, count.start)
    lo = marks[k - 1] + 1 if k else 0
    k = bisect_left(marks, count.end)
    hi = marks[k] if k < len(marks) else len(sentence)
    if i and counts[i - 1].start >= lo:
        lo = counts[i - 1].end
    if i + 1 < len(counts) and counts[i + 1].start < hi:
        hi = counts[i + 1].start
    return sentence[lo:hi]


# -- rates --------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Pair:
    numerator: Count
    denominator: Count

    def fits(self, allowed: num.Interval) -> bool:
        """Whether a percentage the two counts allow is in ``allowed``."""
        n, d = self.numerator, self.denominator
        if n.bound == "exact" and d.bound == "exact":  # one value: n×100/d, compared exactly
            return allowed.holds(n.value.numerator * 100 * d.value.denominator,
                                 n.value.denominator * d.value.numerator)
        return self.ratio().meets(allowed)

    def ratio(self) -> num.Interval:
        """Percentages the two counts allow."""
        n, d = self.numerator.interval(), self.denominator.interval()
        lo = None if d.hi is None else num.ratio(n.lo * 100, d.hi)
        lo_open = d.hi is None or n.lo_open or d.hi_open
        if d.hi is None:
            lo, lo_open = Fraction(0), True
        hi = None if n.hi is None else num.ratio(n.hi * 100, d.lo)
        hi_open = n.hi is None or d.lo_open
        if n.hi is None:  # more than N of a total: at most all of it
            hi, hi_open = Fraction(100), False
        return num.Interval(lo, hi, lo_open, hi_open)

    def calculation(self, stated: Percent) -> str:
        n, d = self.numerator, self.denominator
        exact = num.ratio(n.value * 100, d.value)
        op = "="
        if d.bound == "above" and n.bound == "exact":
            op = "<"
        elif n.bound == "above" and d.bound == "exact":
            op = ">"
        places = max(1, stated.places + 1)
        shown = num.fmt(exact, places)
        while op == "=" and places < 4 and Fraction(shown) == stated.value != exact:
            places += 1
            shown = num.fmt(exact, places)
        return f"{n.shown}÷{d.shown}{op}{shown}%"


def _pairs(g: _Grammar, sentence: str, counts: list[Count], rate: Percent) -> list[_Pair]:
    term_start = rate.term_start
    placed = [i for i, c in enumerate(counts) if c.end <= term_start and c.bound != "about"]
    if not placed:
        return []
    before = [counts[i] for i in placed]
    if rate.stem is None:
        numerators = [before[-1]]
    else:  # the longest end of the rate's name that a clause with a count names
        marks = [m.start() for m in _CLAUSE_MARK.finditer(sentence)]
        clauses = [(counts[i], _clause(sentence, counts, i, marks)) for i in placed]
        numerators = []
        for k in range(len(rate.stem), 1, -1):
            numerators = [c for c, clause in clauses if rate.stem[-k:] in clause]
            if numerators:
                break
    pairs = []
    for n in numerators:
        for d in before:
            if d.end > n.start or d in numerators or not g.comparable(n.unit, d.unit):
                continue
            if d.bound == "exact" and n.bound == "exact" and d.value < n.value:
                continue
            pairs.append(_Pair(n, d))
    return pairs


@dataclass(slots=True)
class _Unmet:
    """A stated rate that none of its possible pairs of counts gives."""

    piece: object
    offset: int  # of the sentence in the piece
    rate: Percent
    pairs: list[_Pair]


def _unmet(report, opts: dict, g: _Grammar) -> list[_Unmet]:
    """The unmet rates of the report, in reading order; judged once per report for the
    rules (rate and inexact) that read rates alike and differ only in what they report."""
    key = (g.rates_key, tuple(opts.get("where") or ()), tuple(opts.get("sections") or ()))
    return _scan.cached(report, key, lambda _r: [
        u for _k, piece, lo, sentence in _located(report, opts, _PERCENT_MARKS)
        for u in _unmet_in(report, g, piece, lo, sentence)])


def _unmet_in(report, g: _Grammar, piece, lo: int, sentence: str):
    rates = _percents(g, sentence)
    if not rates:
        return
    counts = _counts(report, g, sentence)[:_MAX_COUNTS + 1]
    if not 2 <= len(counts) <= _MAX_COUNTS:
        return  # a run of figures longer than any sentence (a table flattened into text): not judged
    for rate in rates:
        pairs = _pairs(g, sentence, counts, rate)
        if not pairs:
            continue
        allowed = num.stated_percent(rate.value, rate.places, rate.bound)
        if not any(p.fits(allowed) for p in pairs):
            yield _Unmet(piece, lo, rate, pairs)


def _rate_findings(report, rule, unmet: list[_Unmet], inexact: bool):
    for u in unmet:
        pairs, rate, piece = u.pairs, u.rate, u.piece
        kinds = {p.numerator.bound != "exact" or p.denominator.bound != "exact" for p in pairs}
        if len(pairs) > 1 or kinds != {inexact}:
            continue  # several possible bases, none fits: the base may be elsewhere
        pair = pairs[0]
        approx = next(c for c in (pair.denominator, pair.numerator) if c.bound != "exact") if inexact else None
        yield _scan.lazy(report, rule, block=piece.block,
                         excerpt_text=excerpt(piece.text, u.offset + pair.denominator.start, u.offset + rate.end),
                         values={"calculation": pair.calculation(rate), "stated": rate.text,
                                 "count": approx.text if approx else ""})


# -- sums ---------------------------------------------------------------------------------------
_TOTAL = regexcache.compile(f"(?P<a>[{_CJK}]{{1,4}}?)[（(](?P<b>[{_CJK}]{{1,4}})[)）]")
# what every total's text holds (starting with the bracket lets ``re`` skip to one)
_BRACKETS = ("（", "(")
_TOTAL_SHAPE = regexcache.compile(f"[（(](?<=[{_CJK}][（(])[{_CJK}]{{1,4}}[)）]")
_PART_MARKS = "、和及与"
_PARTS = regexcache.compile(f"(?P<a>[{_CJK}]{{1,6}}?)[{_PART_MARKS}]")
_TAIL = regexcache.compile(f"[{_CJK}]{{1,4}}")


@dataclass(slots=True)
class _Stated:
    piece: object
    offset: int  # of the sentence in the piece
    sentence: str
    area: str | None
    counts: tuple  # Count objects (one for a total, two for parts)
    a: str
    b: str
    span: tuple


def _composites(report, g: _Grammar, piece, lo: int, sentence: str):
    totals, parts = [], []
    counts = _counts(report, g, sentence)
    if len(counts) > _MAX_LIST:
        return totals, parts
    for i, c in enumerate(counts):
        area = g.area.search(sentence, max(0, c.start - 8), c.start)
        area_text = area.group(0).rstrip("共有现") if area else None
        m = _TOTAL.match(sentence, c.end)
        if m and c.bound == "exact":
            totals.append(_Stated(piece, lo, sentence, area_text, (c,), m.group("a"), m.group("b"),
                                  (c.start, m.end())))
        m = _PARTS.match(sentence, c.end)
        if m and i + 1 < len(counts) and counts[i + 1].start == m.end():
            second = counts[i + 1]
            tail = _TAIL.match(sentence, second.end)
            if tail and c.bound == "exact" and second.bound == "exact":
                parts.append(_Stated(piece, lo, sentence, area_text, (c, second), m.group("a"), tail.group(0),
                                     (c.start, tail.end())))
    return totals, parts


def _sums_stated(report, opts: dict, g: _Grammar) -> tuple[list[_Stated], list[_Stated]]:
    """The totals, and the parts that can be compared with one, in reading order.

    A total needs two kinds in brackets after its count (``个村（社区）``), so totals
    are looked for only in sentences with that shape; without a total there is nothing
    to compare. Parts count only in a total's sentence or after a total's whole-area
    qualifier, so another sentence is read only when it holds a part mark and the
    qualifier's text just before a number.
    """
    found = {}  # (piece position, sentence offset) -> (totals, parts), in reading order
    for k, piece, lo, sentence in _located(report, opts, _BRACKETS, _TOTAL_SHAPE):
        found[k, lo] = _composites(report, g, piece, lo, sentence)
    totals = [t for stated, _ in found.values() for t in stated]
    if not totals:
        return [], []
    parts = {key: stated for key, (_, stated) in found.items()}
    areas = {t.area for t in totals if t.area}
    if areas:  # parts elsewhere, after the same qualifier (its text, then a count's first digit)
        far = regexcache.compile(f"(?:{_alternation(areas)})[共有现]*[\\d{num.CN_CHARS}]")
        for k, piece, lo, sentence in _located(report, opts, tuple(areas), far):
            if (k, lo) not in parts and any(ch in sentence for ch in _PART_MARKS):
                parts[k, lo] = _composites(report, g, piece, lo, sentence)[1]
    return totals, [p for key in sorted(parts) for p in parts[key]]


def _matches(total: _Stated, part: _Stated) -> bool:
    return part.a.endswith(total.a) and part.b.startswith(total.b)


def _sum_findings(report, rule, g: _Grammar):
    totals, parts = _sums_stated(report, rule.options, g)
    for total in totals:
        (t,) = total.counts
        same = [p for p in parts if _matches(total, p)
                and ((p.piece is total.piece and p.offset == total.offset)
                     or (total.area and p.area == total.area))]
        if not same:
            continue
        if any(sum(c.value for c in p.counts) == t.value for p in same):
            continue
        part = same[0]
        written = part.sentence[part.span[0]:part.counts[1].end + len(total.b)]
        calc = "+".join(c.shown for c in part.counts) + "=" + num.plain(sum(c.value for c in part.counts))
        stated = (total.area or "") + total.sentence[total.span[0]:total.span[1]]
        yield _scan.lazy(report, rule, block=total.piece.block,
                         excerpt_text=excerpt(total.piece.text, total.offset + total.span[0],
                                              total.offset + total.span[1]),
                         values={"calculation": f"“{written}”合计{calc}", "stated": stated, "count": ""})


def _subset_findings(report, rule, g: _Grammar, piece, lo: int, sentence: str):
    if g.subset is None:
        return
    counts = _counts(report, g, sentence)
    if len(counts) > _MAX_LIST:
        return
    ends = [c.end for c in counts]
    starts = [c.start for c in counts]
    for cue in g.subset.finditer(sentence):
        k = bisect_right(ends, cue.start())
        if k == 0:
            continue
        total = counts[k - 1]
        gap = sentence[total.end:cue.start()]
        if total.bound != "exact" or len(gap) > 2 or any(ch not in " ，,（(" for ch in gap):
            continue
        inside = "(" in gap or "（" in gap
        stop = len(sentence)
        if inside:
            closes = [i for i in (sentence.find(c, cue.end()) for c in "）)") if i >= 0]
            stop = min(closes) if closes else stop
        parts, depth, pos, sep = [], 0, cue.end(), None
        first = bisect_left(starts, cue.end())
        for c in counts[first:first + _MAX_COUNTS]:
            if c.start >= stop:
                break
            between = sentence[pos:c.start]
            if g.subset.search(between):
                break  # the next breakdown begins
            depth += between.count("（") + between.count("(") - between.count("）") - between.count(")")
            pos = c.end
            if depth > 0:
                continue  # a nested breakdown in brackets
            if parts:
                marks = [ch for ch in between if ch in _LIST_MARKS]
                if len(marks) != 1 or (sep is not None and marks[0] != sep) or g.subset_stop.search(between):
                    break  # a clause without a count, another kind of list, or a new total: the list has ended
                sep = marks[0]
            if not g.comparable(c.unit, total.unit):
                break
            parts.append(c)
        if not parts or any(c.bound != "exact" for c in parts):
            continue
        total_parts = sum(c.value for c in parts)
        if total_parts <= total.value:
            continue
        calc = "+".join(c.shown for c in parts) + "=" + num.plain(total_parts)
        yield _scan.lazy(report, rule, block=piece.block,
                         excerpt_text=excerpt(piece.text, lo + total.start, lo + parts[-1].end),
                         values={"calculation": calc, "stated": total.text, "count": ""})


# -- the check ----------------------------------------------------------------------------------
def check(report, rule):
    _scan.require_valid(rule, validate_options)
    yield from _scan.limited(_findings(report, rule), rule.options)


def _findings(report, rule):
    opts = rule.options
    aspect = opts["aspect"]
    g = _grammar(rule)
    if aspect == "sum":
        yield from _sum_findings(report, rule, g)
    elif aspect == "subset":
        if g.subset_probe is None:
            return
        if g.subset_word is not None:
            sentences = ((piece, lo, sentence) for _k, piece, lo, sentence in _located(report, opts, (g.subset_word,)))
        else:
            sentences = _probed(_scan.texts_for(report, opts, g.subset_probe), g.subset_probe)
        for piece, lo, sentence in sentences:
            yield from _subset_findings(report, rule, g, piece, lo, sentence)
    else:
        yield from _rate_findings(report, rule, _unmet(report, opts, g), aspect == "inexact")


def _located(report, opts: dict, needles: tuple[str, ...], shape: re.Pattern | None = None):
    """(piece position, piece, offset, sentence) of each block sentence (as
    :data:`_SENTENCE` splits a block) holding one of ``needles`` (words without a
    sentence end) where ``shape``, if given, matches; found in the joined texts (joined
    by a sentence end) with ``str.find``, much faster there than a regex scan. For a
    ``shape`` that matches no sentence end and whose lookbehinds fail on one as at the
    start of a text, these are the sentences where it matches."""
    text, starts = _scan.joined_texts(report, opts)
    hits = []
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            if shape is None or shape.match(text, pos):
                hits.append(pos)
            pos = text.find(needle, pos + 1)
    if not hits:
        return
    pieces = _scan.texts(report, opts)
    ends = _sentence_ends(report, text)
    hi = 0
    for start in sorted(hits):
        if start < hi:
            continue
        k = bisect_right(starts, start) - 1
        base = starts[k]
        e = bisect_left(ends, start)  # the sentence ends before ``start`` and the first one after
        lo = max(base, ends[e - 1] + 1) if e else base
        hi = ends[e] if e < len(ends) else len(text)
        if pieces[k].block is not None:
            yield k, pieces[k], lo - base, text[lo:hi]


def _sentence_ends(report, text: str) -> list[int]:
    """Where the sentence ends of ``text`` (a joined text of the report) stand, found once."""
    store = _scan.cached(report, "figures.sentence_ends", lambda _r: {})
    found = store.get(text)
    if found is None:
        found = store[text] = list(map(re.Match.start, _SENTENCE_END.finditer(text)))
    return found


def _probed(pieces, probe: str):
    """(piece, offset, sentence) for each sentence of a block where ``probe`` occurs."""
    probe_re = _scan.regex(probe)
    for piece in pieces:
        if piece.block is None or not probe_re.search(piece.text):
            continue
        for m in _SENTENCE.finditer(piece.text):
            if probe_re.search(m.group(0)):
                yield piece, m.start(), m.group(0)


def _grammar(rule) -> _Grammar:
    """The rule's compiled patterns, built once per rule object."""
    if "grammar" not in rule.cache:
        rule.cache["grammar"] = _Grammar(rule.options)
    return rule.cache["grammar"]
