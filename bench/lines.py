"""Hostile one-line texts: the cost of checking a report whose body is one long line of
one repeated piece (a run of numerals, brackets, percentages …), at two sizes. The cost
must grow with the size, not with its square: a pattern that backtracks over a long run
(an unbounded run of numerals not followed by 是) shows as a ratio near the size factor
squared."""

from __future__ import annotations

import time

from tables import Table

PIECES = {
    "Chinese numerals": "一", "digits": "1", "Chinese text": "法治政府建设", "commas": "，",
    "enumeration commas": "、", "open brackets": "（", "（一）labels": "（一）", "一是 items": "一是",
    "percentages": "92%", "counts": "3件", "spaced text": "法 ", "open quotes": "“", "years": "2023年",
    "full stops": "．", "一、labels": "一、", "Latin": "ab", "【 brackets": "【", "X placeholders": "X",
    "Chinese counts": "三百件，", "totals": "252个村（社区）", "area words": "全区",
}
HEAD = "某某区2023年法治政府建设年度报告\n一、主要成效\n"


def _text(piece: str, size: int) -> str:
    return HEAD + (piece * (size // len(piece) + 1))[:size] + "\n"


def _cost(text: str, repeat: int) -> float:
    from checker.runner import check_text

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_text(text)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def lines_table(small: int = 5000, large: int = 20000, repeat: int = 3) -> Table:
    _cost(_text("法治", 100), 1)  # packs loaded and patterns compiled before timing
    base = _cost(_text("法治", 10), repeat)  # what any report costs: subtracted before the ratio
    factor = large / small
    t = Table("lines", f"2c. Hostile one-line bodies: check time at {small:,} and {large:,} characters",
              ["body", f"{small:,} chars ms", f"{large:,} chars ms", "ratio", "linear"],
              digits={"ratio": 1})
    for name, piece in PIECES.items():
        a, b = _cost(_text(piece, small), repeat), _cost(_text(piece, large), repeat)
        ratio = (b - base) / (a - base) if a > base else float("nan")
        t.add(name, a * 1000, b * 1000, ratio, ratio <= factor * 1.6)
    t.notes.append(f"size ×{factor:g}: a linear cost gives a ratio near {factor:g}, a quadratic one near "
                   f"{factor * factor:g}; 'linear' allows up to {factor * 1.6:g} (timer noise on short runs). "
                   "The ratio is of the costs above that of a 10-character body "
                   f"({base * 1000:.1f} ms). In-process `check_text` with the default packs, medians.")
    return t
