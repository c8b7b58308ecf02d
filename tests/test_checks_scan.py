"""The scanning shortcuts of the text checks change no finding: the start-character
lookahead (``_prefilter.compile``), the literals a text must hold for a match
(``requirements``), the pieces a pattern is looked for in (``_scan.texts_for``), and
the punctuation check's tallies (against the plain mark-by-mark algorithm)."""

from __future__ import annotations

import re
import sys

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.checks import _prefilter, _scan
from checker.resources import rules_dir
from checkcase import findings
from conftest import report_texts


def _pack_patterns() -> list[str]:
    """Every regular expression the shipped text rules scan with."""
    found = []
    for path in sorted(rules_dir().glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", []):
            for key in ("pattern", "if", "then", "unless"):
                if isinstance(rule.get(key), str):
                    found.append(rule[key])
            for key in ("tokens", "exceptions", "past_cues", "future_cues", "problem_cues", "general"):
                found.extend(p for p in rule.get(key) or [] if isinstance(p, str))
            found.extend((rule.get("swap") or {}).keys())
            found.extend((rule.get("variants") or {}).values())
            if rule.get("tokens"):
                found.append(_scan.joined(rule["tokens"]))
    return sorted(set(found))


PATTERNS = _pack_patterns()
EXTRA = [  # shapes the shipped packs do not have
    r"(?<=a)b+", r"(?:x|yz)?\d+年", r"(?P<y>(?:19|20)\d\d)\s*年", r"[^，]{2}办", r"(a)?b(?(1)c|d)",
    r"\bword\b", r"(?:^|。)来源", r"(?i)abc", r"年?", r"(?=\d)\d{2}", r"(?<=党的)十九大", r"二(?=十大)",
] + ([r"(?>ab|a)c", r"x*+y"] if sys.version_info >= (3, 11) else [])  # atomic, possessive: 3.11+
ALPHABET = "年月日一二十大党的七五八普法“”\"()（）【】XxＸ×12090 \u3000，。：:-－–请填写内部资料秘密★原市区政府制办来源网abcdyzw.\n"


def _spans(pattern: re.Pattern, text: str):
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("source", PATTERNS + EXTRA)
def test_accelerated_pattern_finds_the_same_matches_in_the_reports(source):
    plain, fast = re.compile(source), _prefilter.compile(source)
    assert (fast.groups, fast.groupindex) == (plain.groups, plain.groupindex)
    for seed in report_texts():
        for line in seed.read_text(encoding="utf-8").splitlines():
            assert _spans(fast, line) == _spans(plain, line)
            assert bool(fast.match(line)) == bool(plain.match(line))
            if plain.search(line):
                assert _scan.may_match(source, line)
                probe = _prefilter.probe(source)
                assert probe is None or probe.search(line)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATTERNS + EXTRA), st.text(alphabet=ALPHABET, max_size=60))
def test_accelerated_pattern_and_needles_on_any_text(source, text):
    plain, fast = re.compile(source), _prefilter.compile(source)
    assert _spans(fast, text) == _spans(plain, text)
    for pos in (0, 1, len(text) // 2):
        assert bool(fast.match(text, pos)) == bool(plain.match(text, pos))
    if plain.search(text):
        assert _scan.may_match(source, text)
        probe = _prefilter.probe(source)
        assert probe is None or probe.search(text)


def test_start_class_and_when_the_lookahead_is_added():
    assert _prefilter.start_class(r"(?:党的)?十九大") == r"[\U0000515a\U00005341]"
    assert _prefilter.compile(r"(?:党的)?十九大(?!代表)").pattern.startswith("(?=[")
    assert _prefilter.compile(r"(?<![原旧])(?:政府|[市区])法制办").pattern.startswith("(?=[")
    # already fast in re (a literal, a class, the ^ anchor), or unknown: left alone
    for source in ("法制政府", "[（(]请", r"^\s*秘密", r"(?i)abc", r".{2}办", r"[^，]办", r"年?", r"(a)\1"):
        assert _prefilter.compile(source).pattern == source
    assert _prefilter.start_class("年?") is None  # can match empty text


def test_needles_are_literals_every_match_needs():
    assert _prefilter.needles(r"[“\"]?七五[”\"]?\s*普法") == ("七五",)
    assert _prefilter.needles(r"(?<![原旧])(?:政府|[省市区县州旗])法制办(?:公室)?") == ("法制办",)
    assert _prefilter.needles(r"法制政府|习近平法制思想") == ("法制政府", "习近平法制思想")
    assert _prefilter.needles(r"(\d{1,2})\s*[-－–]\s*(\d{1,2})") == ("-", "－", "–")  # digits count for little
    assert _prefilter.needles(r"(?:七五)?普?") is None
    assert _prefilter.needles(r"(?i)abc") is None


def test_texts_for_keeps_every_piece_that_can_match():
    from checker.runner import check_file

    for seed in report_texts():
        report = check_file(seed).report
        for source in PATTERNS:
            for options in ({}, {"where": ["title", "body", "headers", "footers"]}, {"sections": ["plan"]}):
                pattern = re.compile(source)
                kept = {id(p) for p in _scan.texts_for(report, options, source)}
                assert all(id(p) in kept for p in _scan.texts(report, options) if pattern.search(p.text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=ALPHABET.replace("\n", ""), min_size=1, max_size=30), min_size=1, max_size=80))
