"""Literal pre-tests never turn away a text the pattern matches: checked on the shipped
patterns they guard (pinyin glosses, garbled characters, metadata fields, page stamps,
noise) with texts made of the characters those patterns name, and on the real seeds."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from checker.analysis.normalize import Normalizer
from checker.analysis.probe import Probe
from checker.analysis.report import model_for
from checker.packs.loader import analysis_model, select_packs
from conftest import seed_texts

MODEL = model_for(analysis_model(select_packs(None, "text", None)))
GUARDED = [MODEL.normalizer.pinyin, MODEL.normalizer.garbled, *MODEL.meta.md.values(),
           *MODEL.meta.published_patterns, *MODEL.noise.patterns]
PROBES = [(pattern, Probe(pattern)) for pattern in GUARDED]
_NAMED = sorted({c for p in GUARDED for c in p.pattern if not c.isspace() and c not in "\\^$"})
_ALPHABET = "".join(_NAMED) + "法治政府年月日一二三区（）() \n\t\u3000|：:0123456789２?\ufffdāǎ"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_a_refused_text_never_matches(text):
    for pattern, probe in PROBES:
        if not probe.may_match(text):
            assert pattern.search(text) is None, pattern.pattern


def test_pattern_with_flags_or_no_literal_is_always_searched():
    assert Probe(re.compile("(?i)abc")).may_match("")
    assert Probe(re.compile(r"\d+")).may_match("")
    assert not Probe(re.compile("分享到")).may_match("分享")


def test_probes_on_real_texts():
    normalizer = Normalizer(None)
    for name, text in seed_texts():
        assert (normalizer._pinyin_probe.may_match(text) or normalizer.pinyin.search(text) is None), name
        assert (normalizer._garbled_probe.may_match(text) or normalizer.garbled.search(text) is None), name
        head = text[:4000]
        for pattern, probe in PROBES:
            assert probe.may_match(head) or pattern.search(head) is None, (name, pattern.pattern)


def test_glosses_and_garbling_still_found():
    normalizer = Normalizer(None)
    assert normalizer.pinyin.search("全区(qū)推进") and normalizer._pinyin_probe.may_match("全区(qū)推进")
    assert normalizer._garbled_probe.may_match("依法??行政")
    assert not normalizer._pinyin_probe.may_match("全区（一）推进")
    assert not normalizer._garbled_probe.may_match("依法行政")
