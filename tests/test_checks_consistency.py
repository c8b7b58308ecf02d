"""consistency: of several variants, the less used ones are reported."""

import pytest

from checker.errors import PackError
from checkcase import at, findings, lines

SELF = {"check": "consistency", "variants": {"我区": "我区", "我市": "我市", "我县": "我县"},
        "message": "{match}/{majority}/{majority_count}"}


def test_minority_variant_reported_at_each_occurrence():
    text = lines("2023年，我区推进依法行政。", "我区办理案件64件，我市办理30件。", "我区推进普法。", "我市开展培训。")
    found = findings(text, SELF)
    assert [(f.location.block, f.message) for f in found] == [(2, "我市/我区/3"), (4, "我市/我区/3")]


def test_one_variant_only_is_fine():
    assert at(lines("我区推进依法行政。", "我区办理案件。"), SELF) == []


def test_tie_goes_to_the_first_written():
    assert at(lines("我县推进依法行政。", "我区办理案件。"), SELF) == [2]


def test_fewer_than_two_variants_is_refused():
    with pytest.raises(PackError):
        findings("我区", {"check": "consistency", "variants": {"我区": "我区"}})