def test_texts_for_keeps_every_piece_that_can_match_in_any_report(lines):
    from checker.runner import CheckOptions, check_text

    from checkcase import pack_file

    rule = {"check": "existence", "tokens": ["无此写法"]}
    report = check_text("中文报告\n" + "\n".join(lines), CheckOptions(packs=[str(pack_file(rule))])).report
    pieces = _scan.texts(report, {})
    for source in PATTERNS + EXTRA:
        pattern = re.compile(source)
        kept = {id(p) for p in _scan.texts_for(report, {}, source)}
        assert all(id(p) in kept for p in pieces if pattern.search(p.text)), source


@pytest.mark.parametrize("source", [r"[“\"]?七五[”\"]?\s*普法", r"(\d{1,2})\s*[-－–]\s*(\d{1,2})(?=\s*月)",
                                    r"(?<!本)年度", r"法制政府|习近平法制思想"])
def test_texts_for_finds_matches_at_the_edges_of_pieces(source):
    from checker.runner import CheckOptions, check_text

    from checkcase import pack_file

    lines = ["七五普法", "“七五”普法工作", "1-2月", "3－4月", "年度", "本年度", "法制政府", "习近平法制思想建设",
             "前文七五普法", "普法七五普法"]
    rule = {"check": "existence", "tokens": ["无此写法"]}
    report = check_text("\n".join(lines * 3), CheckOptions(packs=[str(pack_file(rule))])).report
    pattern = re.compile(source)
    kept = {id(p) for p in _scan.texts_for(report, {}, source)}
    matching = [p for p in _scan.texts(report, {}) if pattern.search(p.text)]
    assert matching and all(id(p) in kept for p in matching)


EDGES = [r"x\s*y", r"(?=\s*年)月", r"年[\s　]+月", r"\b年", r"\B年", r"(?<![\d一])1", r"(?<=[\s年])月", r"月(?=\n|日)",
         r"(?<!本)年度(?!\d)", r"年$", r"^年", r"(?<!\s)年", r"年(?![^月])", r"(?m)^年", r"[^年]月", r"年\Z"]


def test_which_patterns_can_be_searched_joined():
    separable = [p for p in EDGES if _prefilter.separable(p)]
    assert separable == [r"x\s*y", r"(?=\s*年)月", r"年[\s　]+月", r"\b年", r"\B年", r"(?<![\d一])1",
                         r"(?<=[\s年])月", r"月(?=\n|日)", r"(?<!本)年度(?!\d)", r"[^年]月"]
    assert not _prefilter.separable("年?")  # can match empty text
    # most of what the shipped rules scan with is searched joined
    assert sum(map(_prefilter.separable, PATTERNS)) * 2 > len(PATTERNS)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([p for p in PATTERNS + EXTRA + EDGES if _prefilter.separable(p)]),
       st.lists(st.text(alphabet=ALPHABET, max_size=16), min_size=1, max_size=10))
