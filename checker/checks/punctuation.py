"""Punctuation in Chinese text: half-width marks (, ; : ( )) where Chinese text
needs full-width ones, and brackets or quotation marks left unclosed.

A text converted to half-width as a whole (web pages often publish NFKC-normalised
text) is reported once, with a count, when ``summary_ratio`` is set.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from operator import itemgetter
from itertools import compress, count, islice

from checker import regexcache
from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "punctuation"
DESCRIPTION = "中文里的半角标点、不成对的引号和括号"
OPTIONS = {
    "aspect": Option(str, required=True, choices=("half-width", "pairs"),
                     help="half-width 中文里的半角标点；pairs 引号、书名号、括号成对"),
    "marks": Option(dict, default=None, items=str,
                    help="half-width：半角标点 → 对应的全角标点（默认 , ; : ( ) → ，；：（））"),
    "chinese": Option(str, default=None, regex=True,
                      help="half-width：什么算中文（正则表达式，匹配一个字；默认汉字和中文标点）；半角标点前或后紧挨中文才报告"),
    "pairs": Option(dict, default=None, items=str,
                    help="pairs：左半 → 右半，每边可列几个可互相配对的字符（默认 “” 《》 （）/() ‘’ 【】）"),
    "label_start": Option(str, default=None, regex=True,
                          help="pairs：段首只有右半的编号（默认“1）”“a)”“一）”这类），不算不成对（正则表达式；写 '' 不排除）"),
    "summary_ratio": Option((int, float), default=None,
                            help="half-width：半角占同类标点的比例达到此值时，全文只报告一次"),
    "summary_message": Option(str, default=None, help="只报告一次时的提示信息（默认用 message）"),
    **_scan.scan_options(),
}

DEFAULTS = {
    "marks": {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"},
    "chinese": f"[{_scan.CJK}“”‘’《》（）、。，；：]",
    "pairs": {"“": "”", "《": "》", "（(": "）)", "‘": "’", "【": "】"},
    "label_start": r"^\s*(?:\d{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,3})\s*[)）]",
}

PLACEHOLDERS = {
    "mark": "标点原文",
    "full": "half-width：应为的全角标点",
    "partner": "pairs：缺少的另一半",
    "count": "half-width：半角标点处数",
    "marks": "half-width：出现的半角标点",
    "full_count": "half-width：全角标点处数",
    "examples": "half-width 只报告一次时：前三处原文摘录",
}
EXAMPLES = 3
EXAMPLE_RADIUS = 6

def validate_options(options: dict):
    for half, full in (options.get("marks") or {}).items():
        if len(str(half)) != 1:
            return "marks", f"“{half}”应为单个字符"
    for left, right in (options.get("pairs") or {}).items():
        if not left or not right:
            return "pairs", "左半和右半都不能为空"
        if set(str(left)) & set(str(right)):
            return "pairs", f"“{left}”和“{right}”不能有相同的字符"
    return None


def _options(rule) -> dict:
    return {**rule.options, **{k: v for k, v in DEFAULTS.items() if rule.options.get(k) is None}}


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    opts = _options(rule)
    if opts["aspect"] == "pairs":
        yield from _scan.limited(_pairs(report, rule, opts), opts)
    else:
        yield from _half_width(report, rule, opts)


def _half_width(report, rule, opts):
    marks = opts["marks"]
    chinese = _scan.regex(opts["chinese"])
    full = set(marks.values())
    pieces = _scan.texts(report, opts)
    if all(len(c) == 1 for c in full) and "\n" not in full:
        scan = _HalfWidth(report, opts, pieces, marks, full, chinese)
    else:  # unusual marks: one pass over every mark, as the general case
        scan = _HalfWidthAll(pieces, marks, full, chinese)
    count, full_count = scan.count, scan.full_count
    if not count:
        return
    ratio = opts.get("summary_ratio")
    if ratio is not None and count >= 2 and count / (count + full_count) >= ratio:
        piece, i, ch = scan.first()
        kinds = "".join(sorted(scan.kinds, key=list(marks).index))
        examples = [excerpt(p.text, k, k + 1, EXAMPLE_RADIUS) for p, k, _ in islice(scan.hits(), EXAMPLES)]
        yield make_finding(report, rule, block=piece.block, excerpt_text=_scan.near(piece.text, i, i + 1),
                           message=opts.get("summary_message") or None,
                           values={"mark": ch, "full": marks[ch], "count": count, "marks": kinds,
                                   "full_count": full_count, "examples": "；".join(f"“{e}”" for e in examples)})
        return
    yield from _scan.limited((_scan.lazy(report, rule, block=piece.block, excerpt_text=_scan.near(piece.text, i, i + 1),
                                         values={"mark": ch, "full": marks[ch], "count": 1, "marks": ch,
                                                 "full_count": full_count})
                              for piece, i, ch in scan.hits()), opts)


class _HalfWidth:
    """Half-width marks beside Chinese, when every full-width mark is one character.

    Both kinds are counted over the joined text of the pieces: full-width marks with
    ``str.count``, half-width ones with the characters around each (:func:`_tally`),
    tallied and decided once per distinct combination. (A
    newline between pieces stands where a piece's edge gives "nothing": the same
    unless the ``chinese`` pattern takes a newline, when pieces are scanned one by one.)
    Positions are looked up afterwards, only for the hits that are reported."""

    def __init__(self, report, opts, pieces, marks, full, chinese):
        self.pieces = pieces
        joined, starts = _scan.joined_texts(report, opts)
        self.full_count = sum(joined.count(c) for c in full)
        self.count, self.kinds = 0, set()
        half = [c for c in marks if c not in full]  # a mark also used as a full form counts as full
        if not half:
            return
        self.beside = beside = _beside(chinese)
        self.finder = _finder(half)
        if beside.is_chinese("\n"):
            found = [(k, t) for k, p in enumerate(pieces) for t in self.finder.findall(p.text)]
            tally = Counter(t for _, t in found)
            blanks = [(k, t) for k, t in found if t[2]]
        else:
            tally = _tally(joined, half)
            blanks = None
        # each distinct hit judged once per process (a hit after blanks counts below)
        judged = beside.hits
        decisions = list(map(judged.get, tally))
        if None in decisions:
            decisions = [beside.hit(h) if d is None else d for h, d in zip(tally, decisions)]
        self.count = sum(compress(tally.values(), decisions))
        self.kinds.update(map(itemgetter(0), compress(tally, decisions)))
        if not any(map(itemgetter(2), tally)):
            return
        # marks after blanks: judged inside their piece, past the blanks
        for k in sorted({k for k, _ in blanks} if blanks is not None else
                        {_scan.piece_at(starts, m.start()) for m in self.finder.finditer(joined) if m.group(3)}):
            for _piece, _i, ch, blank in self._judged(pieces[k]):
                if blank:
                    self.count += 1
                    self.kinds.add(ch)

    def _judged(self, piece):
        """(piece, offset, mark, whether blanks precede it) for each hit in ``piece``."""
        text = piece.text
        for m in self.finder.finditer(text):
            ch, before, blank, after = m.groups()
            i = m.start(1)
            if before is None:
                before = _before(text, i)
            if self.beside.pair(before, after):
                yield piece, i, ch, bool(blank)

    def hits(self):
        if not self.count:
            return
        for piece in self.pieces:
            for piece_, i, ch, _blank in self._judged(piece):
                yield piece_, i, ch

    def first(self):
        return next(self.hits())


class _HalfWidthAll:
    """Half-width marks beside Chinese and full-width marks counted, in one pass over
    every mark (any ``marks`` mapping)."""

    def __init__(self, pieces, marks, full, chinese):
        finder = _scan.regex(_char_class(set(marks) | full))
        beside = _beside(chinese)
        self._hits, self.full_count = [], 0
        for piece in pieces:
            text = piece.text
            for m in finder.finditer(text):
                ch, i = m.group(0), m.start()
                if ch in full:
                    self.full_count += 1
                elif beside(text, i):
                    self._hits.append((piece, i, ch))
        self.count = len(self._hits)
        self.kinds = {ch for _, _, ch in self._hits}

    def first(self):
        return self._hits[0]

    def hits(self):
        return iter(self._hits)


def _finder(half) -> re.Pattern:
    """Each mark of ``half`` (first: re jumps from mark to mark), the character just
    before it (or the blank before it: look further back) and the nearest character
    after it past blanks ("" at the end)."""
    return _scan.regex(f"({_char_class(half)})(?:(?<=([^{_BLANKS}])[\\s\\S])|(?<=([{_BLANKS}])[\\s\\S]))?"
                       f"(?=[{_BLANKS}]*([\\s\\S]?))")


_FIRST, _LAST = itemgetter(slice(None, 1)), itemgetter(slice(-1, None))
_BLANK_SET = frozenset(" \u3000")
_ODD_EDGES = _BLANK_SET | {""}  # a blank or nothing beside a mark: looked at again


def _tally(text: str, half) -> Counter:
    """``Counter(finder.findall(text))`` for :class:`_HalfWidth`'s finder — (mark, the
    character before it unless a blank, the blank before it, the nearest character after
    it past blanks), "" where there is none — from ``str.split`` on each mark: the
    characters beside the marks are the ends of the pieces between them, taken and
    tallied in C. Only a mark with a blank or nothing beside it (the text's edge, the
    same mark again) sends its kind through the pieces one by one."""
    tally = Counter()
    for c in half:
        segs = text.split(c)
        n = len(segs) - 1  # marks
        if not n:
            continue
        pairs = Counter(zip(map(_LAST, segs[:-1]), map(_FIRST, segs[1:])))
        if not any(b in _ODD_EDGES or a in _ODD_EDGES for b, a in pairs):
            tally.update({(c, b, "", a): k for (b, a), k in pairs.items()})
            continue
        befores = list(map(_LAST, segs[:-1]))
        afters = list(map(_FIRST, segs[1:]))
        for i in range(n):
            if not befores[i] and i:
                befores[i] = c  # the same mark just before
            if afters[i] in _ODD_EDGES:  # past blanks: the piece's next character, else the next mark
                afters[i] = segs[i + 1].lstrip(_BLANKS)[:1] or (c if i + 1 < n else "")
        tally.update((c, "", b, a) if b in _BLANK_SET else (c, b, "", a) for b, a in zip(befores, afters))
    return tally


def _char_class(chars) -> str:
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in sorted(chars)) + "]"


_BLANKS = " \u3000"
_BLANK_RUN = regexcache.compile(f"[{_BLANKS}]*")


def _before(text: str, i: int) -> str:
    """The nearest character before ``text[i]`` past blanks ("" at the start)."""
    j = i - 1
    while j >= 0 and text[j] in _BLANKS:
        j -= 1
    return text[j] if j >= 0 else ""


_KNOWN_MAX = 100_000  # decisions kept per ``chinese`` pattern


@lru_cache(maxsize=16)
def _beside(chinese) -> "_Beside":
    """One judge per ``chinese`` pattern, kept across reports (its decisions depend on
    the two characters only)."""
    return _Beside(chinese)


class _Beside:
    """Whether a mark stands beside Chinese: the nearest character on either side, past
    blanks, is Chinese — not between two digits (1,000 / 10:30). Decided once per
    (before, after) pair of characters."""

    def __init__(self, chinese):
        self.chinese = chinese
        self.known: dict[tuple[str, str], bool] = {}
        self.hits: dict[tuple[str, str, str, str], bool] = {}  # see :meth:`hit`

    def is_chinese(self, ch: str) -> bool:
        return bool(ch and self.chinese.match(ch))

    def pair(self, before: str, after: str) -> bool:
        key = (before, after)
        known = self.known.get(key)
        if known is None:
            if before.isdigit() and after.isdigit():
                known = False  # 1,000 / 10:30
            else:
                known = self.is_chinese(before) or self.is_chinese(after)
            if len(self.known) >= _KNOWN_MAX:
                self.known.clear()
            self.known[key] = known
        return known

    def hit(self, found: tuple[str, str, str, str]) -> bool:
        """Whether a :class:`_HalfWidth` hit (mark, character before, blank before,
        character after) counts as beside Chinese without looking past the blanks before
        it (False for a hit after blanks: those are judged in their piece)."""
        _mark, before, blank, after = found
        decided = not blank and self.pair(before, after)
        if len(self.hits) >= _KNOWN_MAX:
            self.hits.clear()
        self.hits[found] = decided
        return decided

    def __call__(self, text: str, i: int) -> bool:
        k = _BLANK_RUN.match(text, i + 1).end()
        return self.pair(_before(text, i), text[k] if k < len(text) else "")


def _pairs(report, rule, opts):
    role = {}  # character -> (pair number, True for an opening mark)
    partner = []
    for n, (left, right) in enumerate(opts["pairs"].items()):
        role.update({c: (n, True) for c in left})
        role.update({c: (n, False) for c in right})
        partner.append((left[0], right[0]))
    if not role:
        return
    finder = _scan.regex(_char_class(role))
    label = _scan.regex(opts["label_start"]) if opts.get("label_start") else None
    for piece in _unbalanced_candidates(report, opts, role, len(partner)):
        text = piece.text
        start = 0
        if label is not None:
            m = label.match(text)
            start = m.end() if m else 0
        marks = finder.findall(text, start)
        if not marks or _balanced(marks, role, len(partner)):
            continue
        open_at = [[] for _ in partner]
        for m in finder.finditer(text, start):
            n, opening = role[m.group(0)]
            if opening:
                open_at[n].append(m.start())
            elif open_at[n]:
                open_at[n].pop()
            else:
                yield _pair_finding(report, rule, piece, m.start(), m.group(0), partner[n][0])
        for n, positions in enumerate(open_at):
            for i in positions:
                yield _pair_finding(report, rule, piece, i, text[i], partner[n][1])


_OPEN, _CLOSE = "\x01", "\x02"
_PAIRED = _OPEN + _CLOSE


def _unbalanced_candidates(report, opts, role: dict, pairs: int):
    """The pieces that may hold an unpaired mark, in reading order: all but those whose
    marks of every pair pair up, told for all pieces at once in C. The marks of the joined
    texts, one pair at a time, become an opening and a closing code with the newlines
    between pieces kept; deleting adjacent opening-closing codes until none is left
    leaves a code exactly in the pieces where a mark of that pair is unpaired (a piece
    starting with a numbering label such as "1）" is among them, and judged piece by
    piece as before)."""
    pieces = _scan.texts(report, opts)
    text, _starts = _scan.joined_texts(report, opts)
    if text.count("\n") != len(pieces) - 1 or _OPEN in role or _CLOSE in role:
        return pieces  # a piece holding a newline, or the codes among the marks: every piece
    marks = "".join(re.findall(_char_class(set(role) | {"\n"}), text))
    unpaired: set[int] = set()
    for table in _pair_tables(tuple(role.items()), pairs):
        seq = marks.translate(table)
        while _PAIRED in seq:
            seq = seq.replace(_PAIRED, "")
        if _OPEN in seq or _CLOSE in seq:
            unpaired.update(compress(count(), seq.split("\n")))
    return [pieces[k] for k in sorted(unpaired)]


@lru_cache(maxsize=16)
def _pair_tables(roles: tuple, pairs: int) -> list[dict]:
    """For each pair, the ``str.translate`` table turning its marks into the opening and
    closing codes and deleting the other pairs' marks."""
    return [{ord(c): ((_OPEN if opening else _CLOSE) if k == n else None) for c, (k, opening) in roles}
            for n in range(pairs)]


def _balanced(marks: list[str], role: dict, pairs: int) -> bool:
    """Whether every closing mark closes an open one and nothing is left open (the
    usual case, told without positions)."""
    depth = [0] * pairs
    for ch in marks:
        n, opening = role[ch]
        if opening:
            depth[n] += 1
        elif depth[n]:
            depth[n] -= 1
        else:
            return False
    return not any(depth)


def _pair_finding(report, rule, piece, i, mark, partner):
    return _scan.lazy(report, rule, block=piece.block, excerpt_text=_scan.near(piece.text, i, i + 1),
                      values={"mark": mark, "partner": partner})
