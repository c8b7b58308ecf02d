"""Heading numbering labels (一、 （一） 1. （1） ①) — the one place their patterns live.

Every module that needs to recognise a numbering label (reader splitting flattened
web text, outline building, numbering checks) imports from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import regexcache
from checker.read.numbering import chinese_counting
from checker.read.numerals import cn_int

CN_NUMERALS = "一二三四五六七八九十百零〇两"
_CN = f"[{CN_NUMERALS}]+"

# form name -> (rank in the GB/T 9704 hierarchy, compiled pattern at the start of a text)
FORMS: dict[str, tuple[int, re.Pattern]] = {
    "cn": (1, regexcache.compile(rf"^\s*(?P<label>(?P<num>{_CN})\s*(?P<punct>[、.．]))")),
    "paren_cn": (2, regexcache.compile(rf"^\s*(?P<label>(?P<open>[（(])\s*(?P<num>{_CN})\s*(?P<close>[）)])(?P<punct>[、.．，,：:]?))")),
    "arabic": (3, regexcache.compile(r"^\s*(?P<label>(?P<num>\d{1,3})\s*(?P<punct>[.．、](?!\d)))")),
    "paren_arabic": (4, regexcache.compile(r"^\s*(?P<label>(?P<open>[（(])\s*(?P<num>\d{1,3})\s*(?P<close>[）)])(?P<punct>[、.．，,：:]?))")),
    "circled": (5, regexcache.compile(r"^\s*(?P<label>(?P<num>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))")),
}

# "一是……二是……" enumerations inside a paragraph: items, never headings. The item must
# start the text or follow punctuation/white space; that one character is tested in
# iter_items (a lookbehind in the pattern would defeat re's fast first-character scan).
# The numeral is bounded (items run to 九十九是): an unbounded run would make a long run of
# numerals not followed by 是 cost quadratic time.
ITEM_PATTERN = regexcache.compile(rf"(?P<num>[{CN_NUMERALS}]{{1,6}})是")
_ITEM_BEFORE = frozenset("。；;！!？?：:，, \t\n\u3000")


_NUMERAL_SET = frozenset(CN_NUMERALS)


def iter_items(text: str):
    """Matches of ``一是`` / ``二是`` … that begin an enumeration item.

    The same matches as ``ITEM_PATTERN.finditer`` (then filtered on the character before),
    found from each ``是`` backwards: numerals are common in any Chinese text, ``是`` after
    one is rare, so this looks at a few places instead of trying the pattern at every
    numeral. The leftmost match ending at a ``是`` starts at the run of numerals before it,
    at most six back."""
    pos = text.find("是", 1)
    while pos > 0:
        start = pos
        while start > 0 and pos - start < 6 and text[start - 1] in _NUMERAL_SET:
            start -= 1
        if start < pos and (start == 0 or text[start - 1] in _ITEM_BEFORE):
            yield ITEM_PATTERN.match(text, start)
        pos = text.find("是", pos + 1)

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Label:
    form: str  # key of FORMS
    rank: int
    text: str  # the label as written, e.g. "（一）"
    number: int | None  # numeric value, None if unreadable
    punct: str  # punctuation right after the number/bracket ("、", ".", "" ...)
    end: int  # offset in the text where the label ends

    @property
    def half_width_paren(self) -> bool:
        return self.text.lstrip().startswith("(") or ")" in self.text


def cn_value(numeral: str) -> int | None:
    """The value of a label's Chinese numeral (一 1, 十二 12, 二十 20); None if it is none."""
    return cn_int(numeral)


# The forms a label can have by its first character after white space: each pattern
# requires, right after ``^\s*``, a numeral, an opening bracket, a digit (any Unicode
# decimal digit, as ``\d``) or a circled number, so only these forms can match. Looking
# the form up instead of trying every pattern in turn gives the same label.
_FORMS_BY_FIRST = {**dict.fromkeys(CN_NUMERALS, ("cn",)), **dict.fromkeys("（(", ("paren_cn", "paren_arabic")),
                   **dict.fromkeys(_CIRCLED, ("circled",))}
_DECIMAL_FORMS = ("arabic",)


def parse_label(text: str) -> Label | None:
    """The numbering label at the start of ``text``, or None."""
    first = text[:1]
    if first.isspace():
        first = text.lstrip()[:1]
    forms = _FORMS_BY_FIRST.get(first)
    if forms is None:
        if not first.isdecimal():
            return None  # the usual paragraph: no pattern can match
        forms = _DECIMAL_FORMS
    for form in forms:
        m = FORMS[form][1].match(text)
        if not m:
            continue
        label = _label(form, m)
        if label is None:
            continue
        if form == "cn" and label.punct in (".", "．") and text[m.end():m.end() + 1].isdigit():
            continue
        return label
    return None


# (form, matched text) -> its Label (None: the numeral reads as no number). In every form
# the parts (white space, bracket, numeral, punctuation) are told apart by their characters,
# so the matched text alone fixes the label; the few distinct ones are built once.
_LABELS: dict[tuple[str, str], Label | None] = {}
_LABELS_MAX = 4096


def _label(form: str, m: re.Match) -> Label | None:
    key = (form, m.group())
    try:
        return _LABELS[key]
    except KeyError:
        pass
    num = m.group("num")
    if form in ("cn", "paren_cn"):
        value = cn_value(num)
    elif form == "circled":
        value = _CIRCLED.index(num) + 1
    else:
        value = int(num)
    label = None if value is None else Label(
        form=form, rank=FORMS[form][0], text=m.group("label"), number=value,
        punct=m.groupdict().get("punct") or "", end=m.end())
    if len(_LABELS) < _LABELS_MAX:
        _LABELS[key] = label
    return label


def format_label(form: str, number: int) -> str:
    """The canonical GB/T 9704 spelling of a label: 一、 （一） 1. （1） ①."""
    if form == "cn":
        return f"{chinese_counting(number)}、"
    if form == "paren_cn":
        return f"（{chinese_counting(number)}）"
    if form == "arabic":
        return f"{number}."
    if form == "paren_arabic":
        return f"（{number}）"
    return _CIRCLED[number - 1] if 1 <= number <= 20 else str(number)


# Split points for text flattened onto one line: a label right after a sentence end.
_SENTENCE_END = r"(?<=[。；;！!？?”\"’\s　])"
INLINE_TOP = regexcache.compile(_SENTENCE_END + rf"(?=(?:{_CN}、|[（(]{_CN}[）)]))")
INLINE_ARABIC = regexcache.compile(_SENTENCE_END + r"(?=\d{1,2}[.．、](?!\d))")
# In a flattened page a heading often runs straight into its first sub-heading: "…成效(一)深入…"
INLINE_PAREN_CN = regexcache.compile(rf"(?<=[^\s（(])(?=[（(]{_CN}[）)])")
