"""Numbers as Chinese reports write them: arabic (``1,158`` ``98.79`` ``1.2万``) and
Chinese numerals (``二百五十二`` ``两千`` ``三万``), with ``万``/``亿`` units, and the
bounds a count or a percentage states (``200余件`` is more than 200, ``超过92%``).

Not a check type (the registry skips modules whose name starts with ``_``). Values are
exact: ``int`` for whole numbers (cheap to build) and :class:`fractions.Fraction`
otherwise, so that a ratio is judged exactly, never on a float (divide through
:func:`ratio`, not ``/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from checker.read.numerals import cn_int

_CN_BIG = {"万": 10 ** 4, "亿": 10 ** 8}
CN_CHARS = "零〇一二两三四五六七八九十百千万亿"

# a number: arabic (thousands separators, decimals, an optional 万/亿) or Chinese numerals
NUMBER = (r"(?:(?<![\d.,，])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?)[万亿]?"
          rf"|(?<![{CN_CHARS}第])[{CN_CHARS}]+")


def parse(text: str) -> int | Fraction | None:
    """The value of one :data:`NUMBER` match (an ``int`` when whole and written without
    decimals)."""
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        scale = 1
        if text[-1] in _CN_BIG:
            scale, text = _CN_BIG[text[-1]], text[:-1]
        text = text.replace(",", "")
        if "." not in text:  # int() reads no decimals: only then is it worth trying
            try:
                return int(text) * scale
            except ValueError:
                pass
        try:
            return Fraction(text) * scale
        except (ValueError, ZeroDivisionError):
            return None
    return cn_int(text)


def ratio(a, b) -> Fraction:
    """``a / b`` exactly (``/`` on two ints would give a float)."""
    return Fraction(a) / b


def decimals(text: str) -> int:
    """How many decimals an arabic number is written with (``98.79`` -> 2)."""
    text = text.strip()
    return len(text.split(".", 1)[1]) if "." in text and text[0].isdigit() else 0


def fmt(value: Fraction, places: int) -> str:
    """``value`` rounded half up to ``places`` decimals, as text."""
    scaled = value * 10 ** places
    rounded = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    if places == 0:
        return str(rounded)
    sign = "-" if rounded < 0 else ""
    digits = str(abs(rounded)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def plain(value: Fraction) -> str:
    """A count as written (``252``, ``1.5``)."""
    if value.denominator == 1:
        return str(value.numerator)
    for places in range(1, 5):
        if (value * 10 ** places).denominator == 1:
            return fmt(value, places)
    return fmt(value, 4)


# -- what a stated figure claims ------------------------------------------------------------
EXACT, ABOVE, AT_LEAST, BELOW, AT_MOST, ABOUT = "exact", "above", "at-least", "below", "at-most", "about"
BOUNDS = (EXACT, ABOVE, AT_LEAST, BELOW, AT_MOST, ABOUT)


@dataclass(frozen=True)
class Interval:
    """The values a figure allows: ``lo``..``hi`` (None: unbounded), each end open or closed."""

    lo: Fraction | None
    hi: Fraction | None
    lo_open: bool = False
    hi_open: bool = False

    def holds(self, numerator: int, denominator: int) -> bool:
        """Whether the exact value ``numerator / denominator`` (``denominator`` > 0) lies
        in the interval: :meth:`meets` for a single value, compared in integers."""
        if self.lo is not None:
            side = numerator * self.lo.denominator - self.lo.numerator * denominator
            if side < 0 or (side == 0 and self.lo_open):
                return False
        if self.hi is not None:
            side = numerator * self.hi.denominator - self.hi.numerator * denominator
            if side > 0 or (side == 0 and self.hi_open):
                return False
        return True

    def meets(self, other: "Interval") -> bool:
        lo, lo_open = _max_lo(self, other)
        hi, hi_open = _min_hi(self, other)
        if lo is None or hi is None:
            return True
        if lo < hi:
            return True
        return lo == hi and not lo_open and not hi_open


def _max_lo(a: Interval, b: Interval):
    if a.lo is None:
        return b.lo, b.lo_open
    if b.lo is None or a.lo > b.lo:
        return a.lo, a.lo_open
    if b.lo > a.lo:
        return b.lo, b.lo_open
    return a.lo, a.lo_open or b.lo_open


def _min_hi(a: Interval, b: Interval):
    if a.hi is None:
        return b.hi, b.hi_open
    if b.hi is None or a.hi < b.hi:
        return a.hi, a.hi_open
    if b.hi < a.hi:
        return b.hi, b.hi_open
    return a.hi, a.hi_open or b.hi_open


def stated_percent(value: Fraction, places: int, bound: str) -> Interval:
    """The exact percentages a stated ``value`` (written with ``places`` decimals) allows.

    Plain: the exact value rounded half up, or cut, to the written decimals gives the
    written value (92% allows 91.5 <= x < 93); 100% and 0% allow only themselves.
    超过 (above) / 以上 (at least) / 不足 (below) / 近、以下 (at most) compare the exact
    value with the written one; 约/左右 (about) allow one unit of the last written digit
    either way.
    """
    unit = Fraction(1, 10 ** places)
    if bound == ABOVE:
        return Interval(value, None, lo_open=True)
    if bound == AT_LEAST:
        return Interval(value, None)
    if bound == BELOW:
        return Interval(None, value, hi_open=True)
    if bound == AT_MOST:
        return Interval(None, value)
    if bound == ABOUT:
        return Interval(value - unit, value + unit)
    if value in (0, 100):
        return Interval(value, value)
    return Interval(value - unit / 2, value + unit, hi_open=True)
