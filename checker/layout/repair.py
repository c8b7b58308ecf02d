"""``fazhi format``: rewrite the layout of a .docx to a format pack, text untouched.

What is rewritten (targets come from the pack's enabled layout rules, so a house style is a
YAML change): page size and margins of every section; title, headings, body and signature
(East-Asian font via ``w:rFonts w:eastAsia``, size, bold where the pack asks, alignment,
exact line spacing, first-line indent) — in the paragraph styles used only by one kind of
paragraph, and as direct formatting where a paragraph or run still differs; the page-number
footer ("— PAGE —" with a real PAGE field). A run-in heading's run is split at the end of
its heading sentence so the heading and the text after it can carry different fonts.

What is never touched: the characters of the text, comments, tracked changes (``w:ins`` /
``w:del`` and their content), tables, headers. A before/after comparison of every body
paragraph's text and of the revision and comment marks guards this; the input file is
never written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from checker import checks
from checker.atomic import ensure_writable, write_bytes
from checker.read.document import input_kind, read_document
from checker.errors import FazhiError, InputError, UsageError
from checker.checks import layout_font, layout_page, layout_paragraph
from checker.layout.formatting import TWIPS_PER_MM, TWIPS_PER_PT, count_chars, dominant
from checker.layout.pagenumbers import dangling_references, number_footers
from checker.layout import stories
from checker.layout.schema import normalize_package
from checker.layout.sections import read_sections, section_elements
from checker.layout.edit import (PPR_ORDER, SECTPR_ORDER, clear_borders, clear_shading, get_or_add, page_number_paragraph,
                                 ppr_of, rpr_of, set_alignment, set_attrs, set_bold, set_color, set_east_asian,
                                 set_flag, set_indent, set_latin, set_line, set_size, set_space, set_underline,
                                 split_run, splittable, style_child)
from checker.layout.view import HEADING_ROLES, ROLE_NAMES, LayoutView, forget_view
from checker.read.ooxml import W
from checker.packs.loader import analysis_model, load_pack
from checker.read.docx import paragraph_text
from checker.analysis.report import analyze, model_for

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class RoleTargets:
    """The enabled rules that judge one role: property -> that rule's options."""

    fonts: dict = field(default_factory=dict)  # east_asian | latin | size | bold
    paragraph: dict = field(default_factory=dict)  # alignment | line_spacing | indent

    @property
    def size(self) -> float | None:
        options = self.fonts.get("size")
        return float(options["size_pt"]) if options and options.get("size_pt") is not None else None


@dataclass
class Targets:
    """What the pack's enabled layout rules ask for; the repair changes exactly what they reject."""

    roles: dict = field(default_factory=dict)  # role -> RoleTargets
    page: dict = field(default_factory=dict)  # "size" / "margins" -> rule options
    page_number: dict = field(default_factory=dict)  # template, size_pt, font, position
    signature_alignment: str | None = None
    rules: list = field(default_factory=list)  # the pack's enabled layout rules

    @classmethod
    def from_pack(cls, pack) -> "Targets":
        t = cls()
        for rule in pack.rules.values():
            if not rule.enabled or not rule.check.startswith("layout-"):
                continue
            t.rules.append(rule)
            o = rule.options
            prop = o.get("property")
            if rule.check == "layout-page":
                t.page.setdefault(prop, o)
            elif rule.check in ("layout-font", "layout-paragraph"):
                for role in o["roles"]:
                    rt = t.roles.setdefault(role, RoleTargets())
                    table = rt.fonts if rule.check == "layout-font" else rt.paragraph
                    table.setdefault(prop, o)  # the first rule for a role and property wins
            elif rule.check == "layout-page-number":
                pn = t.page_number
                if prop in ("present", "form"):
                    pn.setdefault("template", o.get("template") or "— PAGE —")
                elif prop == "size":
                    pn["size_pt"] = o["size_pt"]
                elif prop == "font" and o.get("fonts"):
                    pn["font"] = o["fonts"][0]
                elif prop == "position" and o.get("positions"):
                    pn["position"] = o["positions"][0]
            elif rule.check == "layout-signature" and prop == "position" and o.get("alignments"):
                t.signature_alignment = o["alignments"][0]
        if not t.rules:
            raise UsageError(f"规则包“{pack.id}”没有版式规则，不能用于 fazhi format")
        return t


