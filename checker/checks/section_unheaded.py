"""A part exists only as a paragraph inside another part: suggest a heading."""

from checker.checks.base import Option, make_finding
from checker.textutil import excerpt

NAME = "section-unheaded"
DESCRIPTION = "规定的部分有独立标题"
OPTIONS = {"sections": Option(list, required=True, items=str)}


def check(report, rule):
    for key in rule.options["sections"]:
        found = report.sections_by_key(key)
        if not found or any(s.headed for s in found):
            continue
        s = found[0]
        yield make_finding(report, rule, block=s.match_block or s.start, section=key, excerpt_text=s.title,
                           values={"section": key, "section_name": s.name})


__all__ = ["excerpt"]
