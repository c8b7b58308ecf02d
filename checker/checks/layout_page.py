"""Page size and margins of every section of the document."""

from checker.layout.formatting import TWIPS_PER_MM
from checker.layout.view import emit, group_runs, layout_view, section_range
from checker.checks.base import Option

NAME = "layout-page"
DESCRIPTION = "每一节的纸张大小和页边距（毫米，允许误差）"
SIDES = ("top", "bottom", "left", "right")
SIDE_NAMES = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
OPTIONS = {
    "property": Option(str, required=True, choices=("size", "margins", "grid"),
                       help="size 纸张大小、margins 页边距、grid 文档网格（每页行数、每行字数）"),
    "lines_per_page": Option(int, default=22, help="文档网格每页应排的行数"),
    "chars_per_line": Option(int, default=28, help="字符网格每行应排的字数"),
    "width_mm": Option((int, float), default=210, help="纸张宽度（毫米）"),
    "height_mm": Option((int, float), default=297, help="纸张高度（毫米）"),
    "size_tolerance_mm": Option((int, float), default=1, help="纸张尺寸允许误差（毫米）"),
    "allow_landscape": Option(bool, default=True, help="允许横向页面（如横排表格，GB/T 9704 第8章）"),
    "missing_severity": Option(str, choices=("error", "warning", "info"),
                               help="文件没有写纸张大小（由 Word/WPS 的默认设置决定）时改用的严重程度"),
    "margins_mm": Option(dict, default={}, items=(int, float), help="页边距（毫米）：top bottom left right"),
    "tolerance_mm": Option(dict, default={}, items=(int, float), help="各边允许误差（毫米）"),
}


def _mm(twips):
    return None if twips is None else twips / TWIPS_PER_MM


def _fmt(value) -> str:
    return "未设置" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def landscape_margins(margins: dict) -> dict:
    """Portrait margins turned for a landscape page: the binding edge moves to the top."""
    return {"top": margins.get("left"), "bottom": margins.get("right"),
            "left": margins.get("bottom"), "right": margins.get("top")}


def judge_size(section, options):
    """(defect kind or None, actual text) for a section's paper size."""
    w, h = _mm(section.width), _mm(section.height)
    want_w, want_h = options["width_mm"], options["height_mm"]
    tol = options["size_tolerance_mm"]
    if w is None or h is None:
        return "size-missing", "未设置（由 Word/WPS 的默认设置决定）"
    shapes = [(want_w, want_h)]
    if options.get("allow_landscape", True):
        shapes.append((want_h, want_w))
    if any(abs(w - a) <= tol and abs(h - b) <= tol for a, b in shapes):
        return None, None
    return "size", f"{_fmt(w)}×{_fmt(h)}毫米"


def judge_margins(section, options):
    """(defect kind or None, actual text) for a section's margins."""
    want = dict(options.get("margins_mm") or {})
    tols = options.get("tolerance_mm") or {}
    if section.landscape and options.get("allow_landscape", True):
        want = landscape_margins(want)
        tols = landscape_margins(tols)
    bad = []
    for side in SIDES:
        target = want.get(side)
        if target is None:
            continue
        actual = section.margin_mm(side)
        tol = tols.get(side) or 0
        if actual is None or abs(actual - target) > tol + 0.05:
            bad.append((side, actual, target, tol))
    if not bad:
        return None, None
    if all(a is None for _, a, _, _ in bad):
        return "margins", "未设置（由 Word/WPS 的默认设置决定）"
    text = "、".join(f"{SIDE_NAMES[s]}{_fmt(a)}毫米" if a is not None else f"{SIDE_NAMES[s]}未设置" for s, a, _, _ in bad)
    return "margins", text


def grid_counts(section, base_pt: float) -> tuple[int | None, int | None]:
    """(lines a page, characters a line) the section's document grid gives; None where the
    grid does not set it (no line grid; no character grid) or the page setup is incomplete.
    ``base_pt``: the default paragraph style's font size, from which ``charSpace`` counts."""
    area = section.type_area_points()
    if area is None or not section.grid_type:
        return None, None
    width, height = area
    lines = chars = None
    if section.grid_pitch:
        lines = int(height / (section.grid_pitch / 20) + 1e-6)
    if section.grid_type in ("linesAndChars", "snapToChars"):
        pitch = base_pt + (section.char_space or 0) / 4096
        if pitch > 0:
            chars = int(width / pitch + 1e-6)
    return lines, chars


def judge_grid(section, options, base_pt: float = 10.5):
    """(defect kind or None, actual text) for a section's document grid."""
    if section.landscape and options.get("allow_landscape", True):
        return None, None  # a landscape table page (GB/T 9704 chapter 8) has its own line count
    lines, chars = grid_counts(section, base_pt)
    parts = []
    if lines is not None and lines != options.get("lines_per_page", 22):
        parts.append(f"文档网格每页{lines}行（网格行距{section.grid_pitch / 20:g}磅）")
    if chars is not None and chars != options.get("chars_per_line", 28):
        parts.append(f"字符网格每行{chars}字")
    if not parts:
        return None, None
    return "grid", "，".join(parts)


def expected_text(options) -> str:
    if options["property"] == "grid":
        return f"每页{options.get('lines_per_page', 22)}行、每行{options.get('chars_per_line', 28)}字"
    if options["property"] == "size":
        return f"{_fmt(options['width_mm'])}×{_fmt(options['height_mm'])}毫米"
    want = options.get("margins_mm") or {}
    tols = options.get("tolerance_mm") or {}
    parts = []
    for side in SIDES:
        if side in want:
            tol = tols.get(side)
            parts.append(f"{SIDE_NAMES[side]}{_fmt(want[side])}" + (f"±{_fmt(tol)}" if tol else ""))
    return "、".join(parts) + "毫米"


def check(report, rule):
    view = layout_view(report)
    if view is None:
        return
    options = rule.options
    if options["property"] == "grid":
        fmt = view.fmt
        base = fmt.style_props(fmt.default_paragraph).size if fmt.default_paragraph else 10

        def judge(section, options):
            return judge_grid(section, options, base)
    else:
        judge = judge_size if options["property"] == "size" else judge_margins
    sections = view.sections
    items = []
    for section in sections:
        key, actual = judge(section, options)
        items.append((section.number, key, {"actual": actual}, section.first_block, None))
    runs = group_runs(items)
    for run in runs:
        if run.anchor is None and report.document.blocks:
            run.anchor = report.document.blocks[0].index
    expected = expected_text(options)
    missing = options.get("missing_severity")
    yield from emit(report, rule, runs, lambda run: {
        "actual": run.detail["actual"], "expected": expected, "where": section_range(run, len(sections))},
        severity=lambda run: missing if missing and run.key == "size-missing" else None, unit_blocks=False)
