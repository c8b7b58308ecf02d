"""Effective font, size or bold of the text of each role (title, headings, body, signature)."""

from functools import lru_cache
from operator import attrgetter, itemgetter

from checker.layout.formatting import dominant_in_tally, font_key, size_label
from checker.layout.view import ROLES, emit, group_runs, layout_view
from checker.checks.base import Option

NAME = "layout-font"
DESCRIPTION = "标题、各级标题、正文、署名的字体（中文字体与西文字体分别判断）、字号、加粗、倾斜、下划线、文字颜色"
OPTIONS = {
    "roles": Option(list, required=True, items=str, choices=ROLES,
                    help="检查哪些文字：title heading1 heading2 heading3 heading4 body addressee signature"),
    "property": Option(str, required=True,
                       choices=("east_asian", "latin", "size", "bold", "italic", "underline", "color"),
                       help="east_asian 中文字体（w:eastAsia）、latin 西文字体（w:ascii）、size 字号、bold 加粗、"
                            "italic 倾斜、underline 下划线、color 文字颜色（含主题色和样式继承的颜色）"),
    "fonts": Option(list, default=[], items=str, help="可接受的字体名（别名），第一个用于提示和修复"),
    "size_pt": Option((int, float), help="应有的字号（磅）"),
    "bold": Option(bool, help="应加粗（true）或不加粗（false）"),
    "italic": Option(bool, help="应倾斜（true）或不倾斜（false）"),
    "underline": Option(bool, help="应有下划线（true）或没有（false）"),
    "colors": Option(list, default=["auto", "000000"], items=str,
                     help="可接受的文字颜色：auto（自动）或六位十六进制 RRGGBB，第一个以外的用于提示，修复时写 000000"),
    "min_chars": Option(int, default=1, help="一段中相关字符少于此数时不判断"),
}

_WEIGHT = {"east_asian": "ea", "latin": "latin", "size": "visible", "bold": "visible", "italic": "visible",
           "underline": "visible", "color": "visible"}


ATTRIBUTE = {"east_asian": "east_asian", "latin": "latin", "size": "size", "bold": "bold", "italic": "italic",
             "underline": "underline", "color": "color"}
_POSITION = itemgetter(0)
_SLOT = {"ea": 0, "latin": 1, "visible": 2}  # where each weight is in a part's character counts
_FLAG_TEXT = {"bold": ("加粗", "不加粗"), "italic": ("倾斜", "不倾斜"), "underline": ("有下划线", "无下划线")}
COLOR_NAMES = {"AUTO": "自动（黑色）", "000000": "黑色", "FF0000": "红色", "0000FF": "蓝色"}


def color_text(value: str | None) -> str:
    value = (value or "auto").upper()
    name = COLOR_NAMES.get(value)
    if name:
        return name
    return f"#{value}（{_hue(value)}）"


def _hue(rgb: str) -> str:
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    if max(r, g, b) - min(r, g, b) < 24:
        return "灰色" if max(r, g, b) > 40 else "近黑色"
    if b >= r and b >= g:
        return "蓝色"
    if r >= g and r >= b:
        return "红色" if g < 0.6 * r else "橙黄色"
    return "绿色"


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
    if prop == "color":
        accepted = {c.upper() for c in options.get("colors") or ["auto", "000000"]}
        if (value or "auto").upper() in accepted:
            return None, None
        return "color", color_text(value)
    expected = options.get(prop)
    if expected is None or bool(value) == expected:
        return None, None
    yes, no = _FLAG_TEXT[prop]
    return prop, yes if value else no


def _expected(prop, options) -> str:
    if prop in ("east_asian", "latin"):
        return (options.get("fonts") or ["?"])[0]
    if prop == "size":
        return size_label(options.get("size_pt"))
    if prop == "color":
        accepted = [c.upper() for c in options.get("colors") or ["auto"]]
        if set(accepted) <= {"AUTO", "000000"}:
            return "黑色"
        return "或".join(color_text(c) for c in accepted)
    yes, no = _FLAG_TEXT[prop]
    return yes if options.get(prop) else no


def check(report, rule):
    view = layout_view(report)
    if view is None:
        return
    options = rule.options
    prop = options["property"]
    weight = _WEIGHT[prop]
    attr = ATTRIBUTE[prop]
    min_chars = max(1, options.get("min_chars") or 1)
    get = attrgetter(attr)
    slot = _SLOT[weight]
    verdicts: dict = {}  # property value -> (defect kind, detail): judged once per value

    def verdict_of(value):
        verdict = verdicts.get(value)
        if verdict is None:
            key, actual = judge(prop, value, options)
            verdict = verdicts[value] = (key, {"actual": actual})
        return verdict

    found = []  # (position in the document, item) of each part with a defect
    for role in set(options["roles"]):
        uniform, mixed = view.parts_by_props(role)
        for props, members in uniform.values():
            verdict = None
            for position, part, counts in members:
                if counts[slot] < min_chars:
                    continue
                if verdict is None:
                    verdict = verdict_of(get(props))
                    if verdict[0] is None:
                        break  # these properties are right: none of their parts is reported
                found.append((position, (part.block, verdict[0], verdict[1], part.block, part.role)))
        for position, part in mixed:
            value, _, total = dominant_in_tally(part.tally(weight), get)
            if total >= min_chars:
                verdict = verdict_of(value)
                if verdict[0] is not None:
                    found.append((position, (part.block, verdict[0], verdict[1], part.block, part.role)))
    found.sort(key=_POSITION)
    items = [item for _, item in found]
    expected = _expected(prop, options)
    yield from emit(report, rule, group_runs(items),
                    lambda run: {"actual": run.detail["actual"], "expected": expected})
