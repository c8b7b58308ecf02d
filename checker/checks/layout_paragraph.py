"""Paragraph layout of each role: alignment, line spacing, first-line indent."""

from checker.layout.formatting import ALIGNMENT_NAMES, TWIPS_PER_PT, grid_line_points
from checker.layout.view import ROLES, emit, group_runs, layout_view
from checker.checks.base import Option

NAME = "layout-paragraph"
DESCRIPTION = "段落对齐方式、行距（固定值范围）、首行缩进与左缩进（按字符计）、段前段后间距、段落边框和底纹"
OPTIONS = {
    "roles": Option(list, required=True, items=str, choices=ROLES,
                    help="检查哪些段落：title heading1 heading2 heading3 heading4 body addressee signature"),
    "property": Option(str, required=True, choices=("alignment", "line_spacing", "indent", "spacing", "border"),
                       help="alignment 对齐、line_spacing 行距、indent 首行缩进和左缩进、spacing 段前段后间距、"
                            "border 段落边框和底纹（含样式继承的）"),
    "space_max_pt": Option((int, float), default=0, help="段前、段后间距的上限（磅）"),
    "before_max_pt": Option((int, float), help="段前间距的上限（磅），不写则同 space_max_pt（如署名前空一行）"),
    "alignments": Option(list, default=[], items=str, choices=("left", "center", "right", "justify"),
                         help="可接受的对齐方式，第一个用于提示和修复"),
    "line_rule": Option(str, default="exact", choices=("exact", "atLeast", "auto"), help="行距类型（exact 为固定值）"),
    "line_min_pt": Option((int, float), help="行距下限（磅，不含）"),
    "line_max_pt": Option((int, float), help="行距上限（磅，含）"),
    "line_target_pt": Option((int, float), help="建议和修复使用的行距（磅）"),
    "accept_grid": Option(bool, default=True,
                          help="单倍等行距对齐文档网格（w:docGrid 行距）时，按网格行距判断"),
    "over_max_severity": Option(str, choices=("error", "warning", "info"),
                                help="行距类型正确但超过上限时改用的严重程度"),
    "first_line_chars": Option((int, float), help="首行缩进字符数"),
    "left_chars": Option((int, float), help="左缩进字符数（回行顶格为 0），不写则不检查"),
    "tolerance_chars": Option((int, float), default=0.25, help="缩进允许误差（字符）"),
    "char_pt": Option((int, float), default=16, help="一个字的宽度（磅），把以磅计的缩进折算为字符"),
}

_RULE_NAMES = {"exact": "固定值", "atLeast": "最小值"}


def line_text(layout, unset: str = "单倍行距（未设置）") -> str:
    if layout.line is None:
        return unset
    if layout.line_rule == "auto":
        times = layout.line / 240
        return "单倍行距" if abs(times - 1) < 0.01 else f"{times:g}倍行距"
    return f"{_RULE_NAMES.get(layout.line_rule, layout.line_rule)}{layout.line / TWIPS_PER_PT:g}磅"


def judge_line(layout, options, pitch, size):
    """(defect kind or None, actual text, over the maximum) for a paragraph's line spacing."""
    rule = options.get("line_rule") or "exact"
    grid = grid_line_points(layout, pitch, size) if options.get("accept_grid", True) else None
    if grid is not None:
        points = grid
        text = f"{line_text(layout, '单倍行距')}（文档网格每行{grid:g}磅）"
    elif layout.line_rule != rule or layout.line is None:
        return "line", line_text(layout), False
    else:
        points = layout.line / TWIPS_PER_PT
        text = line_text(layout)
    low, high = options.get("line_min_pt"), options.get("line_max_pt")
    if low is not None and points <= low:
        return "line", text, False
    if high is not None and points > high:
        return "line-over", text, True
    return None, None, False


def _chars(layout, which, options, size):
    """An indent in characters, measured with the paragraph's own font size and with
    ``char_pt`` (indents given in character units read the same either way)."""
    return [layout.indent_chars(which, size), layout.indent_chars(which, options.get("char_pt") or 16)]


def indent_text(first: float, left: float | None, always_left: bool = False) -> str:
    if first < 0:
        text = f"悬挂缩进{-first:g}字符"
    else:
        text = f"首行缩进{first:g}字符"
    if left or (always_left and left is not None):
        text += f"、左缩进{left:g}字符"
    return text


def judge_indent(layout, options, size):
    """(defect kind or None, actual text) for a paragraph's first-line and left indents."""
    tol = options.get("tolerance_chars") or 0.25
    want_first, want_left = options.get("first_line_chars"), options.get("left_chars")
    firsts = _chars(layout, "first", options, size)
    lefts = _chars(layout, "left", options, size)
    ok_first = want_first is None or any(abs(v - want_first) <= tol for v in firsts)
    ok_left = want_left is None or any(abs(v - want_left) <= tol for v in lefts)
    if ok_first and want_first is not None and layout.first_twips is not None:
        # characters and twips written side by side must agree: programs that ignore
        # character units (LibreOffice before 24.2) show the twips
        shown = [layout.first_twips / (unit * TWIPS_PER_PT) for unit in (size, options.get("char_pt") or 16) if unit]
        if shown and not any(abs(v - want_first) <= tol for v in shown):
            return "indent", (f"首行缩进写作{firstch(layout):g}字符，又写作{layout.first_twips / TWIPS_PER_PT:g}磅"
                              f"（约{shown[0]:.1f}字符），不同软件显示不同")
    if ok_first and ok_left:
        return None, None
    first = round(firsts[1] if want_first is None else min(firsts, key=lambda v: abs(v - want_first)), 1)
    left = round(lefts[1] if want_left is None else min(lefts, key=lambda v: abs(v - want_left)), 1)
    return "indent", indent_text(first, left if want_left is not None else None)


