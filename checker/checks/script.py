"""Traditional characters in a simplified report (web mirrors), found with OpenCC:
the text is converted to simplified Chinese and every changed character reported,
one finding per block. The converter is created once per process, on first use."""

from __future__ import annotations

from functools import lru_cache

from checker.checks import _scan
from checker.checks.base import Option

NAME = "script"
DESCRIPTION = "简体报告中混入的繁体字（用 OpenCC 转换比对）"
OPTIONS = {
    "config": Option(str, default="t2s", choices=("t2s", "tw2s", "hk2s", "t2s.json", "tw2s.json", "hk2s.json"),
                     help="OpenCC 转换方案：t2s 繁体→简体，tw2s 台湾正体→简体，hk2s 香港繁体→简体"),
    "ignore": Option(str, default="", help="不报告的字（如人名、地名中的专用字）"),
    **_scan.scan_options(),
}


@lru_cache(maxsize=None)
def converter(config: str):
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")

PLACEHOLDERS = {
    "chars": "繁体字",
    "simplified": "对应的简体字",
    "count": "本段繁体字个数",
    "where": "位置",
}

def traditional(text: str, convert, ignore: str = "") -> list[tuple[int, str, str]]:
    """(offset, character, simplified) for every character the conversion changes."""
    simplified = convert(text)
    if len(simplified) != len(text):  # a phrase changed length: judge character by character
        simplified = "".join(convert(ch) if len(convert(ch)) == 1 else ch for ch in text)
    return [(i, a, b) for i, (a, b) in enumerate(zip(text, simplified)) if a != b and a not in ignore]


def check(report, rule):
    yield from _scan.limited(_findings(report, rule), rule.options)


def _findings(report, rule):
    opts = rule.options
    convert = converter(opts.get("config") or "t2s").convert
    ignore = opts.get("ignore") or ""
    pieces = _scan.texts(report, opts)
    whole = "\n".join(p.text for p in pieces)
    if convert(whole) == whole:  # the usual case: one conversion of the whole text
        return
    for piece in pieces:
        found = traditional(piece.text, convert, ignore)
        if not found:
            continue
        seen = {}
        for _, a, b in found:
            seen.setdefault(a, b)
        first = found[0][0]
        yield _scan.lazy(report, rule, block=piece.block,
                         excerpt_text=_scan.near(piece.text, first, first + 1),
                         values={"chars": "".join(seen), "simplified": "".join(seen.values()),
                                 "count": len(found), "where": _scan.WHERE_NAMES[piece.where]})
