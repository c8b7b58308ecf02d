"""The noise model searches only the patterns whose key characters a text holds: it
decides every text as searching every pattern would."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from checker.packs.loader import analysis_model, select_packs
from checker.read.model import Block
from checker.read.noise import NoiseModel
from conftest import seed_texts


def _shipped() -> NoiseModel:
    return NoiseModel(analysis_model(select_packs(None, "docx", None)).noise)


def _plain(model: NoiseModel, text: str) -> bool:
    return any(p.search(text) for p in model.patterns)


SHIPPED = _shipped()
# the characters the shipped patterns name, and ordinary text around them
_ALPHABET = "".join(sorted({c for p in SHIPPED.patterns for c in p.pattern if not c.isspace()})) \
    + "年月日法治政府建设工作报告一二三 \t\u3000：:|>2019０"


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_shipped_patterns_decide_as_searching_all(text):
    assert SHIPPED._matches(text) == _plain(SHIPPED, text)


def test_every_shipped_pattern_is_keyed_or_always_searched():
    keyed = {id(p) for patterns in SHIPPED._by_char.values() for p in patterns}
    assert all(id(p) in keyed or p in SHIPPED._always for p in SHIPPED.patterns)
    assert not SHIPPED._always  # every shipped pattern has a literal requirement


def test_patterns_without_literals_are_always_searched():
    model = NoiseModel({"patterns": ["(?i)share", r"^\d+$", "分享到", "[^。]{3}$"]})
    assert [p.pattern for p in model._always] == ["(?i)share", r"^\d+$", "[^。]{3}$"]
    for text in ("SHARE", "2023", "分享到：", "长文本。", "abc"):
        assert model._matches(text) == _plain(model, text), text


def test_real_lines_decide_as_searching_all():
    for name, text in seed_texts():
        for line in text.splitlines():
            line = line.strip()
            if line and len(line) <= SHIPPED.max_length:
                assert SHIPPED._matches(line) == _plain(SHIPPED, line), (name, line)
                assert SHIPPED.is_noise(Block(index=1, text=line)) == _reference_is_noise(SHIPPED, line)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _reference_is_noise(model: NoiseModel, text: str) -> bool:
    """is_noise as written before the key-character index."""
    if not _CJK.search(text):
        if len(text) < 80 and not any(ch.isdigit() for ch in text[:1]) or (
                bool(text) and set(text) <= set("|｜- \t")):
            return True
        return len(text) < 80 and _plain(model, text)
    if len(text) > model.max_length:
        return False
    return _plain(model, text)


# patterns whose requirement sets differ in size, so that the keys come from a later set
_SETS = NoiseModel({"patterns": [r"(甲乙|丙丁|戊己|庚辛)\s*[:：]", r"^甲(乙|丙)?$", r"丙[丁戊]{1,3}己", r"(?:19|20)\d\d[-/.]己"]})


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="甲乙丙丁戊己庚辛:： -/.1920", max_size=12))
def test_keys_from_any_requirement_set_decide_as_searching_all(text):
    assert _SETS._matches(text) == _plain(_SETS, text)
    assert SHIPPED._matches(text) == _plain(SHIPPED, text)


def test_keys_come_from_the_set_with_fewest_first_characters():
    assert sorted(ch for ch, patterns in _SETS._by_char.items() if _SETS.patterns[0] in patterns) == [":", "："]


def test_toc_styles_as_the_pattern_reads_them():
    from checker.read.noise import _TOC_STYLE, is_toc

    for style in (None, "", "TOC 1", "toc1", " 目录 2 ", "Normal", "TOC Heading x", "toc"):
        expected = bool(style and _TOC_STYLE.match(style.strip()))
        assert is_toc(Block(index=1, text="x", style=style)) is expected
        assert is_toc(Block(index=2, text="y", style=style)) is expected  # asked again