@example(r"(?<![\d一])1", ["一", "1"])
@example(r"月(?=\n|日)", ["月", "日"])
@example(r"x\s*y", ["x", "y x", "y"])
def test_searching_joined_pieces_finds_every_piece_that_matches(source, texts):
    pattern = _scan.regex(source)
    starts = [0]
    for t in texts[:-1]:
        starts.append(starts[-1] + len(t) + 1)
    found = _scan.starting_pieces(pattern.search, "\n".join(texts), starts)
    assert {k for k, t in enumerate(texts) if pattern.search(t)} <= found


def _starts(pattern: re.Pattern, text: str) -> list[int]:
    """Where ``pattern.search`` finds a match starting, from each position of ``text``."""
    return [m.start() if m else None for m in (pattern.search(text, pos) for pos in range(len(text) + 1))]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATTERNS + EXTRA + EDGES), st.text(alphabet=ALPHABET, max_size=40))
@example(r"(?<![\d一])1", "一1 11")
@example(r"(?<!与)(?<!法治政府建设)法治政府建设(?:与|和)?责任落实督[察查]规定", "与法治政府建设责任落实督察规定")
def test_start_search_finds_where_matches_start(source, text):
    assert _starts(_prefilter.start_search(source), text) == _starts(re.compile(source), text)


@pytest.mark.parametrize("source", PATTERNS)
def test_start_search_finds_where_matches_start_in_the_reports(source):
    plain, fast = re.compile(source), _prefilter.start_search(source)
    for seed in report_texts():
        text = seed.read_text(encoding="utf-8")
        pos = 0
        while pos <= len(text):
            m = plain.search(text, pos)
            assert (m.start() if m else None) == (lambda f: f.start() if f else None)(fast.search(text, pos))
            if m is None:
                break
            pos = m.start() + 1


def test_start_search_starts_with_a_class_where_re_would_try_every_position():
    assert _prefilter.start_search(r"(?<![原旧])(?:政府|[市区])法制办").pattern.startswith("[")
    for source in ("法制政府", r"^\s*秘密", r"(?i)abc", "年?"):  # fast already, or unknown: compile's
        assert _prefilter.start_search(source).pattern == _prefilter.compile(source).pattern


@pytest.mark.parametrize("source", [r"年$", r"^年", r"(?<!\s)年", r"年(?![^月])"] +
                         ([r"年\s*+(?!\S)", r"年(?>\s*)(?!\S)"] if sys.version_info >= (3, 11) else []))
def test_patterns_kept_apart_would_miss_pieces_joined(source):
    texts = ["年", "年", "x年"]
    joined_hits = _scan.starting_pieces(re.compile(source).search, "\n".join(texts), [0, 2, 4])
    assert not _prefilter.separable(source)
    assert {k for k, t in enumerate(texts) if re.search(source, t)} - joined_hits


def test_a_frequent_probe_keeps_all_pieces_after_a_while():
    text = "\n".join(f"第{i}段年度工作。" for i in range(200))
    found = findings(text, {"check": "existence", "tokens": [r"(?<!本)年度"]})
    assert [f.location.block for f in found] == list(range(1, 201))


# -- punctuation against the plain algorithm ----------------------------------------------------
def _reference_half_width(pieces, marks, chinese):
    """Every half-width mark beside Chinese, mark by mark (the plain algorithm)."""
    full = set(marks.values())
    hits, full_count = [], 0
    for piece in pieces:
        text = piece.text
        for i, ch in enumerate(text):
            if ch in full:
                full_count += 1
                continue
            if ch not in marks:
                continue
            j = i - 1
            while j >= 0 and text[j] in " \u3000":
                j -= 1
            k = i + 1
            while k < len(text) and text[k] in " \u3000":
                k += 1
            before = text[j] if j >= 0 else ""
            after = text[k] if k < len(text) else ""
            if before.isdigit() and after.isdigit():
                continue
            if (before and chinese.match(before)) or (after and chinese.match(after)):
                hits.append((piece.block, i, ch))
    return hits, full_count


