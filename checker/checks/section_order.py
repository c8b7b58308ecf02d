"""Parts appear in the order the regulation lists them."""

from checker.checks.base import Option, make_finding

NAME = "section-order"
DESCRIPTION = "各部分的先后顺序符合规定"
OPTIONS = {"order": Option(list, required=True, items=str, help="部分的规定顺序")}


def check(report, rule):
    order = rule.options["order"]
    first = {}
    for s in report.sections:
        if s.key in order and s.key not in first:
            first[s.key] = s
    seen = sorted(first.values(), key=lambda s: s.start)
    rank = {key: i for i, key in enumerate(order)}
    highest = None
    for section in seen:
        if highest is not None and rank[section.key] < rank[highest.key] and section.start > highest.start:
            yield make_finding(report, rule, block=section.start, section=section.key, values={
                "section": section.key, "section_name": section.name,
                "previous": highest.key, "previous_name": highest.name})
            # swap the message meaning: section came after one that should follow it
        if highest is None or rank[section.key] > rank[highest.key]:
            highest = section
