"""Refuse regular expressions whose matching time can explode (catastrophic backtracking).

Python's ``re`` has no time limit, so a rule pack's pattern is checked when the pack is
loaded: a repeat (``*``, ``+``, ``{n,}``) that contains another unbounded repeat —
``(a+)+``, ``(\\w*)*``, ``(x+y?)*`` — can take exponential time on a near-miss and is
refused; so is a repeated group whose alternatives can match the same text
(``(a|a)*``, ``(\\d|\\d\\d)+``). Bounded repeats such as ``[^。]{0,20}`` are fine.
"""

from __future__ import annotations

try:  # Python 3.11+
    import re._parser as sre_parse
    from re._constants import MAXREPEAT
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _items(pattern):
    for op, arg in pattern:
        yield str(op), arg


def _has_unbounded_repeat(pattern) -> bool:
    for op, arg in _items(pattern):
        if op in _REPEATS:
            lo, hi, sub = arg
            if hi == MAXREPEAT or hi > 50:
                return True
            if _has_unbounded_repeat(sub):
                return True
        elif op == "SUBPATTERN":
            if _has_unbounded_repeat(arg[-1]):
                return True
        elif op == "BRANCH":
            if any(_has_unbounded_repeat(b) for b in arg[1]):
                return True
        elif op in ("ASSERT", "ASSERT_NOT"):
            if _has_unbounded_repeat(arg[1]):
                return True
    return False


def _first_chars(pattern) -> set | None:
    """Literal first characters of a pattern, or None when unknown / anything."""
    for op, arg in _items(pattern):
        if op == "LITERAL":
            return {arg}
        if op == "SUBPATTERN":
            return _first_chars(arg[-1])
        if op == "BRANCH":
            out = set()
            for b in arg[1]:
                chars = _first_chars(b)
                if chars is None:
                    return None
                out |= chars
            return out
        if op in ("AT",):
            continue
        return None
    return set()


def _overlapping_branches(pattern) -> bool:
    for op, arg in _items(pattern):
        if op == "BRANCH":
            firsts = [_first_chars(b) for b in arg[1]]
            seen: set = set()
            for chars in firsts:
                if chars is None or chars & seen:
                    return True
                seen |= chars
    return False


def _dangerous(pattern, inside_repeat: bool = False) -> bool:
    for op, arg in _items(pattern):
        if op in _REPEATS:
            lo, hi, sub = arg
            unbounded = hi == MAXREPEAT or hi > 50
            if unbounded and (_has_unbounded_repeat(sub) or _overlapping_repeated_alternation(sub)):
                return True
            if _dangerous(sub, inside_repeat or unbounded):
                return True
        elif op == "SUBPATTERN":
            if _dangerous(arg[-1], inside_repeat):
                return True
        elif op == "BRANCH":
            if any(_dangerous(b, inside_repeat) for b in arg[1]):
                return True
        elif op in ("ASSERT", "ASSERT_NOT"):
            if _dangerous(arg[1], inside_repeat):
                return True
    return False


def _overlapping_repeated_alternation(sub) -> bool:
    for op, arg in _items(sub):
        if op == "SUBPATTERN":
            return _overlapping_branches(arg[-1]) or _overlapping_repeated_alternation(arg[-1])
        if op == "BRANCH":
            return _overlapping_branches(sub)
    return False


def backtracking_risk(pattern: str) -> bool:
    """True when ``pattern`` can backtrack catastrophically."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return False  # the caller reports syntax errors
    return _dangerous(parsed)
