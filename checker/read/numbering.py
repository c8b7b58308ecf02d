"""Render Word automatic numbering (numbering.xml) the way Word shows it.

python-docx exposes ``w:numPr`` but does not compute labels; this module does:
abstract numbering definitions, ``w:num`` instances with level overrides,
numbering linked to paragraph styles (``w:pStyle`` in a level, ``w:numStyleLink``),
``numId`` 0 switching inherited numbering off, level counters that restart
deeper levels, ``w:lvlRestart``, ``w:isLgl`` and the number formats common in
Chinese documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker import regexcache
from checker.read.ooxml import W, first_children, wattr

# labels past these counters are shown in decimal (Word's own roman numerals stop at
# 3999; a crafted start of 10^12 would otherwise make a label of 10^9 letters)
MAX_ROMAN = 3999
MAX_LETTERS = 780  # 30 repeats of the alphabet (zz…z)
MAX_LEVEL = 9  # Word numbering has levels 0-8
_INT = regexcache.compile(r"-?[0-9]{1,15}")


def _int(text: str | None, default: int | None) -> int | None:
    """An ST_DecimalNumber attribute; ``default`` for anything else (also ``²`` or 10^5000)."""
    if text is None or not _INT.fullmatch(text.strip()):
        return default
    return int(text)

_CN_DIGITS = "零一二三四五六七八九"
_CN_TRAD_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"


def chinese_counting(n: int, digits: str = _CN_DIGITS, units: str = "十百千万") -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百零五."""
    if n <= 0:
        return str(n)
    if n >= 100000:
        return str(n)
    parts = []
    values = [(10000, units[3]), (1000, units[2]), (100, units[1]), (10, units[0]), (1, "")]
    zero_pending = False
    started = False
    for value, unit in values:
        d, n = divmod(n, value)
        if d:
            if zero_pending:
                parts.append(digits[0])
                zero_pending = False
            if not (d == 1 and value == 10 and not started):
                parts.append(digits[d])
            parts.append(unit)
            started = True
        elif started and n:
            zero_pending = True
    return "".join(parts)


def fits(n: int, fmt: str) -> bool:
    """True when ``format_number`` can show ``n`` in ``fmt`` (else it shows decimal)."""
    if fmt in ("upperRoman", "lowerRoman"):
        return 1 <= n <= MAX_ROMAN
    if fmt in ("upperLetter", "lowerLetter"):
        return 1 <= n <= MAX_LETTERS
    return True


def _letters(n: int, upper: bool) -> str:
    # Word repeats the letter: 27 -> aa
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _cycle(table: str, n: int) -> str:
    return table[(n - 1) % len(table)] if n > 0 else str(n)


def _enclosed(table: str, n: int, fallback: str) -> str:
    return table[n - 1] if 1 <= n <= len(table) else fallback.format(n)


def format_number(n: int, fmt: str) -> str:
    """Format counter ``n`` in OOXML number format ``fmt`` (ST_NumberFormat); decimal when
    the counter is out of the format's range (see :func:`fits`)."""
    if not fits(n, fmt):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
               "ideographDigital", "japaneseDigitalTenThousand"):
        if fmt == "chineseLegalSimplified":
            return chinese_counting(n, _CN_TRAD_DIGITS, "拾佰仟万")
        if fmt == "ideographDigital":
            return "".join("〇一二三四五六七八九"[int(c)] if c.isdigit() else c for c in str(n))
        return chinese_counting(n)
    if fmt in ("ideographTraditional",):
        return _cycle(_IDEOGRAPH_TRADITIONAL, n)
    if fmt in ("ideographZodiac",):
        return _cycle(_IDEOGRAPH_ZODIAC, n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(_CIRCLED, n, "({})")
    if fmt == "decimalEnclosedParen":
        return _enclosed(_PAREN, n, "({})")
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(_FULLSTOP, n, "{}.")
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)  # decimal and everything we do not know


