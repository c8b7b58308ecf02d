"""Cheap pre-tests derived from a regular expression's syntax, so that scans skip text
that cannot match. Neither changes a single match.

- :func:`compile`: Python's ``re`` jumps straight to candidate positions only when a
  pattern starts with a literal or a character class; a pattern that starts with a
  lookbehind or an optional part (``(?<![原旧])…``, ``[“"]?七五…``, ``(?:党的)?十九大``,
  an alternation of such tokens) is tried at every position of the text. Such a pattern
  is compiled as ``(?=[F])(?:P)`` where ``F`` holds every character a match of ``P`` can
  start with: the lookahead fails at once elsewhere, and since every match of ``P``
  starts with one of ``F`` the matches, groups and group names are those of ``P``.
- :func:`requirements`: sets of literal strings such that a text where the pattern
  matches holds one string of each set (七五, 法制办, one of - － – …); a text — or a
  paragraph — lacking one cannot match, and a plain search for the literals tells that
  much faster than the regex. :func:`probe` / :func:`start_probe` turn them (or, when
  there are none, the start characters) into a search pattern.

All read the parse tree of Python's own regex parser (``re._parser``; ``sre_parse``
before 3.11) and give up — plain compile, no pre-test — on anything they do not know:
flags, negated classes, ``.``, back references, patterns that can match empty text.
That parser is private to Python: when it is missing or its tree looks different
(``_tree`` fails), every pattern takes the give-up path, so the findings stay the
same and only the speed-up is lost (tests/test_checks_scan.py runs the packs both ways).
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

from checker import regexcache

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10, or a Python without the private parser
    try:
        import sre_constants as _c  # type: ignore[no-redef]
        import sre_parse as _sre_parse  # type: ignore[no-redef]
    except ImportError:
        _sre_parse = None
        _c = SimpleNamespace(**{name: object() for name in (  # stand-ins equal to nothing
            "LITERAL", "IN", "BRANCH", "SUBPATTERN", "RANGE", "CATEGORY", "AT", "MAX_REPEAT", "MIN_REPEAT",
            "ASSERT", "ASSERT_NOT", "AT_BEGINNING", "AT_BEGINNING_STRING", "CATEGORY_DIGIT",
            "CATEGORY_SPACE", "CATEGORY_WORD")}, SRE_FLAG_UNICODE=32)

_LITERAL, _IN, _BRANCH, _SUBPATTERN = _c.LITERAL, _c.IN, _c.BRANCH, _c.SUBPATTERN
_RANGE, _CATEGORY, _AT = _c.RANGE, _c.CATEGORY, _c.AT
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_REPEATS = {op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op is not None}
_ASSERT = _c.ASSERT
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_ANCHORS = {_c.AT_BEGINNING, _c.AT_BEGINNING_STRING}
_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}
_DEFAULT_FLAGS = _c.SRE_FLAG_UNICODE


class _Unknown(Exception):
    """A construct the analysis does not handle: give up on this pattern."""


@lru_cache(maxsize=1024)
def _tree(source: str):
    """The parse tree of ``source``, or None when it cannot be analysed (bad pattern,
    global flags such as ``(?i)`` or ``(?x)``)."""
    if _sre_parse is None:
        return None
    try:
        tree = _sre_parse.parse(source)
        if tree.state.flags & ~_DEFAULT_FLAGS:
            return None
    except Exception:  # noqa: BLE001 - a bad pattern (re.compile reports it) or an unknown parser
        return None
    return tree


# -- the characters a match can start with ----------------------------------------------------
def _char(code: int) -> str:
    return "\\U%08x" % code


def _first(seq) -> tuple[list[str], bool]:
    """(class items any match of ``seq`` can start with, whether ``seq`` can match empty)."""
    out: list[str] = []
    for op, av in seq:
        chars, nullable = _first_op(op, av)
        out.extend(chars)
        if not nullable:
            return out, False
    return out, True


def _first_op(op, av) -> tuple[list[str], bool]:
    if op is _LITERAL:
        return [_char(av)], False
    if op is _IN:
        items = []
        for item, value in av:
            if item is _LITERAL:
                items.append(_char(value))
            elif item is _RANGE:
                items.append(_char(value[0]) + "-" + _char(value[1]))
            elif item is _CATEGORY and value in _CATEGORIES:
                items.append(_CATEGORIES[value])
            else:  # negated class, \D \S \W, case-folding ranges
                raise _Unknown
        return items, False
    if op in _ZERO_WIDTH:
        return [], True
    if op is _SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unknown
        return _first(sub)
    if op is _ATOMIC:
        return _first(av)
    if op in _REPEATS:
        lo, _hi, sub = av
        chars, nullable = _first(sub)
        return chars, nullable or lo == 0
    if op is _BRANCH:
        chars, nullable = [], False
        for alternative in av[1]:
            c, n = _first(alternative)
            chars.extend(c)
            nullable = nullable or n
        return chars, nullable
    raise _Unknown  # ., [^x], back references, conditionals …


def _starts_fast(tree) -> bool:
    """Whether ``re`` already jumps to candidates itself: the pattern starts with a
    literal, a class, an alternation of literals, or the ``^`` anchor."""
    seq = tree
    while True:
        if not len(seq):
            return True
        op, av = seq[0]
        if op is _SUBPATTERN and not av[1] and not av[2]:
            seq = av[3]
            continue
        break
    if op in (_LITERAL, _IN):
        return True
    if op is _AT and av in _ANCHORS:
        return True
    if op is _BRANCH:
        return all(len(alt) and alt[0][0] is _LITERAL for alt in av[1])
    return False


def _start_class(tree) -> str | None:
    try:
        chars, nullable = _first(tree)
    except Exception:  # noqa: BLE001 - _Unknown, or a tree shape this code does not know
        return None
    if nullable or not chars:
        return None
    return "[" + "".join(dict.fromkeys(chars)) + "]"


def start_class(source: str) -> str | None:
    """``[…]``: every character a match of ``source`` can start with; None when unknown
    or when the pattern can match empty text."""
    tree = _tree(source)
    return None if tree is None else _start_class(tree)


def compile(source: str) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    """``re.compile(source)``, with a start-character lookahead when that lets ``re``
    skip positions it would otherwise try one by one. Same matches, groups and names
    (the lookahead captures nothing and ``(?:…)`` adds no group)."""
    return regexcache.compile(regexcache.remembered("prefilter.compile", source, lambda: _compiled_source(source)))


def _slow_start(source: str) -> str | None:
    """:func:`start_class` of ``source`` when ``re`` would try it at every position; None
    when it starts fast, is of a shape this code does not know, or can match empty text."""
    tree = _tree(source)
    try:
        fast = tree is None or _starts_fast(tree)
    except Exception:  # noqa: BLE001 - a tree shape this code does not know
        fast = True
    return None if fast else _start_class(tree)


def _compiled_source(source: str) -> str:
    """The source :func:`compile` compiles for ``source``."""
    first = _slow_start(source)
    if first is not None:
        wrapped = f"(?={first})(?:{source})"
        try:
            regexcache.compile(wrapped)
        except re.error:
            return source
        return wrapped
    return source


def start_search(source: str) -> re.Pattern:
    """A pattern whose ``search`` finds where ``source``'s ``search`` finds a match
    starting (same ``start()``; the span and groups are not the same), for a caller that
    only asks where matches start.

    :func:`compile`'s lookahead still makes ``re`` enter its matcher at every position;
    only a pattern that starts with a class lets it skip in C to the next candidate.
    So this is ``[F](?<=(?=(?:P))[\\s\\S])``: a character ``P`` can start with, then a
    one-character lookbehind that steps back onto it and asks whether ``P`` matches from
    there. Patterns already fast, unknown or rejected by ``re`` (a group reference in a
    lookbehind) are :func:`compile`'s."""
    return regexcache.compile(regexcache.remembered("prefilter.start_search", source,
                                                    lambda: _start_search_source(source)))