def _reference_pairs(pieces, pairs, label):
    out = []
    for piece in pieces:
        text = piece.text
        start = 0
        if label is not None:
            m = label.match(text)
            start = m.end() if m else 0
        stacks = {n: [] for n in range(len(pairs))}
        for i in range(start, len(text)):
            for n, (left, right) in enumerate(pairs.items()):
                if text[i] in left:
                    stacks[n].append(i)
                elif text[i] in right:
                    if stacks[n]:
                        stacks[n].pop()
                    else:
                        out.append((piece.block, i))
        out.extend((piece.block, i) for n in stacks for i in stacks[n])
    return sorted(out)


PUNCT_ALPHABET = "中文法治，。：；（）“”《》,;:()1２３ \u3000\nab"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=PUNCT_ALPHABET, min_size=1, max_size=120),
       st.sampled_from([None, "[\u4e00-\u9fff\n]", "[中文１２]"]), st.sampled_from([None, 0.5]))
@example("中 ,a 中\u3000 ;b 1 , 2 中,1 ab , 中 (中文) x ,", None, None)  # blanks before marks, digits
@example("中 ,a 中\u3000 ;b 1 , 2 中,1 ab , 中 (中文) x ,", None, 0.5)
@example(",中\n中,\n, a\n中文,\n２,２", "[中文１２]", None)  # marks at piece edges, full-width digits
@example(",中\n中,\n, a\n中文,\n２,２", "[\u4e00-\u9fff\n]", None)
def test_half_width_finds_what_the_plain_algorithm_finds(text, chinese, ratio):
    from checker.runner import CheckOptions, check_text

    from checkcase import pack_file

    rule = {"check": "punctuation", "aspect": "half-width", "message": "{mark}@{count}",
            "summary_message": "{count}|{full_count}|{marks}"}
    if chinese:
        rule["chinese"] = chinese
    if ratio:
        rule["summary_ratio"] = ratio
    result = check_text("中文报告\n" + text, CheckOptions(packs=[str(pack_file(rule))]))
    got = [f for f in result.findings if f.rule == "t.r"]
    from checker.checks import punctuation

    opts = punctuation._options(type("R", (), {"options": {**rule, "where": ["title", "body"]}})())
    pieces = _scan.texts(result.report, opts)
    hits, full_count = _reference_half_width(pieces, opts["marks"], re.compile(opts["chinese"]))
    if ratio and len(hits) >= 2 and len(hits) / (len(hits) + full_count) >= ratio:
        kinds = "".join(sorted({c for _, _, c in hits}, key=list(opts["marks"]).index))
        assert [(f.location.block, f.message) for f in got] == [(hits[0][0], f"{len(hits)}|{full_count}|{kinds}")]
    else:
        expected = sorted((b, f"{c}@1", _scan.near(p.text, i, i + 1))
                          for (b, i, c), p in ((h, next(p for p in pieces if p.block == h[0])) for h in hits))
        assert sorted((f.location.block, f.message, f.excerpt) for f in got) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="中文（）()“”《》‘’【】1a) \n", min_size=1, max_size=120))
@example("（（中）\n”“\n《《》》\n（中)文(）\n1）中（\n【】】")
@example("“《”》\n（“中（文）”）\n）（\n“中”“文”\n（）（\n中")  # pairs interleaved, reopened, closed first
def test_pairs_finds_what_the_plain_algorithm_finds(text):
    from checker.checks import punctuation
    from checker.runner import CheckOptions, check_text

    from checkcase import pack_file

    rule = {"check": "punctuation", "aspect": "pairs", "message": "{mark}"}
    result = check_text("中文报告\n" + text, CheckOptions(packs=[str(pack_file(rule))]))
    got = sorted((f.location.block, f.excerpt) for f in result.findings if f.rule == "t.r")
    opts = punctuation._options(type("R", (), {"options": {**rule, "where": ["title", "body"]}})())
    pieces = _scan.texts(result.report, opts)
    expected = _reference_pairs(pieces, opts["pairs"], re.compile(opts["label_start"]))
    by_block = {p.block: p for p in pieces}
    assert got == sorted((b, _scan.near(by_block[b].text, i, i + 1)) for b, i in expected)
