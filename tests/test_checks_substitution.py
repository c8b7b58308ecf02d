"""substitution: wrong wording -> right wording, with group references and exceptions."""

import pytest

from checker.errors import PackError
from checkcase import at, findings, lines


def test_reports_match_and_replacement():
    rule = {"check": "substitution", "swap": {"法制政府": "法治政府"}, "message": "“{match}”→“{replacement}”",
            "suggestion": "改为“{replacement}”"}
    (f,) = findings("2023年，我区加快建设法制政府。", rule)
    assert (f.location.block, f.message, f.suggestion) == (1, "“法制政府”→“法治政府”", "改为“法治政府”")
    assert "法制政府" in f.excerpt


def test_group_references_build_the_replacement():
    rule = {"check": "substitution", "swap": {"法制(宣传|意识)": r"法治\1"}, "message": "{replacement}"}
    found = findings("开展法制宣传，增强法制意识，落实法制审核。", rule)
    assert [f.message for f in found] == ["法治宣传", "法治意识"]


def test_exceptions_and_lookarounds_keep_right_uses():
    rule = {"check": "substitution", "swap": {"(?<!全面)依法治区": "全面依法治区"}, "exceptions": ["依法治区办"]}
    text = lines("全面依法治区委员会召开会议。", "依法治区办统筹推进。", "推进依法治区工作。")
    assert at(text, rule) == [3]


def test_no_finding_when_replacement_equals_match():
    rule = {"check": "substitution", "swap": {"(法治)": r"\1"}}
    assert at("推进法治政府建设。", rule) == []


@pytest.mark.parametrize("swap, key", [({"(未闭合": "x"}, "swap"), ({"(a)": r"\2"}, "swap"), ({}, "swap")])
def test_bad_swap_is_refused(swap, key):
    with pytest.raises(PackError) as err:
        findings("a", {"check": "substitution", "swap": swap})
    assert key in str(err.value)
