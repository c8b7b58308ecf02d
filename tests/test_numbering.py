"""Automatic numbering rendered as Word shows it (numbering.xml semantics)."""

from __future__ import annotations

import pytest
from lxml import etree

from checker.read.numbering import Numbering, chinese_counting, format_number
from checker.read.ooxml import W_NS


@pytest.mark.parametrize("n,expected", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1000, "一千"), (1010, "一千零一十"),
])
def test_chinese_counting(n, expected):
    assert chinese_counting(n) == expected


@pytest.mark.parametrize("fmt,n,expected", [
    ("decimal", 12, "12"), ("chineseCounting", 3, "三"), ("chineseCountingThousand", 12, "十二"),
    ("ideographTraditional", 1, "甲"), ("ideographTraditional", 11, "甲"), ("decimalEnclosedCircle", 3, "③"),
    ("decimalEnclosedCircleChinese", 2, "②"), ("decimalEnclosedParen", 1, "⑴"), ("decimalFullWidth", 7, "７"),
    ("upperLetter", 28, "BB"), ("lowerRoman", 4, "iv"), ("upperRoman", 9, "IX"), ("decimalZero", 5, "05"),
    ("none", 3, ""), ("ordinalText", 3, "3"),
])
def test_format_number(fmt, n, expected):
    assert format_number(n, fmt) == expected


def _numbering(body: str):
    return etree.fromstring(f'<w:numbering xmlns:w="{W_NS}">{body}</w:numbering>')


def _lvl(ilvl, fmt, text, start=1, extra=""):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


GONGWEN = ('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "chineseCounting", "%1、")
           + _lvl(1, "chineseCounting", "（%2）") + _lvl(2, "decimal", "%3.") + _lvl(3, "decimal", "（%4）")
           + '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>')


def test_levels_and_restarts():
    n = Numbering(_numbering(GONGWEN), {})
    seq = [(0, "一、"), (1, "（一）"), (2, "1."), (2, "2."), (1, "（二）"), (2, "1."), (3, "（1）"),
           (0, "二、"), (1, "（一）")]
    assert [n.label("5", ilvl, None)[0] for ilvl, _ in seq] == [label for _, label in seq]


def test_lvl_restart_keeps_arabic_running_across_parents():
    body = GONGWEN.replace('<w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/>',
                           '<w:numFmt w:val="decimal"/><w:lvlRestart w:val="1"/><w:lvlText w:val="%3."/>')
    n = Numbering(_numbering(body), {})
    labels = [n.label("5", i, None)[0] for i in (0, 1, 2, 2, 1, 2, 0, 1, 2)]
    assert labels == ["一、", "（一）", "1.", "2.", "（二）", "3.", "二、", "（一）", "1."]


def test_num_zero_switches_numbering_off_and_unknown_ids_are_ignored():
    n = Numbering(_numbering(GONGWEN), {"Heading1": ("5", 0)})
    assert n.label("0", 0, "Heading1") == ("", "")
    assert n.label("99", 0, None) == ("", "")


def test_start_override_and_shared_abstract_counters():
    body = GONGWEN + ('<w:num w:numId="6"><w:abstractNumId w:val="1"/>'
                      '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'
                      '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>')
    n = Numbering(_numbering(body), {})
    assert n.label("5", 0, None)[0] == "一、"
    assert n.label("7", 0, None)[0] == "二、"  # same list continues through another num instance
    assert n.label("6", 0, None)[0] == "四、"  # startOverride restarts at 4
    assert n.label("6", 0, None)[0] == "五、"


def test_style_linked_numbering_level_from_pstyle():
    body = ('<w:abstractNum w:abstractNumId="2">'
            + _lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="H1"/>')
            + _lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="H2"/>')
            + '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>')
    # styles carry numId only; the level comes from the level's w:pStyle
    n = Numbering(_numbering(body), {"H1": ("3", None), "H2": ("3", None)})
    assert [n.label(None, None, s)[0] for s in ("H1", "H2", "H2", "H1", "H2")] == \
        ["一、", "（一）", "（二）", "二、", "（一）"]


def test_is_legal_and_multi_level_text():
    body = ('<w:abstractNum w:abstractNumId="4">' + _lvl(0, "chineseCounting", "%1")
            + _lvl(1, "decimal", "%1.%2", extra='<w:isLgl/>') + '</w:abstractNum>'
            '<w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num>')
    n = Numbering(_numbering(body), {})
    assert n.label("8", 0, None)[0] == "一"
    assert n.label("8", 1, None)[0] == "1.1"
