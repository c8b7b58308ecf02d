"""How often a pattern occurs in a part (Vale's ``occurrence``): at least ``min`` /
at most ``max`` matches, counted over a whole part or over each of its sub-parts
(e.g. every themed sub-section of the achievements carries at least one figure)."""

from __future__ import annotations

from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "occurrence"
DESCRIPTION = "某写法在一个部分（或其每个小节）中出现的次数不少于 min、不多于 max"
OPTIONS = {
    "pattern": Option(str, required=True, regex=True, help="要计数的写法（正则表达式）"),
    "min": Option(int, default=None, help="至少出现的次数"),
    "max": Option(int, default=None, help="至多出现的次数"),
    "section": Option(str, default=None, help="在哪个部分计数（section key）；不写则为全文"),
    "per": Option(str, default="section", choices=("section", "part"),
                  help="section：整个部分计一次；part：部分下的每个小节（最浅一级小标题）各计一次"),
    "min_length": Option(int, default=0, help="文字少于此字数的部分或小节不检查"),
    "unless": Option(str, default=None, regex=True,
                     help="部分或小节中出现此写法时不检查（如尚未填写的“【请填写：……】”提示，缺的内容另有规则报告）"),
}

PLACEHOLDERS = {
    "count": "实际出现次数",
    "min": "min",
    "max": "max",
    "part": "部分或小节的标题",
    "section_name": "部分名称",
}

def validate_options(options: dict):
    if options.get("min") is None and options.get("max") is None:
        return "min", "min 和 max 至少写一个"
    return None


def check(report, rule):
    _scan.require_valid(rule, validate_options)
    opts = rule.options
    pattern = _scan.regex(opts["pattern"])
    lo, hi = opts.get("min"), opts.get("max")
    key = opts.get("section")
    parts = _scan.sub_parts(report, key) if opts.get("per") == "part" else _scan.section_parts(report, key)
    section_name = report.model.sections.name(key) if key else "全文"
    unless = _scan.regex(opts["unless"]) if opts.get("unless") and not _scan.absent(report, opts["unless"]) else None
    never = _scan.absent(report, opts["pattern"])  # every count is 0
    min_length = opts.get("min_length") or 0
    for part in parts:
        text = part.text
        if len(text) < min_length:
            continue
        if unless is not None and unless.search(text):
            continue
        count = 0 if never else _count(pattern, text, lo, hi)
        if (lo is not None and count < lo) or (hi is not None and count > hi):
            yield make_finding(report, rule, block=part.block, section=key,
                               excerpt_text=excerpt(part.name, 0, 0, 30),
                               values={"count": count, "min": lo if lo is not None else "",
                                       "max": hi if hi is not None else "", "part": excerpt(part.name, 0, 0, 24),
                                       "section_name": section_name})


def _count(pattern, text: str, lo, hi) -> int:
    """The number of matches — exact whenever it matters: without ``max``, counting stops
    at ``min`` (the part passes, the count is not shown)."""
    if hi is not None or lo is None:
        return len(pattern.findall(text))
    count = 0
    for _ in pattern.finditer(text):
        count += 1
        if count >= lo:
            break
    return count
