"""script: traditional characters found with OpenCC, one finding per paragraph."""

from checker.checks.script import converter, traditional
from checkcase import at, findings, lines

RULE = {"check": "script", "message": "{chars}->{simplified}:{count}"}


def test_traditional_characters_per_paragraph():
    text = lines("香洲區深入推進依法行政。", "规范行政执法。", "規範行政執法。")
    found = findings(text, RULE)
    assert [(f.location.block, f.message) for f in found] == [(1, "區進->区进:2"), (3, "規範執->规范执:3")]


def test_simplified_text_and_ignored_characters():
    assert at("2023年，我区著名的乾隆年间古建筑得到保护。\n", RULE) == []
    assert at("香洲區推进依法行政。\n", {**RULE, "ignore": "區"}) == []


def test_converter_is_made_once():
    assert converter("t2s") is converter("t2s")
    assert traditional("發展", converter("t2s").convert) == [(0, "發", "发"), (1, "展", "展")][:1]
