"""The label and enumeration-item short-cuts give what the plain patterns give."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.read.labels import CN_NUMERALS, ITEM_PATTERN, _ITEM_BEFORE, iter_items, parse_label

# texts built from the characters the patterns care about, plus ordinary ones
_ALPHABET = CN_NUMERALS + "是、.．（()）①⑳0123456789１２" + "。；，：  \t\u3000\n" + "年工作法治"


def _items_reference(text):
    return [(m.start(), m.group(), m.group("num")) for m in ITEM_PATTERN.finditer(text)
            if m.start() == 0 or text[m.start() - 1] in _ITEM_BEFORE]


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_items_match_the_pattern(text):
    assert [(m.start(), m.group(), m.group("num")) for m in iter_items(text)] == _items_reference(text)


def test_items_long_numeral_runs():
    for text in ("一二三四五六七八是", "，一是，二是；三是", "是一是", "十二是", "统一是", "一二三四五六是", "一二三四五六七是"):
        assert [(m.start(), m.group()) for m in iter_items(text)] == \
            [(s, g) for s, g, _ in _items_reference(text)], text


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=12))
def test_label_prefilter_never_hides_a_label(text):
    assert parse_label(text) == _plain_parse_label(text)


def _plain_parse_label(text):
    """parse_label without its first-character short-cut."""
    import checker.read.labels as labels

    saved = labels._LABEL_FIRST
    try:
        labels._LABEL_FIRST = _EVERYTHING()
        return labels.parse_label(text)
    finally:
        labels._LABEL_FIRST = saved


class _EVERYTHING:
    def __contains__(self, item):
        return True


def test_label_examples():
    assert parse_label("一、总体情况").text == "一、"
    assert parse_label("　（二）加强").text == "（二）"
    assert parse_label("１．工作").number == 1
    assert parse_label("③落实").number == 3
    assert parse_label("工作情况") is None
    assert parse_label("") is None
