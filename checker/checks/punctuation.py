"""Punctuation in Chinese text: half-width marks (, ; : ( )) where Chinese text
needs full-width ones, and brackets or quotation marks left unclosed.

A text converted to half-width as a whole (web pages often publish NFKC-normalised
text) is reported once, with a count, when ``summary_ratio`` is set.
"""

from __future__ import annotations

from . import _scan
from .base import Option, make_finding

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
}

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
    finder = _scan.regex(_char_class(set(marks) | full))
    hits, full_count = [], 0
    for piece in _scan.texts(report, opts):
        text = piece.text
        for m in finder.finditer(text):
            ch, i = m.group(0), m.start()
            if ch in full:
                full_count += 1
            elif _beside_chinese(text, i, chinese):
                hits.append((piece, i, ch))
    if not hits:
        return
    ratio = opts.get("summary_ratio")
    if ratio is not None and len(hits) >= 2 and len(hits) / (len(hits) + full_count) >= ratio:
        piece, i, ch = hits[0]
        kinds = "".join(sorted({c for _, _, c in hits}, key=list(marks).index))
        yield make_finding(report, rule, block=piece.block, excerpt_text=_scan.near(piece.text, i, i + 1),
                           message=opts.get("summary_message") or None,
                           values={"mark": ch, "full": marks[ch], "count": len(hits), "marks": kinds,
                                   "full_count": full_count})
        return
    yield from _scan.limited((make_finding(report, rule, block=piece.block, excerpt_text=_scan.near(piece.text, i, i + 1),
                                           values={"mark": ch, "full": marks[ch], "count": 1, "marks": ch,
                                                   "full_count": full_count})
                              for piece, i, ch in hits), opts)


def _char_class(chars) -> str:
    return "[" + "".join("\\" + c if c in "\\]^-[" else c for c in sorted(chars)) + "]"


def _beside_chinese(text: str, i: int, chinese) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \u3000":
        j -= 1
    k = i + 1
    while k < len(text) and text[k] in " \u3000":
        k += 1
    before = text[j] if j >= 0 else ""
    after = text[k] if k < len(text) else ""
    if before.isdigit() and after.isdigit():
        return False  # 1,000 / 10:30
    return bool((before and chinese.match(before)) or (after and chinese.match(after)))


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
    for piece in _scan.texts(report, opts):
        text = piece.text
        open_at = [[] for _ in partner]
        start = 0
        if label is not None:
            m = label.match(text)
            start = m.end() if m else 0
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


def _pair_finding(report, rule, piece, i, mark, partner):
    return make_finding(report, rule, block=piece.block, excerpt_text=_scan.near(piece.text, i, i + 1),
                        values={"mark": mark, "partner": partner})
