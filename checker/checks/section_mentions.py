"""A part's text mentions at least one of some cues (e.g. shortcomings give causes)."""


from checker import regexcache
from checker.checks.base import Option, make_finding

NAME = "section-mentions"
DESCRIPTION = "某部分的文字包含规定的内容（如不足要分析原因）"
OPTIONS = {
    "section": Option(str, required=True),
    "any": Option(list, required=True, items=str, regex=True, help="至少出现其中一个（正则表达式）"),
}

_CACHE = {}


def check(report, rule):
    key = rule.options["section"]
    found = report.sections_by_key(key)
    if not found:
        return
    key_patterns = tuple(rule.options["any"])
    patterns = _CACHE.get(key_patterns)
    if patterns is None:
        patterns = _CACHE[key_patterns] = [regexcache.compile(p) for p in key_patterns]
    text = report.section_text(key, headings=False)
    if any(p.search(text) for p in patterns):
        return
    s = found[0]
    yield make_finding(report, rule, block=s.match_block or s.start, section=key, excerpt_text=s.title,
                       values={"section": key, "section_name": s.name})