def _start_search_source(source: str) -> str:
    first = _slow_start(source)
    if first is None:
        return _compiled_source(source)
    wrapped = f"{first}(?<=(?=(?:{source}))[\\s\\S])"
    try:
        regexcache.compile(wrapped)
    except re.error:
        return _compiled_source(source)
    return wrapped


# -- literals a text must hold for a match --------------------------------------------------------
SMALL_CLASS = 32  # a class of at most this many characters counts as a set of one-character needles
MAX_SETS = 3  # requirement sets kept per pattern (the most selective looking)


def _weight(needle: str) -> float:
    """How selective a needle is likely to be: its length; ASCII digits (years and
    figures fill every report) count for a quarter."""
    return len(needle) * (0.25 if needle.isascii() and needle.isdigit() else 1)


def _score(needles: tuple[str, ...]) -> tuple[float, int]:
    return min(_weight(n) for n in needles), -len(needles)


def _class_needles(av) -> tuple[str, ...] | None:
    if len(av) <= SMALL_CLASS and all(item is _LITERAL for item, _ in av):
        return tuple(dict.fromkeys(chr(value) for _, value in av))
    return None


def _best(sets: list) -> tuple[str, ...] | None:
    return max(sets, key=_score) if sets else None


def _requirements(seq) -> list[tuple[str, ...]]:
    """Sets of literals such that the text holds one literal of each set wherever
    ``seq`` matches: literal runs, small classes, what a repeated (at least once) or
    grouped part needs, one literal per alternative of an alternation, what a
    lookahead or lookbehind that must succeed needs."""
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in seq:
        if op is _LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(("".join(run),))
            run = []
        if op is _IN:
            found = _class_needles(av)
            if found:
                out.append(found)
        elif op is _SUBPATTERN:
            if not av[1] and not av[2]:
                out.extend(_requirements(av[3]))
        elif op is _ATOMIC:
            out.extend(_requirements(av))
        elif op in _REPEATS:
            if av[0] >= 1:
                out.extend(_requirements(av[2]))
        elif op is _ASSERT:  # positive lookahead / lookbehind: its text is in the text too
            out.extend(_requirements(av[1]))
        elif op is _BRANCH:
            alternatives = [_best(_requirements(alt)) for alt in av[1]]
            if all(alternatives):
                out.append(tuple(dict.fromkeys(n for alt in alternatives for n in alt)))
    if run:
        out.append(("".join(run),))
    return out


