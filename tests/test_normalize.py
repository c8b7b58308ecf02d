"""The normalised view: analysis reads simplified text without pinyin glosses, findings
quote the original; a traditional-script report gets the same parts, meta and findings
as the simplified one."""

from __future__ import annotations

import itertools
from pathlib import Path

import opencc
import pytest

from checker.analysis.normalize import Normalizer
from checker.read.text import read_text
from checker.runner import check_text
from conftest import seed_texts
from shortreport import XIANGZHOU

SYLLABLES = ["qū", "diào", "guī", "zhèng", "fǎ", "jiàn", "shè", "lǜ", "yuàn"]
ARTEFACT_RULES = ("hygiene.traditional", "hygiene.pinyin-splice")

REPORT = XIANGZHOU


def convert(text: str, config: str) -> str:
    return opencc.OpenCC(f"{config}.json").convert(text)


def glossed(simplified: str, config: str = "s2t") -> str:
    """Traditional text with a toned pinyin gloss after every character the conversion
    changed (as mirror sites print them: 區(qū), 調(diào))."""
    cycle = itertools.cycle(SYLLABLES)
    traditional = convert(simplified, config)
    return "".join(t + (f"({next(cycle)})" if t != s else "") for t, s in zip(traditional, simplified))


def outcome(text: str):
    result = check_text(text, name="报告.txt")
    findings = [(f.rule, f.severity.label, f.location.block, f.location.line, f.section, f.message)
                for f in result.findings if f.rule not in ARTEFACT_RULES]
    return result.meta, result.sections, result.headings, findings


def variants(text: str):
    for config in ("s2t", "s2tw", "s2hk"):
        yield config, convert(text, config)
    yield "s2t+pinyin", glossed(text, "s2t")
    yield "s2hk+pinyin", glossed(text, "s2hk")


@pytest.mark.parametrize("name,text", list(variants(REPORT)))
def test_written_report_in_traditional_script_reads_the_same(name, text):
    assert outcome(text) == outcome(REPORT)


def test_findings_quote_the_original_text():
    result = check_text(glossed(REPORT), name="报告.txt")
    rules = {f.rule for f in result.findings}
    assert {"hygiene.traditional", "hygiene.pinyin-splice"} <= rules
    assert result.meta["issuer"] == "示范市香洲区人民政府"
    original = glossed(REPORT)
    quoted = [f for f in result.findings if f.excerpt and f.location.block]
    assert quoted
    for f in quoted:
        assert f.excerpt.strip("…") in original, (f.rule, f.excerpt)


def test_artefacts_are_reported_once_each():
    result = check_text(glossed(REPORT), name="报告.txt")
    counts = {}
    for f in result.findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    assert counts["hygiene.traditional"] == 1 and counts["hygiene.pinyin-splice"] == 1
    message = next(f.message for f in result.findings if f.rule == "hygiene.pinyin-splice")
    assert 2 <= message.count("“") <= 3


# -- the normaliser itself -------------------------------------------------------------------
def _normalise(text: str):
    return Normalizer(None).normalise(read_text(Path("a.txt"), text.encode("utf-8")))


def test_plain_simplified_text_is_used_as_it_is():
    n = _normalise(REPORT)
    assert n.document is n.original and not n.changed and not n.offsets


def test_gloss_removed_and_offsets_lead_back():
    n = _normalise("香洲區(qū)調(diào)解工作。\n")
    assert n.document.blocks[0].text == "香洲区调解工作。"
    assert [a.text for a in n.pinyin] == ["(qū)", "(diào)"]
    s, e = n.original_span(1, 2, 5)  # 区调解
    assert n.original.blocks[0].text[s:e] == "區(qū)調(diào)解"
    assert n.quote(1, "…洲区调…") == "…洲區(qū)調(diào)…"


def test_neutral_tone_glosses_only_beside_toned_ones():
    assert _normalise("我們(men)的(de)工作(gōng)。\n").document.blocks[0].text == "我们的工作。"
    plain = _normalise("引进PPP项目(ppp)和(app)。\n")
    assert plain.document.blocks[0].text == "引进PPP项目(ppp)和(app)。" and not plain.pinyin


def test_stray_traditional_characters_in_a_simplified_report():
    n = _normalise("我区深入推进依法行政，規範行政执法，显著提升执法质量。" + "全年办理行政复议案件64件。" * 3 + "\n")
    assert n.script == "mixed"
    assert "规范" in n.document.blocks[0].text and "显著" in n.document.blocks[0].text


def test_destroyed_characters_are_noted_not_changed():
    n = _normalise("全年办理行政复议案件64件，??区司法局依法?理。如何提升质量?我们将继续探索。\n")
    assert [a.text for a in n.garbled] == ["??", "?"]
    assert n.document is n.original


# -- every seed --------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["s2t", "s2tw", "s2hk", "s2t+pinyin", "s2hk+pinyin"])
def test_every_seed_in_traditional_script_reads_the_same(variant):
    for name, text in seed_texts():
        config, _, pinyin = variant.partition("+")
        other = glossed(text, config) if pinyin else convert(text, config)
        assert outcome(other) == outcome(text), name


# -- one conversion of the whole text ----------------------------------------------------------
def _block_by_block(normalised):
    """What converting each block on its own gives (the reference the shortcut must equal)."""
    normalizer = Normalizer(None)
    chain = normalizer.chain if normalised.script == "traditional" else (normalizer.detect,)
    steps = [opencc.OpenCC(f"{c}.json").convert for c in chain]
    out = []
    for block in normalised.original.blocks:
        text, _, _ = normalizer._strip_glosses(block)
        out.append(Normalizer._convert(text, steps))
    return out


MIXED_LINES = [
    "乾隆年間的檔案：後來發展為",  # phrases (乾隆, 後來) whose conversion depends on neighbours
    "我區深入推進依法行政，規範行政執法。",
    "全年办理行政复议案件64件。",
    "於是",  # a one-character phrase edge
    "",
    "台灣的資訊科技與軟體",  # Taiwan phrasing
]


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk", "mixed"])
def test_whole_text_conversion_equals_block_by_block(config):
    simplified = [line for line in REPORT.splitlines()]
    lines = [convert(l, "s2t") if i % 5 == 0 else l for i, l in enumerate(simplified)] if config == "mixed" \
        else [convert(l, config) for l in simplified]
    lines[3:3] = MIXED_LINES
    n = _normalise("\n".join(lines) + "\n")
    assert n.script == ("mixed" if config == "mixed" else "traditional")
    assert [b.text for b in n.document.blocks] == _block_by_block(n)


def test_block_holding_a_newline_is_converted_on_its_own():
    """The readers turn line breaks into spaces, but should a block hold a newline, the
    lines of the whole text no longer match the blocks: each block is converted by itself."""
    from dataclasses import replace

    document = read_text(Path("a.txt"), "關於推進法治政府建設的報告\n乾隆年間\n後來\n我區深入推進依法行政。\n".encode("utf-8"))
    blocks = list(document.blocks)
    blocks[1] = replace(blocks[1], text="乾隆\n年間")  # the next block has as many characters as a line
    n = Normalizer(None).normalise(replace(document, blocks=blocks))
    assert n.changed and [b.text for b in n.document.blocks] == _block_by_block(n)
    assert n.document.blocks[1].text == _block_by_block(n)[1] and "\n" in n.document.blocks[1].text