_NUM, _ABSTRACT_REF, _LVL_OVERRIDE = W + "num", W + "abstractNumId", W + "lvlOverride"
_LVL, _START_OVERRIDE, _NUM_STYLE_LINK = W + "lvl", W + "startOverride", W + "numStyleLink"
_OVERRIDE_PARTS = frozenset((_LVL, _START_OVERRIDE))
_TOKENS = tuple((lv, f"%{lv + 1}") for lv in range(9, -1, -1))  # level text placeholders, %10 first


@dataclass
class Level:
    ilvl: int
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level, 0 = never
    is_legal: bool = False
    suffix: str = "tab"
    pstyle: str | None = None  # style id linked to this level


@dataclass
class Definition:
    levels: dict[int, Level] = field(default_factory=dict)
    num_style_link: str | None = None  # w:numStyleLink -> a numbering style id


@dataclass
class NumInstance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


_LEVEL_FACTS = frozenset(W + t for t in ("start", "lvlRestart", "isLgl", "numFmt", "lvlText", "suff", "pStyle"))
_VAL = W + "val"


def _parse_level(lvl) -> Level:
    facts = first_children(lvl, _LEVEL_FACTS)

    def val(tag):
        el = facts.get(W + tag)
        return el.get(_VAL) if el is not None else None

    start = val("start")
    restart = val("lvlRestart")
    is_lgl = facts.get(W + "isLgl")
    text = val("lvlText")
    return Level(
        ilvl=_int(wattr(lvl, "ilvl"), 0),
        start=_int(start, 1),
        fmt=val("numFmt") or "decimal",
        text=text if text is not None else "",
        restart=_int(restart, None),
        is_legal=is_lgl is not None and is_lgl.get(_VAL) not in ("0", "false"),
        suffix=val("suff") or "tab",
        pstyle=val("pStyle"),
    )