def requirements(source: str) -> list[tuple[str, ...]]:
    """Sets of literal strings such that any text where ``source`` matches holds one
    literal of each set — the most selective looking first, at most ``MAX_SETS``;
    empty when there is none (or the pattern cannot be analysed)."""
    return list(regexcache.remembered("prefilter.requirements", source, lambda: _requirement_sets(source)))


def _requirement_sets(source: str) -> list[tuple[str, ...]]:
    tree = _tree(source)
    if tree is None:
        return []
    try:
        found = _requirements(tree)
    except Exception:  # noqa: BLE001 - an unexpected tree shape: no pre-test
        return []
    return sorted(dict.fromkeys(found), key=_score, reverse=True)[:MAX_SETS]


def needles(source: str) -> tuple[str, ...] | None:
    """The most selective looking of :func:`requirements` (None: none)."""
    found = requirements(source)
    return found[0] if found else None


BROAD_CLASS = 64  # a start class wider than this finds candidates nearly everywhere


def start_probe(source: str) -> re.Pattern | None:
    """A class of the characters every match of ``source`` starts with, when that class
    is narrow enough to find few candidates; None otherwise."""
    found = regexcache.remembered("prefilter.start_probe", source, lambda: _start_probe_source(source))
    return regexcache.compile(found) if found is not None else None


def _start_probe_source(source: str) -> str | None:
    tree = _tree(source)
    if tree is None:
        return None
    try:
        chars, nullable = _first(tree)
    except Exception:  # noqa: BLE001 - _Unknown, or a tree shape this code does not know
        return None
    if nullable or not chars or _width(chars) > BROAD_CLASS:
        return None
    return "[" + "".join(dict.fromkeys(chars)) + "]"


def alternation(needles: tuple[str, ...]) -> re.Pattern:
    """One pattern finding any of ``needles``."""
    return regexcache.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))


def probe(source: str) -> re.Pattern | None:
    """A pattern that finds something in any text where ``source`` matches: its most
    selective needles, else the characters a match starts with (None: there is no
    selective one). A text without a probe match cannot match ``source``."""
    found = needles(source)
    if found:
        return alternation(found)
    return start_probe(source)


def _width(items: list[str]) -> int:
    """How many characters the class items (as built by :func:`_first`) cover."""
    total = 0
    for item in items:
        if item.startswith("\\U"):
            total += 1 if len(item) == 10 else int(item[13:], 16) - int(item[2:10], 16) + 1
        else:  # \d \s \w
            return BROAD_CLASS + 1
    return total


# -- patterns that can be searched across joined texts ----------------------------------------------
_EDGE_SAFE_AT = {getattr(_c, name, None) for name in (
    "AT_BOUNDARY", "AT_NON_BOUNDARY", "AT_UNI_BOUNDARY", "AT_UNI_NON_BOUNDARY",
    "AT_LOC_BOUNDARY", "AT_LOC_NON_BOUNDARY")} - {None}