def space_text(before: float, after: float) -> str:
    parts = []
    if before:
        parts.append(f"段前{before:g}磅")
    if after:
        parts.append(f"段后{after:g}磅")
    return "、".join(parts) or "段前段后0磅"


def judge_spacing(layout, options, pitch_points: float = 12.0):
    """(defect kind or None, actual text) for the space before and after a paragraph."""
    before, after = spacing_over(layout, options, pitch_points)
    if not before and not after:
        return None, None
    return "spacing", space_text(round(layout.space_points("before", pitch_points), 1),
                                 round(layout.space_points("after", pitch_points), 1))


def spacing_over(layout, options, pitch_points: float = 12.0) -> tuple[bool, bool]:
    """Whether the space before / after exceeds ``space_max_pt`` (by more than 0.05 pt)."""
    limit = (options.get("space_max_pt") or 0) + 0.05
    before = options.get("before_max_pt")
    before = limit if before is None else before + 0.05
    return layout.space_points("before", pitch_points) > before, layout.space_points("after", pitch_points) > limit


BORDER_NAMES = {"top": "上", "left": "左", "bottom": "下", "right": "右", "between": "段间", "bar": "竖线"}


def judge_border(layout, options=None):
    """(defect kind or None, actual text) for paragraph borders and shading."""
    parts = []
    if layout.borders:
        parts.append("有" + "、".join(BORDER_NAMES[s] for s in layout.borders) + "边框线")
    if layout.shading:
        parts.append(f"有底纹（{layout.shading}）")
    if not parts:
        return None, None
    return "border", "，".join(parts)


def firstch(layout) -> float:
    value = layout.first_line
    return value[1] / 100 if value and value[0] == "chars" else 0.0


def judge_alignment(layout, options):
    accepted = options.get("alignments") or []
    if not accepted or layout.alignment in accepted:
        return None, None
    return "alignment", ALIGNMENT_NAMES.get(layout.alignment, layout.alignment)


def expected_text(options) -> str:
    prop = options["property"]
    if prop == "alignment":
        return "或".join(ALIGNMENT_NAMES[a] for a in options.get("alignments") or []) or "?"
    if prop == "spacing":
        limit = options.get("space_max_pt") or 0
        before = options.get("before_max_pt")
        text = "段前段后0磅" if not limit else f"段前段后不超过{limit:g}磅"
        if before is not None and before != limit:
            text = f"段前不超过{before:g}磅、段后{limit:g}磅"
        return text
    if prop == "border":
        return "无边框线和底纹"
    if prop == "line_spacing":
        rule = _RULE_NAMES.get(options.get("line_rule") or "exact", options.get("line_rule"))
        target = options.get("line_target_pt")
        low, high = options.get("line_min_pt"), options.get("line_max_pt")
        text = f"{rule}{target:g}磅" if target is not None else rule
        if low is not None and high is not None:
            text += f"（大于{low:g}磅、不超过{high:g}磅）"
        return text
    return indent_text(options.get("first_line_chars") or 0, options.get("left_chars"), always_left=True)


def check(report, rule):
    view = layout_view(report)
    if view is None:
        return
    options = rule.options
    prop = options["property"]
    char_pt = options.get("char_pt") or 16
    verdicts: dict = {}  # what a verdict depends on -> (defect kind, detail): judged once each
    items = []
    sections = view.sections if prop in ("spacing", "border", "line_spacing") else ()
    only = sections[0] if len(sections) == 1 else None  # the section of every paragraph
    for para in view.paragraphs_for(options["roles"]):
        layout = para.layout
        if prop == "alignment":
            signature = layout.alignment
        elif prop in ("spacing", "border"):
            section = only or view.section_of(para.block)
            pitch = section.grid_pitch if section else None
            signature = (tuple(sorted(layout.space.items())), layout.borders, layout.shading,
                         pitch / TWIPS_PER_PT if pitch else 12.0)
        elif prop == "line_spacing":
            section = only or view.section_of(para.block)
            signature = (layout.line, layout.line_rule, layout.snap_to_grid,
                         section.grid_pitch if section else None, layout.font_size or 16)
        else:
            signature = (layout.first_line, layout.left, layout.font_size or char_pt, layout.first_twips)
        verdict = verdicts.get(signature)
        if verdict is None:
            over = False
            if prop == "alignment":
                key, actual = judge_alignment(layout, options)
            elif prop == "spacing":
                key, actual = judge_spacing(layout, options, signature[3])
            elif prop == "border":
                key, actual = judge_border(layout)
            elif prop == "line_spacing":
                key, actual, over = judge_line(layout, options, signature[3], signature[4])
            else:
                key, actual = judge_indent(layout, options, signature[2])
            verdict = verdicts[signature] = (key, {"actual": actual, "over": over})
        if verdict[0] is not None:
            items.append((para.block, verdict[0], verdict[1], para.block, para.role))
    expected = expected_text(options)
    over_severity = options.get("over_max_severity")
    yield from emit(report, rule, group_runs(items),
                    lambda run: {"actual": run.detail["actual"], "expected": expected},
                    severity=lambda run: over_severity if run.detail["over"] and over_severity else None)
