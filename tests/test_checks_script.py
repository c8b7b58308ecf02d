"""script: traditional characters found with OpenCC in the original text, reported
once for the whole report with the count, the characters and two or three places."""

from checker.checks.script import converter, traditional
from checkcase import at, findings, lines

RULE = {"check": "script", "message": "{chars}->{simplified}:{count}/{blocks}"}


def test_traditional_characters_reported_once():
    text = lines("香洲區深入推進依法行政。", "规范行政执法。", "規範行政執法。")
    found = findings(text, RULE)
    assert [(f.location.block, f.message) for f in found] == [(1, "區進規範執->区进规范执:5/2")]
    assert found[0].excerpt.startswith("香洲區")  # quoted from the original, not the normalised view


def test_examples_quote_two_or_three_places():
    text = lines(*[f"第{i}項工作推進順利。" for i in range(1, 7)])
    found = findings(text, {"check": "script", "message": "{examples}", "show": 2})
    assert len(found) == 1
    assert found[0].message.count("“") == 2 and "項" in found[0].message


def test_simplified_text_and_ignored_characters():
    assert at("2023年，我区著名的乾隆年间古建筑得到保护。\n", RULE) == []
    assert at("香洲區推进依法行政。\n", {**RULE, "ignore": "區"}) == []


def test_converter_is_made_once():
    assert converter("t2s") is converter("t2s")
    assert traditional("發展", converter("t2s").convert) == [(0, "發", "发"), (1, "展", "展")][:1]
