"""Chinese numerals -> integers: the one parser every module uses (numbering labels,
dates, figures in the text). Writing numbers the Chinese way is
:func:`checker.read.numbering.chinese_counting`.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10 ** 4, "亿": 10 ** 8}


def _below_10000(text: str) -> int | None:
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row (一二) is no counted number
            digit = DIGITS[ch]
        elif ch in _SMALL:
            total += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def cn_int(text: str, positional: bool = False) -> int | None:
    """``二百五十二`` -> 252, ``十二`` -> 12, ``两万三千`` -> 23000, ``两`` -> 2; None if ``text``
    is not a number. With ``positional``, a run of digits reads digit by digit, as years
    are written (``二〇二四`` -> 2024)."""
    if not text or text[0] in _BIG:
        return None
    if positional and len(text) > 1 and all(c in DIGITS for c in text):
        return int("".join(str(DIGITS[c]) for c in text))
    total, rest = 0, text
    for big in ("亿", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            value = _below_10000(head) if head else None
            if value is None:
                return None
            total += value * _BIG[big]
    if rest:
        value = _below_10000(rest)
        if value is None:
            return None
        total += value
    return total