_NEWLINE = 10
# classes that hold a newline / that do not
_CATEGORIES_WITH_NEWLINE = {getattr(_c, name, None) for name in (
    "CATEGORY_SPACE", "CATEGORY_NOT_DIGIT", "CATEGORY_NOT_WORD", "CATEGORY_LINEBREAK",
    "CATEGORY_UNI_SPACE", "CATEGORY_UNI_NOT_DIGIT", "CATEGORY_UNI_NOT_WORD", "CATEGORY_UNI_LINEBREAK",
    "CATEGORY_LOC_NOT_WORD")} - {None}
_CATEGORIES_WITHOUT_NEWLINE = {getattr(_c, name, None) for name in (
    "CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_NOT_SPACE", "CATEGORY_NOT_LINEBREAK",
    "CATEGORY_UNI_DIGIT", "CATEGORY_UNI_WORD", "CATEGORY_UNI_NOT_SPACE", "CATEGORY_UNI_NOT_LINEBREAK",
    "CATEGORY_LOC_WORD")} - {None}
_NEGATE = getattr(_c, "NEGATE", None)
_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
_NOT_LITERAL = getattr(_c, "NOT_LITERAL", None)


def _class_has_newline(items) -> bool:
    negate = False
    hit = False
    for item, value in items:
        if item is _NEGATE:
            negate = True
        elif item is _LITERAL:
            hit = hit or value == _NEWLINE
        elif item is _RANGE:
            hit = hit or value[0] <= _NEWLINE <= value[1]
        elif item is _CATEGORY and value in _CATEGORIES_WITH_NEWLINE:
            hit = True
        elif not (item is _CATEGORY and value in _CATEGORIES_WITHOUT_NEWLINE):
            raise _Unknown
    return hit != negate


def _takes_newline(seq) -> bool:
    """Whether any character ``seq`` consumes may be a newline (True when unsure)."""
    for op, av in seq:
        if op is _LITERAL:
            if av == _NEWLINE:
                return True
        elif op is _IN:
            if _class_has_newline(av):
                return True
        elif op is _AT:
            continue
        elif op is _NOT_LITERAL:
            if av != _NEWLINE:
                return True
        elif op is _SUBPATTERN:
            if _takes_newline(av[3]):
                return True
        elif op is _ATOMIC:
            if _takes_newline(av):
                return True
        elif op in _REPEATS:
            if _takes_newline(av[2]):
                return True
        elif op is _BRANCH:
            if any(_takes_newline(alt) for alt in av[1]):
                return True
        elif op is _ASSERT or op is _c.ASSERT_NOT:
            if _takes_newline(av[1]):
                return True
        else:  # ., back references, conditionals …
            return True
    return False


def _edge_safe(seq) -> bool:
    for op, av in seq:
        if op is _AT:
            if av not in _EDGE_SAFE_AT:
                return False
        elif op is _c.ASSERT_NOT:
            if _takes_newline(av[1]):
                return False
        elif op is _SUBPATTERN:
            if av[1] or av[2] or not _edge_safe(av[3]):
                return False
        elif op is _ATOMIC:  # never gives back: taking a newline joined could fail where alone it matched
            if _takes_newline(av) or not _edge_safe(av):
                return False
        elif op in _REPEATS:
            if op is _POSSESSIVE and _takes_newline(av[2]) or not _edge_safe(av[2]):
                return False
        elif op is _BRANCH:
            if not all(_edge_safe(alt) for alt in av[1]):
                return False
        elif op is _ASSERT:
            if not _edge_safe(av[1]):
                return False
        elif op not in (_LITERAL, _IN, _NOT_LITERAL):
            return False  # ., back references, conditionals …: not judged
    return True


@lru_cache(maxsize=1024)
def separable(source: str) -> bool:
    """Whether the texts in which ``source`` matches can be found by searching them joined
    with newlines (see ``_scan.matching_pieces``): a match in a text is then also a match at
    the same place of the joined text. True only when ``source`` cannot match empty text and
    nothing in it judges the text's edges differently from a newline: no ``^``, ``$``,
    ``\\A``, ``\\Z`` (``\\b`` and ``\\B`` see a newline as they see an edge), no negative
    lookaround that could read a newline, and no atomic group or possessive repeat that could
    take one (it would not give it back). A match in the joined text may still run across a
    newline or read one in a positive lookaround: such places are only candidates, and the
    caller searches each candidate text on its own."""
    return regexcache.remembered("prefilter.separable", source, lambda: _separable(source))


def _separable(source: str) -> bool:
    tree = _tree(source)
    if tree is None:
        return False
    try:
        return tree.getwidth()[0] > 0 and _edge_safe(tree)
    except Exception:  # noqa: BLE001 - _Unknown, or a tree shape this code does not know
        return False
