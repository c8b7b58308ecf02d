"""The label and enumeration-item short-cuts give what the plain patterns give."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.read.labels import CN_NUMERALS, FORMS, ITEM_PATTERN, _ITEM_BEFORE, Label, cn_value, iter_items, parse_label

# texts built from the characters the patterns care about, plus ordinary ones
_ALPHABET = CN_NUMERALS + "是、.．（()）①⑳0123456789１２٣" + "。；，：:,  \t\u3000\n" + "年工作法治万"


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


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=12), st.text(alphabet=_ALPHABET, max_size=12))
def test_label_short_cuts_give_the_plain_label(text, other):
    # ``other`` first: a label built for one text and kept must fit the next as well
    assert parse_label(other) == _plain_parse_label(other)
    assert parse_label(text) == _plain_parse_label(text)


# label-shaped texts: white space, an optional bracket, a numeral, punctuation, text
_LABELISH = st.tuples(
    st.sampled_from(["", " ", "\u3000", "\t "]), st.sampled_from(["", "（", "(", "①", "⑳"]),
    st.sampled_from(["一", "十二", "两", "一二", "〇", "万", "1", "12", "123", "1234", "１", "٣", ""]),
    st.sampled_from(["", " ", "\u3000"]), st.sampled_from(["", "）", ")"]),
    st.sampled_from(["", "、", ".", "．", "，", "：", ":"]), st.sampled_from(["", "5", "工作", "是", "（一）"]),
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_LABELISH, _LABELISH)
def test_label_short_cuts_on_label_shapes(text, other):
    assert parse_label(other) == _plain_parse_label(other)
    assert parse_label(text) == _plain_parse_label(text)


def test_label_short_cuts_on_real_reports():
    from conftest import report_texts

    for path in report_texts():
        for line in path.read_text(encoding="utf-8").splitlines():
            for text in (line, line[:8], "  " + line, "（" + line, line.replace("、", ".", 1) + "5"):
                assert parse_label(text) == _plain_parse_label(text), text[:20]


def _plain_parse_label(text):
    """Every form's pattern tried in turn and a new Label built from the match: what
    parse_label gives without picking the form by the first character or reusing labels."""
    for form, (rank, pattern) in FORMS.items():
        m = pattern.match(text)
        if not m:
            continue
        num = m.group("num")
        if form in ("cn", "paren_cn"):
            value = cn_value(num)
            if value is None:
                continue
            if form == "cn" and m.group("punct") in (".", "．") and len(text) > m.end() and text[m.end()].isdigit():
                continue
        elif form == "circled":
            value = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(num) + 1
        else:
            value = int(num)
        return Label(form=form, rank=rank, text=m.group("label"), number=value,
                     punct=m.groupdict().get("punct") or "", end=m.end())
    return None


def test_label_examples():
    assert parse_label("一、总体情况").text == "一、"
    assert parse_label("　（二）加强").text == "（二）"
    assert parse_label("１．工作").number == 1
    assert parse_label("③落实").number == 3
    assert parse_label("工作情况") is None
    assert parse_label("") is None