def _line_target(options) -> float | None:
    if options.get("line_target_pt") is not None:
        return float(options["line_target_pt"])
    low, high = options.get("line_min_pt"), options.get("line_max_pt")
    if high is not None:
        return float(high)
    return float(low) + 1 if low is not None else None


# -- text guard -------------------------------------------------------------------------------
def snapshot(docx_document) -> dict:
    """What the repair must leave exactly as it was, story by story (see
    :func:`checker.layout.stories.snapshot`)."""
    return stories.snapshot(docx_document)


# -- the repair -------------------------------------------------------------------------------
class Repair:
    def __init__(self, document, report, targets: Targets):
        self.document = document
        self.doc = document.docx
        self.report = report
        self.targets = targets
        self.messages: list[str] = []

    def run(self) -> list[str]:
        body = self.doc.element.body
        if not section_elements(body):
            body.get_or_add_sectPr()  # a document without page setup gets one to carry the repair
        self.split_run_in_headings()
        self.fix_sections()
        self.fix_styles()
        self.fix_paragraphs()
        self.fix_page_numbers()
        return self.messages

    # -- page setup --------------------------------------------------------------------------
    def fix_sections(self) -> None:
        size_rule, margin_rule = self.targets.page.get("size"), self.targets.page.get("margins")
        if size_rule or margin_rule:
            self._fix_page_setup(size_rule, margin_rule)
        if self.targets.page.get("grid"):
            self._fix_grid(self.targets.page["grid"])

    def _fix_grid(self, options) -> None:
        """A line grid as far apart as the body lines (so every program puts 22 lines on a
        page); a character grid giving 28 characters a line. A section without a grid keeps
        none."""
        fmt = LayoutView(self.report).fmt
        base = fmt.style_layout(fmt.default_paragraph)[0].size if fmt.default_paragraph else 10
        line_rule = next((rt.paragraph["line_spacing"] for rt in self.targets.roles.values()
                          if "line_spacing" in rt.paragraph), None)
        target = _line_target(line_rule) if line_rule else None
        fixed = 0
        for section in read_sections(self.doc, {}):
            if not layout_page.judge_grid(section, options, base)[0]:
                continue
            area = section.type_area_points()
            grid = get_or_add(section.sect_pr, "docGrid", SECTPR_ORDER)
            lines, chars = layout_page.grid_counts(section, base)
            if lines is not None and lines != options.get("lines_per_page", 22):
                pitch = target or area[1] / options.get("lines_per_page", 22)
                grid.set(W + "linePitch", str(int(round(pitch * TWIPS_PER_PT))))
            if chars is not None and chars != options.get("chars_per_line", 28):
                pitch = area[0] / options.get("chars_per_line", 28) - 0.01  # a hair under, so 28 fit
                grid.set(W + "charSpace", str(int((pitch - base) * 4096)))
            fixed += 1
        if fixed:
            self.messages.append(f"文档网格：已调整{fixed}节，每页{options.get('lines_per_page', 22)}行"
                                 f"（与正文行距一致），字符网格每行{options.get('chars_per_line', 28)}字")

    def _fix_page_setup(self, size_rule, margin_rule) -> None:
        block_of = {b.element: b.index for b in self.document.blocks if b.element is not None}
        changed = 0
        for section in read_sections(self.doc, block_of):
            sect = section.sect_pr
            allow = (size_rule or margin_rule).get("allow_landscape", True)
            landscape = allow and section.landscape and section.width is not None
            if size_rule and layout_page.judge_size(section, size_rule)[0]:
                pg = get_or_add(sect, "pgSz", SECTPR_ORDER)
                w, h = size_rule["width_mm"], size_rule["height_mm"]
                long_side, short_side = _twips(max(w, h)), _twips(min(w, h))
                if landscape:
                    set_attrs(pg, w=long_side, h=short_side, orient="landscape")
                else:
                    set_attrs(pg, w=short_side, h=long_side, orient=None)
                changed += 1
            if margin_rule and layout_page.judge_margins(section, margin_rule)[0]:
                want = dict(margin_rule.get("margins_mm") or {})
                if landscape:
                    want = layout_page.landscape_margins(want)
                mar = get_or_add(sect, "pgMar", SECTPR_ORDER)
                for side, mm in want.items():
                    if mm is not None:
                        mar.set(W + side, str(_twips(mm)))
                mar.set(W + "gutter", "0")
                for side, default in (("header", 851), ("footer", 992)):
                    if mar.get(W + side) is None:
                        mar.set(W + side, str(default))
                changed += 1
        if changed:
            parts = []
            if size_rule:
                parts.append(f"纸张{size_rule['width_mm']:g}×{size_rule['height_mm']:g}毫米")
            if margin_rule:
                m = margin_rule.get("margins_mm") or {}
                parts.append("页边距" + "、".join(f"{n}{m[k]:g}" for k, n in (("top", "上"), ("bottom", "下"),
                                                                             ("left", "左"), ("right", "右")) if k in m) + "毫米")
            self.messages.append(f"页面设置：已按{'，'.join(parts)}调整")

    # -- run-in headings ---------------------------------------------------------------------
    def split_run_in_headings(self) -> None:
        """Make the heading sentence of a run-in heading end on a run boundary."""
        view = LayoutView(self.report)
        split = 0
        for i, part in enumerate(view.parts[:-1]):
            nxt = view.parts[i + 1]
            if part.role not in HEADING_ROLES or nxt.block != part.block or not part.spans or not nxt.spans:
                continue
            last, first = part.spans[-1], nxt.spans[0]
            if last.run is not first.run or last.run.tag != W + "r" or not splittable(last.run):
                continue
            offset = sum(len(s.text) for s in part.spans if s.run is last.run)
            if split_run(last.run, offset) is not None:
                split += 1
        if split:
            self.messages.append(f"段中标题：{split}处标题句与其后正文拆成不同的文字块，以便分别设置字体")

    # -- styles --------------------------------------------------------------------------------
    def fix_styles(self) -> None:
        """Bring paragraph styles used by one kind of paragraph only (and by no other
        paragraph, table cell, header, footer, footnote or comment; not the base of another
        style) to the targets."""
        view = LayoutView(self.report)
        fmt = view.fmt
        run_in = {p.block for p in view.parts if p.role == "body" and view.roles.get(p.block) in HEADING_ROLES}
        # a run-in heading's style also carries body text: never a single-role style
        role_of_element = {self.report.block(i).element: (f"{r}+body" if i in run_in else r)
                           for i, r in view.roles.items()}
        usage: dict = {}
        for p in self.doc.element.body.iter(W + "p"):
            usage.setdefault(fmt.paragraph_style(p), set()).add(role_of_element.get(p, "other"))
        for _, kind, root in stories.story_parts(self.doc):
            if kind != "document":  # a style headers or footnotes use too must keep their look
                for p in root.iter(W + "p"):
                    usage.setdefault(fmt.paragraph_style(p), set()).add(kind)
        based = {st.based_on for st in fmt.styles.values() if st.based_on}
        by_id = {st.get(W + "styleId"): st for st in self.doc.styles.element.findall(W + "style")}
        pitch = view.sections[-1].grid_pitch if view.sections else None
        fixed = []
        for sid, roles in usage.items():
            if sid is None or len(roles) != 1 or sid in based or sid == fmt.default_paragraph or sid not in by_id:
                continue
            role = next(iter(roles))
            target = self.targets.roles.get(role)
            if target is None or role == "signature":
                continue
            props, layout = fmt.style_layout(sid)
            element = by_id[sid]
            before = _xml(element)
            self._fix_props(lambda: style_child(element, "rPr"), props, target)
            self._fix_layout(lambda: style_child(element, "pPr"), layout, props.size, pitch, role, target)
            if _xml(element) != before:
                fixed.append(fmt_name(element))
        if fixed:
            self.messages.append(f"样式：已调整{len(fixed)}个样式（{'、'.join(fixed[:6])}{'等' if len(fixed) > 6 else ''}）")

    def _fix_props(self, get_rpr, props, target: RoleTargets) -> bool:
        """Set on ``get_rpr()`` each run property the role's rules reject."""
        changed = False
        for prop, options in target.fonts.items():
            key, _ = layout_font.judge(prop, getattr(props, layout_font.ATTRIBUTE[prop]), options)
            if key is None:
                continue
            rpr = get_rpr()
            if prop == "east_asian":
                set_east_asian(rpr, options["fonts"][0])
            elif prop == "latin":
                set_latin(rpr, options["fonts"][0])
            elif prop == "size":
                set_size(rpr, float(options["size_pt"]))
            elif prop == "color":
                set_color(rpr, _repair_color(options))
            elif prop == "underline":
                set_underline(rpr, options["underline"])
            elif prop == "italic":
                set_flag(rpr, "i", options["italic"])
            else:
                set_bold(rpr, options["bold"])
            changed = True
        return changed

    def _fix_layout(self, get_ppr, layout, size, pitch, role, target: RoleTargets) -> None:
        """Set on ``get_ppr()`` each paragraph property the role's rules reject."""
        rules = target.paragraph
        if "alignment" in rules and layout_paragraph.judge_alignment(layout, rules["alignment"])[0]:
            set_alignment(get_ppr(), rules["alignment"]["alignments"][0])
        if "line_spacing" in rules:
            options = rules["line_spacing"]
            points = _line_target(options)
            if points is not None and layout_paragraph.judge_line(layout, options, pitch, size)[0]:
                set_line(get_ppr(), int(round(points * TWIPS_PER_PT)), options.get("line_rule") or "exact")
        if "spacing" in rules and layout_paragraph.judge_spacing(layout, rules["spacing"])[0]:
            before, after = layout_paragraph.spacing_over(layout, rules["spacing"])
            set_space(get_ppr(), before=before, after=after)
        if "border" in rules and layout_paragraph.judge_border(layout)[0]:
            if layout.borders:
                clear_borders(get_ppr(), layout.borders)
            if layout.shading:
                clear_shading(get_ppr())
        if "indent" in rules:
            options = rules["indent"]
            if options.get("first_line_chars") is not None and layout_paragraph.judge_indent(layout, options, size)[0]:
                chars, left = options["first_line_chars"], options.get("left_chars")
                unit = (target.size or options.get("char_pt") or 16) * TWIPS_PER_PT
                set_indent(get_ppr(), first_chars=chars, first_twips=chars * unit,
                           left_twips=None if left is None else left * unit)
        elif role == "title" and (layout.indent_chars("first", 16) or layout.indent_chars("left", 16)):
            set_indent(get_ppr(), first_chars=0, first_twips=0, left_twips=0)  # centred means no indent
        if role == "title" and pitch and layout.snap_to_grid:
            # a 22 pt title on a 28 pt line grid would take two grid lines a line (and a
            # character grid would spread its characters): the title keeps its own spacing
            set_attrs(get_or_add(get_ppr(), "snapToGrid", PPR_ORDER), val="0")

    # -- paragraphs and runs -----------------------------------------------------------------
    def fix_paragraphs(self) -> None:
        view = LayoutView(self.report)
        changed: dict[str, set] = {}
        for para in view.paragraphs_for(list(ROLE_NAMES)):
            target = self.targets.roles.get(para.role)
            p = para.layout.element
            before = _xml(p.find(W + "pPr"))
            section = view.section_of(para.block)
            pitch = section.grid_pitch if section else None
            # judged at the size the runs will have once repaired
            size = (target.size if target else None) or dominant(para.layout.spans, lambda props: props.size)[0] or 16
            if para.role == "signature":
                self._fix_signature(view, para, target or RoleTargets(), size, pitch)
            elif target is not None:
                self._fix_layout(lambda: ppr_of(p), para.layout, size, pitch, para.role, target)
            if _xml(p.find(W + "pPr")) != before:
                changed.setdefault(para.role, set()).add(para.block)
        for part in view.parts:
            target = self.targets.roles.get(part.role)
            if target is not None and self._fix_runs(part, target):
                changed.setdefault(part.role, set()).add(part.block)
        if changed:
            order = list(ROLE_NAMES)
            text = "、".join(f"{ROLE_NAMES[r]}{len(b)}段" for r, b in sorted(changed.items(), key=lambda kv: order.index(kv[0])))
            self.messages.append(f"段落：已调整{text}的字体、字号、行距、缩进或对齐")

    def _fix_runs(self, part, target: RoleTargets) -> bool:
        changed = False
        done = set()
        for span in part.spans:
            run = span.run
            if id(run) in done or run.tag != W + "r" or not span.text.strip():
                continue
            done.add(id(run))
            if self._fix_props(lambda r=run: rpr_of(r), span.props, target):
                changed = True
        return changed

    def _fix_signature(self, view, para, target: RoleTargets, size, pitch) -> None:
        """Line spacing as the body; issuer 右空二字 and the date's first character two
        characters right of the issuer's (GB/T 9704 7.3.5.2), by right alignment and right indents."""
        p = para.layout.element
        line_only = RoleTargets(paragraph={k: v for k, v in target.paragraph.items() if k in ("line_spacing", "spacing")})
        self._fix_layout(lambda: ppr_of(p), para.layout, size, pitch, "signature", line_only)
        alignment = self.targets.signature_alignment
        if alignment != "right":
            if alignment and para.layout.alignment != alignment:
                set_alignment(ppr_of(p), alignment)
            return
        issuer = view.issuer_block()
        date = self.report.meta.date_block
        char_pt = target.size or 16
        width_issuer = _width(self.report.block(issuer).text) if issuer else 0.0
        width_date = _width(self.report.block(date).text) if date else 0.0
        right_issuer = right_date = 2.0
        if issuer:
            right_date = right_issuer + width_issuer - width_date - 2
            if right_date < 2:
                right_date = 2.0
                right_issuer = right_date - width_issuer + width_date + 2
        chars = round(right_issuer if para.block == issuer else right_date, 2)
        layout = para.layout
        if (layout.alignment == "right" and layout.right is not None
                and abs(layout.indent_chars("right", char_pt) - chars) < 0.01
                and abs(layout.indent_chars("first", char_pt)) < 0.01 and abs(layout.indent_chars("left", char_pt)) < 0.01):
            return
        ppr = ppr_of(p)
        set_alignment(ppr, "right")
        set_indent(ppr, first_chars=0, first_twips=0, left_twips=0,
                   right_chars=chars, right_twips=chars * char_pt * TWIPS_PER_PT)

    # -- page numbers ------------------------------------------------------------------------
    def fix_page_numbers(self) -> None:
        """Page numbers in the footers (see :mod:`checker.layout.pagenumbers`): what the
        footers hold stays, sections keep their own footers."""
        pn = self.targets.page_number
        if not pn:
            return
        forget_view(self.report)
        module = checks.get("layout-page-number")
        rules = [r for r in self.targets.rules if r.check == "layout-page-number"]
        if not any(True for rule in rules for _ in module.check(self.report, rule)):
            return
        position = pn.get("position", "outside")
        template = pn.get("template", "— PAGE —")
        size = float(pn.get("size_pt", 14))
        font = pn.get("font")
        settings = self.doc.settings
        for sect in section_elements(self.doc.element.body):
            num_type = sect.find(W + "pgNumType")
            if num_type is not None and num_type.get(W + "fmt") not in (None, "decimal"):
                del num_type.attrib[W + "fmt"]  # "numberInDash" would print "- 1 -" inside our dashes
        switched = False
        if position in ("outside", "inside") and not settings.odd_and_even_pages_header_footer:
            settings.odd_and_even_pages_header_footer = True
            self._even_headers_follow_default()
            switched = True
        style_id = self._footer_style_id()
        side = int(round(size * TWIPS_PER_PT))  # 空一字: one character of the page number's size
        odd_align = {"outside": "right", "inside": "left"}.get(position, position)
        even_align = None
        if settings.odd_and_even_pages_header_footer:
            even_align = {"outside": "left", "inside": "right"}.get(position, position)

        def make(alignment):
            return page_number_paragraph(template, size_pt=size, font=font, alignment=alignment,
                                         side_indent_twips=side, style_id=style_id)

        done = number_footers(self.doc, make, odd_align, even_align, copy_even=switched)
        if not done["rebuilt"] and not done["added"]:
            return
        where = {"outside": "单页居右空一字、双页居左空一字", "center": "居中", "right": "居右", "left": "居左",
                 "inside": "单页居左、双页居右"}.get(position, position)
        self.messages.append(f"页码：已在页脚{'重建' if done['rebuilt'] and not done['added'] else '加入'}页码"
                             f"“{template.replace('PAGE', '1')}”（PAGE 域），{size:g}磅{font or ''}，{where}；"
                             f"页脚原有内容保留")

    def _footer_style_id(self) -> str | None:
        for st in self.doc.styles.element.findall(W + "style"):
            name = st.find(W + "name")
            if name is not None and (name.get(W + "val") or "").lower() == "footer":
                return st.get(W + "styleId")
        return None

    def _even_headers_follow_default(self) -> None:
        """Turning on different odd/even pages would leave even pages without the header:
        let even pages use the default header part."""
        for sect in section_elements(self.doc.element.body):
            refs = {r.get(W + "type") or "default": r for r in sect.findall(W + "headerReference")}
            if "default" in refs and "even" not in refs:
                even = etree.SubElement(sect, W + "headerReference")
                sect.remove(even)
                even.set(W + "type", "even")
                even.set(R_ID, refs["default"].get(R_ID))
                refs["default"].addnext(even)


