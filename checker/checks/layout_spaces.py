"""Spaces typed to lay text out: an indent made of spaces, runs of spaces inside a paragraph,
spaces between Chinese characters. Judged on the paragraph's text as the runs hold it (the
reader trims paragraph ends); reported, never changed by ``fazhi format``."""

from functools import lru_cache

from checker import regexcache
from checker.layout.view import ROLES, emit, group_runs, layout_view
from checker.checks.base import Option

NAME = "layout-spaces"
DESCRIPTION = "用空格排版：段首空格代替缩进、段中连续空格、汉字之间的空格"
OPTIONS = {
    "roles": Option(list, required=True, items=str, choices=ROLES, help="检查哪些段落"),
    "property": Option(str, required=True, choices=("indent", "double", "between_chinese"),
                       help="indent 段首空格、double 段中连续空格、between_chinese 汉字之间的空格"),
    "min_spaces": Option(int, default=2, help="double：连续多少个空格算作问题"),
}

_SPACE = "[ \t\u3000\u00a0]"
_LEADING = regexcache.compile(f"^{_SPACE}+(?=\\S)")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_BETWEEN = regexcache.compile(f"(?<=[{_CJK}]){_SPACE}+(?=[{_CJK}])")
_ANY_SPACE = regexcache.compile(_SPACE)
_NAMES = {" ": "半角空格", "\u3000": "全角空格", "\u00a0": "不间断空格", "\t": "制表符"}


def _describe(spaces: str) -> str:
    kinds = []
    for ch in spaces:
        name = _NAMES.get(ch, "空格")
        if name not in kinds:
            kinds.append(name)
    return f"{len(spaces)}个{'、'.join(kinds)}"


@lru_cache(maxsize=8)
def _double(count: int):
    return regexcache.compile(f"(?<=\\S)[ \u00a0]{{{count},}}(?=\\S)")


def judge(text: str, prop: str, min_spaces: int = 2):
    """(defect kind or None, actual text) for one paragraph's text."""
    if prop == "indent":
        m = _LEADING.match(text)
        return ("indent", f"段首有{_describe(m.group(0))}") if m else (None, None)
    if prop == "double":
        body = text.strip()
        m = _double(max(2, min_spaces)).search(body)
        return ("double", "段中有连续空格") if m else (None, None)
    m = _BETWEEN.search(text)
    return ("between", "汉字之间有空格") if m else (None, None)


def check(report, rule):
    view = layout_view(report)
    if view is None:
        return
    options = rule.options
    prop = options["property"]
    min_spaces = options.get("min_spaces") or 2
    items = []
    for para in view.paragraphs_for(options["roles"]):
        text = para.text
        if not _ANY_SPACE.search(text):
            continue  # no space of any kind: nothing to judge
        if prop == "indent" and para.layout.alignment == "right":
            text = text.lstrip()  # spaces before right-aligned text move nothing
        key, actual = judge(text, prop, min_spaces)
        if key is not None:
            items.append((para.block, key, {"actual": actual}, para.block, para.role))
    yield from emit(report, rule, group_runs(items), lambda run: {"actual": run.detail["actual"]})
