"""Page numbers in the footers of every section: a PAGE field, its "— 1 —" form, size, position."""


from checker import regexcache
from checker.layout.formatting import ALIGNMENT_NAMES, dominant, font_key, size_label
from checker.layout.view import emit, group_runs, layout_view, section_range
from checker.checks.base import Option

NAME = "layout-page-number"
DESCRIPTION = "页脚页码：有 PAGE 域、“— 1 —”样式、字号、字体、位置（单页居右、双页居左或居中）"
OPTIONS = {
    "property": Option(str, required=True, choices=("present", "form", "size", "font", "position"),
                       help="present 有页码域、form 样式、size 字号、font 数字字体、position 位置"),
    "form": Option(str, default=r"^—\s?PAGE\s?—$", regex=True,
                   help="页码段落文字（域结果记作 PAGE，空白合并为一个空格）应匹配的正则表达式"),
    "template": Option(str, default="— PAGE —", help="提示和修复使用的页码样式，PAGE 处为页码域"),
    "size_pt": Option((int, float), default=14, help="页码字号（磅）"),
    "fonts": Option(list, default=[], items=str, help="页码数字可接受的字体，第一个用于提示和修复"),
    "positions": Option(list, default=["outside"], items=str,
                        choices=("outside", "center", "right", "left", "inside"),
                        help="可接受的位置：outside 单页居右、双页居左；center 居中"),
}

_POSITION_TEXT = dict(ALIGNMENT_NAMES, justify="左对齐", inside="内侧（单页居左、双页居右）")


def _show(form: str) -> str:
    return "“" + form.replace("PAGE", "1") + "”"


def _footers(section, even_odd: bool) -> list[tuple[str, object]]:
    kinds = ["default", "even"] if even_odd else ["default"]
    return [(kind, section.footers.get(kind)) for kind in kinds]


def _position(numbers: dict) -> str | None:
    odd = numbers.get("default")
    even = numbers.get("even")
    if not odd:
        return None
    odd_pos = odd[0].position
    if "even" not in numbers:
        return odd_pos
    even_pos = even[0].position if even else None
    if odd_pos == "outside" and even_pos in (None, "outside"):
        return "outside"
    if odd_pos == "right" and even_pos in ("left", "justify"):
        return "outside"
    if odd_pos in ("left", "justify") and even_pos == "right":
        return "inside"
    return odd_pos if odd_pos == even_pos else f"{odd_pos}/{even_pos}"


def _position_text(pos: str) -> str:
    if "/" in pos:
        odd, even = pos.split("/")
        return f"单页{_POSITION_TEXT.get(odd, odd)}、双页{_POSITION_TEXT.get(even, even)}"
    return _POSITION_TEXT.get(pos, pos)


def check(report, rule):
    view = layout_view(report)
    if view is None:
        return
    options = rule.options
    prop = options["property"]
    form_re = regexcache.compile(options["form"])
    even_odd = view.even_and_odd
    items = []
    for section in view.sections:
        numbers = {}
        for kind, root in _footers(section, even_odd):
            if root is None:
                numbers[kind] = []
                continue
            numbers[kind] = view.page_numbers(root)
        missing = [k for k, found in numbers.items() if not found]
        key = actual = None
        if prop == "present":
            if missing:
                key = "missing"
                actual = "页脚没有页码" if len(missing) == len(numbers) else "双页页脚没有页码" \
                    if missing == ["even"] else "单页页脚没有页码"
        elif missing and len(missing) == len(numbers):
            continue  # no page number to judge
        elif prop == "form":
            forms = {n.form for found in numbers.values() for n in found}
            if section.number_format == "numberInDash":  # Word shows the number as "- 1 -"
                forms = {f.replace("PAGE", "- PAGE -") for f in forms}
            bad = sorted(f for f in forms if not form_re.search(f))
            if bad:
                key, actual = "form", "、".join(_show(f) for f in bad)
        elif prop == "size":
            spans = [s for found in numbers.values() for n in found for s in n.spans]
            size = dominant(spans, lambda p: p.size)[0]
            if size is not None and abs(size - options["size_pt"]) > 0.01:
                key, actual = "size", size_label(size)
        elif prop == "font":
            accepted = {font_key(f) for f in options.get("fonts") or []}
            spans = [s for found in numbers.values() for n in found for s in n.spans if s.field == "PAGE"]
            font = dominant(spans, lambda p: p.latin)[0]
            if accepted and spans and font_key(font) not in accepted:
                key, actual = "font", font or "未指定"
        else:
            pos = _position(numbers)
            if pos is not None and pos not in (options.get("positions") or []):
                key, actual = "position", _position_text(pos)
        items.append((section.number, key, {"actual": actual}, section.first_block, None))
    runs = group_runs(items)
    for run in runs:
        if run.anchor is None and report.document.blocks:
            run.anchor = report.document.blocks[0].index
    expected = {
        "present": _show(options["template"]),
        "form": _show(options["template"]),
        "size": size_label(options["size_pt"]),
        "font": (options.get("fonts") or ["?"])[0],
        "position": "或".join(_position_text(p) for p in options.get("positions") or []),
    }[prop]
    yield from emit(report, rule, runs, lambda run: {
        "actual": run.detail["actual"], "expected": expected, "where": section_range(run, len(view.sections))},
        unit_blocks=False)
