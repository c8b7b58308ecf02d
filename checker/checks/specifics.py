"""A part whose items name nothing concrete: shortcomings written only as stock phrases
(有待提高、不够深入、偏松偏软) with no figure, no named field, unit or case. One finding
per part, quoting the stock phrases. How long the part is, and whether it gives causes,
are other rules' business (``metric``, ``section-mentions``).
"""

from __future__ import annotations

from checker.checks import _scan
from checker.checks.base import Option, make_finding
from checker.checks.plan_answers import _items_of
from checker.textutil import excerpt

NAME = "specifics"
DESCRIPTION = "某部分（如存在的不足）只有套话，没有任何具体内容（数字、领域、单位、案例）"
OPTIONS = {
    "section": Option(str, default="shortcomings", help="要检查的部分（section key）"),
    "concrete": Option(list, required=True, items=str, regex=True,
                       help="具体内容的写法（正则表达式）：任何一项含有其一，该部分即不报告"),
    "vague": Option(list, required=True, items=str, regex=True,
                    help="套话（正则表达式）：没有具体内容、且含有套话的部分才报告"),
    "problem_cues": Option(list, default=[], items=str, regex=True,
                           help="没有列举条目时，含这些词的分句算一项（正则表达式）"),
    "max_quotes": Option(int, default=3, help="提示信息中最多引用几处套话"),
}

PLACEHOLDERS = {
    "phrases": "部分中的套话，如“有待提高”“不够深入”",
    "items": "条目数",
    "section_name": "部分名称",
}


def _body(report, part) -> str:
    """The part's text without its own heading line."""
    heading = report.outline.by_block.get(part.block)
    if heading is not None and not heading.run_in and not part.inline:
        return "\n".join(b.text for b in part.blocks if b.index != part.block)
    return part.text


def check(report, rule):
    opts = rule.options
    key = opts["section"]
    parts = _scan.section_parts(report, key, own=True)
    if not parts:
        return
    concrete = _scan.any_regex(opts["concrete"])
    vague = _scan.regexes(opts["vague"])
    cues = _scan.any_regex(opts.get("problem_cues"))
    for part in parts:
        items = _items_of(report, part, cues) if cues is not None else []
        texts = [it.text for it in items] or [_body(report, part)]
        if any(concrete.search(t) for t in texts):
            continue
        found = []
        for t in texts:
            for pattern in vague:
                for m in pattern.finditer(t):
                    if m.group(0) not in found:
                        found.append(m.group(0))
        if not found:
            continue
        cap = max(1, opts.get("max_quotes") or 3)
        phrases = "".join(f"“{p}”" for p in found[:cap])
        yield make_finding(report, rule, block=part.block, section=key,
                           excerpt_text=excerpt(part.text.split("\n")[0], 0, 0, 40),
                           values={"phrases": phrases, "items": len(items),
                                   "section_name": report.model.sections.name(key)})
