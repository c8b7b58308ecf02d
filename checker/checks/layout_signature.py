"""The signature block after the body: issuer line, then the date in Arabic numerals, placed right."""

import re

from checker import regexcache
from checker.layout.formatting import ALIGNMENT_NAMES, dominant
from checker.layout.view import emit, group_runs, layout_view
from checker.checks.base import Option

NAME = "layout-signature"
DESCRIPTION = "文末署名和成文日期：有成文日期、日期前有署名、日期写法、靠右排布"
OPTIONS = {
    "property": Option(str, required=True, choices=("present", "issuer", "date_form", "position"),
                       help="present 有成文日期、issuer 日期前有署名、date_form 日期写法、position 靠右"),
    "date_form": Option(str, default=r"^(19|20)\d\d年[1-9]\d?月[1-9]\d?日$", regex=True,
                        help="成文日期（去掉空白后）应匹配的正则表达式"),
    "alignments": Option(list, default=["right"], items=str, choices=("left", "center", "right", "justify"),
                         help="署名和日期可接受的对齐方式"),
    "min_indent_chars": Option((int, float), default=8,
                               help="不是上述对齐方式时，左缩进或首行缩进至少多少字符也算靠右"),
    "char_pt": Option((int, float), default=16, help="一个字的宽度（磅）"),
    "unfilled": Option(str, regex=True,
                       help="文末最后几段有匹配此正则的未填写日期（模板提示语）时，不报“没有成文日期”（由占位符规则报告）"),
}
TAIL = 3  # blocks at the end where a date (or its placeholder) is looked for


def check(report, rule):
    view = layout_view(report)
    if view is None:
        return
    options = rule.options
    prop = options["property"]
    meta = report.meta
    date_block = meta.date_block
    if date_block is not None and report.block(date_block).in_table:
        date_block = None
    items = []
    if prop == "present":
        if date_block is None and view.parts:
            blocks = sorted({p.block for p in view.parts})
            last = blocks[-1]
            unfilled = options.get("unfilled")
            if not (unfilled and any(regexcache.compile(unfilled).search(report.block(i).text) for i in blocks[-TAIL:])):
                items.append((last, "missing", {"actual": "没有成文日期"}, last, "signature"))
    elif date_block is None:
        return
    elif prop == "issuer":
        if view.issuer_block() is None:
            items.append((date_block, "no-issuer", {"actual": "成文日期前没有发文机关署名"}, date_block, "signature"))
    elif prop == "date_form":
        text = re.sub(r"\s+", "", report.block(date_block).text)
        if not regexcache.compile(options["date_form"]).search(text):
            items.append((date_block, "form", {"actual": f"“{text}”"}, date_block, "signature"))
    else:
        blocks = [b for b in (view.issuer_block(), date_block) if b is not None]
        for index in blocks:
            layout = view.paragraph(index)
            size = dominant(layout.spans, lambda p: p.size)[0] or options["char_pt"]
            indent = max(layout.indent_chars("left", size) + max(layout.indent_chars("first", size), 0),
                         layout.indent_chars("left", options["char_pt"]) + max(layout.indent_chars("first", options["char_pt"]), 0))
            ok = layout.alignment in (options.get("alignments") or []) or indent >= options["min_indent_chars"]
            actual = ALIGNMENT_NAMES.get(layout.alignment, layout.alignment)
            items.append((index, None if ok else "position", {"actual": actual}, index, "signature"))
    fixed = ""
    if meta.date:
        y, m, d = meta.date.split("-")
        fixed = f"{int(y)}年{int(m)}月{int(d)}日"
    yield from emit(report, rule, group_runs(items), lambda run: {
        "actual": run.detail["actual"], "fixed": fixed,
        "expected": "或".join(ALIGNMENT_NAMES[a] for a in options.get("alignments") or [])})