def _repair_color(options) -> str:
    """The colour a repair writes: the first accepted plain colour (black for "auto")."""
    for value in options.get("colors") or ["000000"]:
        if value.lower() != "auto":
            return value.upper()
    return "000000"


def fmt_name(style) -> str:
    name = style.find(W + "name")
    return (name.get(W + "val") if name is not None else None) or style.get(W + "styleId") or "?"


def _xml(el) -> bytes:
    return b"" if el is None else etree.tostring(el)


def _story_name(part_name: str) -> str:
    name = part_name.rsplit("/", 1)[-1]
    for prefix, text in (("document", "正文"), ("header", "页眉"), ("footer", "页脚"), ("footnotes", "脚注"),
                         ("endnotes", "尾注"), ("comments", "批注")):
        if name.startswith(prefix):
            return text
    return name


def _twips(mm: float) -> int:
    return int(round(mm * TWIPS_PER_MM))


def _width(text: str) -> float:
    """Width of a line in characters: full-width characters 1, others half."""
    text = text.strip()
    ea, _, visible = count_chars(text)
    return ea + (visible - ea) / 2


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def format_document(src: Path, out: Path, pack: str = "gbt9704", force: bool = False) -> list[str]:
    """Write ``out``: ``src`` with its layout rewritten to ``pack``. Returns Chinese progress
    and summary lines. Raises InputError / UsageError / PackError with a Chinese reason."""
    src, out = Path(src), Path(out)
    if _same_file(src, out):
        raise UsageError(f"{out}：输出文件不能是输入文件本身（fazhi format 不修改原文件，请用 -o 指定另一个文件）")
    if input_kind(src) != "docx":
        raise UsageError(f"{src}：fazhi format 只能修复 .docx 文件（纯文本没有版式）")
    if out.suffix.lower() != ".docx" and str(out) != "-":  # "-" is standard output
        raise UsageError(f"{out}：输出文件的扩展名应为 .docx")
    ensure_writable(out, force)
    pack_obj = load_pack(pack)
    targets = Targets.from_pack(pack_obj)
    document = read_document(src, editable=True)
    report = analyze(document, model_for(analysis_model([pack_obj])))
    dangling = dangling_references(document.docx.part, document.docx.element.body)
    if dangling:
        raise InputError(src, f"{'、'.join(dangling[:3])}引用了文件中不存在的部件，文件已损坏，"
                              f"无法安全修复版式（可在 Word/WPS 中打开并另存后再试）")
    before = snapshot(document.docx)
    repair = Repair(document, report, targets)
    messages = repair.run()
    changed = stories.changed_stories(before, snapshot(document.docx))
    if changed:
        raise FazhiError(f"{src}：修复时发现{'、'.join(_story_name(n) for n in changed[:3])}的文字、图片或修订记录"
                         f"会被改动，已放弃写出（这是程序缺陷，请报告）")
    normalize_package(document.docx)
    buffer = io.BytesIO()
    document.docx.save(buffer)
    write_bytes(out, buffer.getvalue(), force)
    forget_view(report)
    remaining = [f for rule in targets.rules for f in checks.get(rule.check).check(report, rule)]
    if not messages:
        messages.append("版式已符合规则包要求，未作改动")
    messages.append("正文、页眉页脚、脚注尾注和批注的文字、图片及修订记录均未改动")
    if remaining:
        messages.append(f"仍有{len(remaining)}处需要手工处理：")
        for f in sorted(remaining, key=lambda f: f.sort_key()):
            where = f"第{f.location.block}段：" if f.location.block and not f.message.startswith("第") else ""
            messages.append(f"  {where}{f.message}")
    return messages


__all__ = ["format_document", "Targets", "snapshot"]
