"""Effective font, size or bold of the text of each role (title, headings, body, signature)."""

from functools import lru_cache

from checker.layout.formatting import font_key, size_label
from checker.layout.view import ROLES, emit, group_runs, layout_view
from checker.checks.base import Option

NAME = "layout-font"
DESCRIPTION = "标题、各级标题、正文、署名的字体（中文字体与西文字体分别判断）、字号、加粗"
OPTIONS = {
    "roles": Option(list, required=True, items=str, choices=ROLES,
                    help="检查哪些文字：title heading1 heading2 heading3 heading4 body addressee signature"),
    "property": Option(str, required=True, choices=("east_asian", "latin", "size", "bold"),
                       help="east_asian 中文字体（w:eastAsia）、latin 西文字体（w:ascii）、size 字号、bold 加粗"),
    "fonts": Option(list, default=[], items=str, help="可接受的字体名（别名），第一个用于提示和修复"),
    "size_pt": Option((int, float), help="应有的字号（磅）"),
    "bold": Option(bool, help="应加粗（true）或不加粗（false）"),
    "min_chars": Option(int, default=1, help="一段中相关字符少于此数时不判断"),
}

_WEIGHT = {"east_asian": "ea", "latin": "latin", "size": "visible", "bold": "visible"}


ATTRIBUTE = {"east_asian": "east_asian", "latin": "latin", "size": "size", "bold": "bold"}


@lru_cache(maxsize=64)
def _accepted(fonts: tuple) -> frozenset:
    return frozenset(font_key(f) for f in fonts)


def judge(prop, value, options):
    """(defect kind or None, actual text) for the value of ``prop`` (also used by the repair)."""
    if prop in ("east_asian", "latin"):
        accepted = _accepted(tuple(options.get("fonts") or ()))
        if not accepted or font_key(value) in accepted:
            return None, None
        return "font", value or "未指定"
    if prop == "size":
        expected = options.get("size_pt")
        if expected is None or abs(value - expected) < 0.01:
            return None, None
        return "size", size_label(value)
    expected = options.get("bold")
    if expected is None or bool(value) == expected:
        return None, None
    return "bold", "加粗" if value else "不加粗"


def _expected(prop, options) -> str:
    if prop in ("east_asian", "latin"):
        return (options.get("fonts") or ["?"])[0]
    if prop == "size":
        return size_label(options.get("size_pt"))
    return "加粗" if options.get("bold") else "不加粗"


def check(report, rule):
    view = layout_view(report)
    if view is None:
        return
    options = rule.options
    prop = options["property"]
    weight = _WEIGHT[prop]
    attr = ATTRIBUTE[prop]
    min_chars = max(1, options.get("min_chars") or 1)
    verdicts: dict = {}  # property value -> (defect kind, detail): judged once per value
    items = []
    for part in view.parts_for(options["roles"]):
        value, _, total = part.dominant(attr, weight)
        if total < min_chars:
            continue
        verdict = verdicts.get(value)
        if verdict is None:
            key, actual = judge(prop, value, options)
            verdict = verdicts[value] = (key, {"actual": actual})
        items.append((part.block, verdict[0], verdict[1], part.block, part.role))
    expected = _expected(prop, options)
    yield from emit(report, rule, group_runs(items),
                    lambda run: {"actual": run.detail["actual"], "expected": expected})