class Numbering:
    """Definitions from numbering.xml plus the running counters of one document pass."""

    def __init__(self, numbering_root, style_numbering: dict[str, tuple[str | None, int | None]]):
        # style_numbering: style id -> (numId, ilvl) resolved through the basedOn chain
        self.abstracts: dict[str, Definition | None] = {}
        self._abstract_elements: dict = {}
        self.nums: dict[str, NumInstance] = {}
        self.style_numbering = style_numbering
        self._counters: dict[str, list[int | None]] = {}
        # num id -> (abstract id, definition, levels with the instance's overrides) or None:
        # resolved on first use, as every numbered paragraph asks again
        self._resolved: dict[str, tuple | None] = {}
        self._applied_overrides: set[str] = set()
        self.notes: list[str] = []  # said once per document: labels shown differently from Word
        if numbering_root is None:
            return
        # definitions are parsed when a paragraph first uses them: templates from WPS and
        # Word carry dozens of unused ones
        self._abstract_elements = {wattr(absn, "abstractNumId") or "": absn
                                   for absn in numbering_root.iterchildren(W + "abstractNum")}
        for num in numbering_root.iterchildren(_NUM):
            absref = None
            overrides = []
            for child in num:
                tag = child.tag
                if tag == _ABSTRACT_REF:
                    if absref is None:
                        absref = child
                elif tag == _LVL_OVERRIDE:
                    overrides.append(child)
            inst = NumInstance(abstract_id=absref.get(_VAL) if absref is not None else "")
            for ov in overrides:
                ilvl = _int(wattr(ov, "ilvl"), 0)
                if not 0 <= ilvl < MAX_LEVEL:
                    continue
                parts = first_children(ov, _OVERRIDE_PARTS)
                so = parts.get(_START_OVERRIDE)
                start = _int(so.get(_VAL), None) if so is not None else None
                if start is not None:
                    inst.start_overrides[ilvl] = start
                lvl = parts.get(_LVL)
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            self.nums[wattr(num, "numId") or ""] = inst

    # -- resolution ---------------------------------------------------------------------------
    def _abstract(self, abstract_id: str) -> Definition | None:
        if abstract_id in self.abstracts:
            return self.abstracts[abstract_id]
        absn = self._abstract_elements.get(abstract_id)
        definition = None
        if absn is not None:
            definition = Definition()
            link = None
            for child in absn:
                tag = child.tag
                if tag == _LVL:
                    level = _parse_level(child)
                    if 0 <= level.ilvl < MAX_LEVEL:
                        definition.levels[level.ilvl] = level
                elif tag == _NUM_STYLE_LINK and link is None:
                    link = child
            if link is not None:
                definition.num_style_link = link.get(_VAL)
        self.abstracts[abstract_id] = definition
        return definition

    def _definition(self, num_id: str, depth: int = 0) -> tuple[str, Definition] | None:
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        definition = self._abstract(inst.abstract_id)
        if definition is None:
            return None
        if definition.num_style_link and depth < 3:
            linked = self.style_numbering.get(definition.num_style_link)
            if linked and linked[0] and linked[0] != num_id:
                resolved = self._definition(linked[0], depth + 1)
                if resolved:
                    return resolved
        return inst.abstract_id, definition

    def _level_for_style(self, definition: Definition, style_id: str | None) -> int | None:
        if not style_id:
            return None
        for level in definition.levels.values():
            if level.pstyle == style_id:
                return level.ilvl
        return None

    def _resolve(self, num_id: str) -> tuple | None:
        resolved = self._definition(num_id)
        if resolved is None:
            return None
        abstract_id, definition = resolved
        levels = dict(definition.levels)
        levels.update(self.nums[num_id].level_overrides)
        return abstract_id, definition, levels

    def label(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> tuple[str, str]:
        """Advance the counters for one numbered paragraph; return (label, suffix)."""
        if num_id is None and style_id:
            num_id, style_ilvl = self.style_numbering.get(style_id, (None, None))
            if ilvl is None:
                ilvl = style_ilvl
        if not num_id or num_id == "0":
            return "", ""
        try:
            resolved = self._resolved[num_id]
        except KeyError:
            resolved = self._resolved[num_id] = self._resolve(num_id)
        if resolved is None:
            return "", ""
        abstract_id, definition, levels = resolved
        if ilvl is None:
            ilvl = self._level_for_style(definition, style_id) or 0
        if not 0 <= ilvl < MAX_LEVEL:
            return "", ""
        inst = self.nums[num_id]
        level = levels.get(ilvl)
        if level is None:
            return "", ""
        counters = self._counters.setdefault(abstract_id, [None] * 10)
        if num_id not in self._applied_overrides:
            self._applied_overrides.add(num_id)
            for lv, start in inst.start_overrides.items():
                if 0 <= lv < 10:
                    counters[lv] = start - 1
                    for deeper in range(lv + 1, 10):
                        counters[deeper] = None
        current = counters[ilvl]
        counters[ilvl] = (level.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 10):
            deeper_level = levels.get(deeper)
            restart = deeper_level.restart if deeper_level else None
            if restart == 0:
                continue
            if restart is None or restart > ilvl:
                counters[deeper] = None
        text = level.text
        if level.fmt == "bullet":
            return ("•" if not text or ord(text[0]) >= 0xE000 else text), level.suffix
        for lv, token in _TOKENS:
            if token not in text:
                continue
            lv_level = levels.get(lv)
            value = counters[lv]
            if value is None:
                value = lv_level.start if lv_level else 1
            fmt = lv_level.fmt if lv_level else "decimal"
            if level.is_legal and lv < ilvl:
                fmt = "decimal"
            if not fits(value, fmt) and not self.notes:
                self.notes.append(f"自动编号的计数（{value}）超出“{fmt}”格式能表示的范围，按阿拉伯数字显示")
            text = text.replace(token, format_number(value, fmt))
        return text, level.suffix
