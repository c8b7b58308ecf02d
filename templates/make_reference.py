"""Build templates/reference.docx: the styles and page setup that `fazhi new` uses.

The look of a generated report comes from this file (like pandoc's reference-doc): its
styles, page setup and footers are kept, its body is replaced. Open reference.docx in
Word or WPS, change a style (修改样式) and save to restyle every new report; or run
`fazhi new --reference 自己的.docx`.

GB/T 9704-2012 facts (../shared/docs/gbt9704.md): A4; margins top 37, bottom 35,
left 28, right 26 mm; title 2号 (22 pt) 方正小标宋简体 centred; body 3号 (16 pt)
仿宋_GB2312 with a two-character first-line indent; headings 黑体 / 楷体_GB2312 /
仿宋_GB2312; exact line spacing 28 pt (22 lines in the 225 mm type area); page number
"— 1 —" in 4号 (14 pt) 宋体 below the type area, odd pages right, even pages left, one
character in from the edge, via a real PAGE field.

Run:  python templates/make_reference.py [OUT]   (default: templates/reference.docx)
The output is byte-for-byte reproducible (fixed zip timestamps and core properties).
"""

from __future__ import annotations

import datetime as _dt
import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "reference.docx"

LINE = 560  # exact line spacing, twips (28 pt): 22 lines in 225 mm (27.73 < s <= 28.99 pt)
BODY_SZ = 32  # half-points: 3号 16 pt
TITLE_SZ = 44  # 2号 22 pt
PAGE_SZ = 28  # 4号 14 pt
CHAR = 320  # one 3号 character, twips (16 pt)
LATIN = "Times New Roman"

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

# name -> (based on, east-asian font, latin font, size, paragraph properties (ordered OOXML))
# Paragraph property order follows the schema: keepNext, pageBreakBefore, widowControl,
# snapToGrid, spacing, ind, contextualSpacing, jc, outlineLvl.
_SPACING = f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
_INDENT_2 = f'<w:ind w:firstLineChars="200" w:firstLine="{2 * CHAR}"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'

PARAGRAPH_STYLES = {
    "Normal": (None, FANGSONG, LATIN, BODY_SZ,
               f'<w:widowControl w:val="0"/>{_SPACING}{_INDENT_2}<w:jc w:val="both"/>'),
    "Title": ("Normal", XIAOBIAOSONG, XIAOBIAOSONG, TITLE_SZ,
              f'<w:keepNext/><w:spacing w:before="0" w:after="{LINE}" w:line="{LINE}" w:lineRule="exact"/>'
              f'{_NO_INDENT}<w:contextualSpacing/><w:jc w:val="center"/>'),
    "heading 1": ("Normal", HEITI, HEITI, BODY_SZ,
                  f'<w:keepNext/>{_SPACING}{_INDENT_2}<w:jc w:val="both"/><w:outlineLvl w:val="0"/>'),
    "heading 2": ("Normal", KAITI, KAITI, BODY_SZ,
                  f'<w:keepNext/>{_SPACING}{_INDENT_2}<w:jc w:val="both"/><w:outlineLvl w:val="1"/>'),
    "heading 3": ("Normal", FANGSONG, LATIN, BODY_SZ,
                  f'<w:keepNext/>{_SPACING}{_INDENT_2}<w:jc w:val="both"/><w:outlineLvl w:val="2"/>'),
    "heading 4": ("Normal", FANGSONG, LATIN, BODY_SZ,
                  f'<w:keepNext/>{_SPACING}{_INDENT_2}<w:jc w:val="both"/><w:outlineLvl w:val="3"/>'),
    # 发文机关署名: one blank line below the body, right-aligned, 右空二字 (7.3.5.2). The body's
    # first-line indent is kept: it does not move a right-aligned line, and a checker that takes
    # the block for body text (an unfilled date line) still finds the body's indent.
    "Signature": ("Normal", FANGSONG, LATIN, BODY_SZ,
                  f'<w:keepNext/><w:spacing w:before="{LINE}" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
                  f'<w:ind w:rightChars="200" w:right="{2 * CHAR}" w:firstLineChars="200" w:firstLine="{2 * CHAR}"/>'
                  '<w:jc w:val="right"/>'),
    # 成文日期: below the issuer, right-aligned, 右空四字 (7.3.5.1)
    "Date": ("Normal", FANGSONG, LATIN, BODY_SZ,
             f'{_SPACING}<w:ind w:rightChars="400" w:right="{4 * CHAR}" w:firstLineChars="200" w:firstLine="{2 * CHAR}"/>'
             '<w:jc w:val="right"/>'),
    "Table Text": ("Normal", FANGSONG, LATIN, BODY_SZ, f'{_SPACING}{_NO_INDENT}<w:jc w:val="center"/>'),
    "Table Heading": ("Normal", HEITI, HEITI, BODY_SZ,
                      f'<w:keepNext/>{_SPACING}{_NO_INDENT}<w:jc w:val="center"/>'),
    # page number: 4号 半角宋体, single spacing (outside the type area)
    "footer": ("Normal", SONGTI, SONGTI, PAGE_SZ,
               f'<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>{_NO_INDENT}'),
}

# Sample text for each style, so a user restyling the file in Word sees every role.
SAMPLES = [
    ("Title", "（标题）某某区人民政府"),
    ("Title", "2025年法治政府建设年度报告"),
    ("Normal", "（正文）三号仿宋_GB2312，首行缩进二字，固定行距28磅，每页22行。修改本段所用的“正文”样式即可改变生成报告的正文格式。"),
    ("heading 1", "一、（一级标题）黑体"),
    ("heading 2", "（一）（二级标题）楷体_GB2312"),
    ("heading 3", "1.（三级标题）仿宋_GB2312"),
    ("heading 4", "（1）（四级标题）仿宋_GB2312"),
    ("Signature", "（发文机关署名）某某区人民政府"),
    ("Date", "（成文日期）2026年3月20日"),
]

_FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def _rpr(east: str, latin: str, size: int) -> str:
    return (f'<w:rPr {nsdecls("w")}><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" '
            f'w:cs="{latin}" w:hint="eastAsia"/><w:b w:val="0"/><w:bCs w:val="0"/><w:i w:val="0"/>'
            f'<w:color w:val="000000"/><w:kern w:val="2"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')


def _replace_child(parent, tag: str, new) -> None:
    old = parent.find(qn(tag))
    if old is not None:
        old.addprevious(new)
        parent.remove(old)
    else:
        parent.append(new)


def _style_element(document, name: str):
    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        return styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)


def _restyle(document) -> None:
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    defaults.find(qn("w:rPrDefault")).remove(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    defaults.find(qn("w:rPrDefault")).append(parse_xml(_rpr(FANGSONG, LATIN, BODY_SZ)))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    ppr_default.remove(ppr_default.find(qn("w:pPr")))
    ppr_default.append(parse_xml(f'<w:pPr {nsdecls("w")}>{_SPACING}</w:pPr>'))
    linked = []
    for name, (based_on, east, latin, size, ppr) in PARAGRAPH_STYLES.items():
        style = _style_element(document, name)
        el = style.element
        link = el.find(qn("w:link"))
        if link is not None:
            linked.append(link.get(qn("w:val")))
            el.remove(link)
        if based_on is not None:
            style.base_style = document.styles[based_on]
        style.quick_style = True
        el.get_or_add_pPr()
        el.get_or_add_rPr()
        _replace_child(el, "w:pPr", parse_xml(f'<w:pPr {nsdecls("w")}>{ppr}</w:pPr>'))
        _replace_child(el, "w:rPr", parse_xml(_rpr(east, latin, size)))
        if name in ("Title", "heading 1", "heading 2", "heading 3", "heading 4", "Signature"):
            style.next_paragraph_style = document.styles["Normal"]
    for style_id in linked:  # linked character styles would carry the old blue theme fonts
        for el in styles_el.findall(qn("w:style")):
            if el.get(qn("w:styleId")) == style_id:
                styles_el.remove(el)


def _page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # the page number line sits about 7 mm below the type area (35 mm - 7 mm = 28 mm from the
    # paper edge); the footer's bottom edge is one 4号 line below that
    section.footer_distance = Mm(22)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is not None:
        sect.remove(grid)
    # no document grid type: exact line spacing already gives 22 lines, and a "lines" grid makes
    # LibreOffice give a 22 pt title line two grid lines
    sect.append(parse_xml(f'<w:docGrid {nsdecls("w")} w:linePitch="{LINE}"/>'))


def _page_number_paragraph(document, paragraph, align: str) -> None:
    """"— PAGE —" with a real PAGE field; odd pages 右空一字, even pages 左空一字 (7.5)."""
    paragraph.style = document.styles["footer"]
    p = paragraph._p
    ppr = p.get_or_add_pPr()
    indent = "right" if align == "right" else "left"
    ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:{indent}="{PAGE_SZ * 10}" w:firstLine="0"/>'))
    ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="{align}"/>'))

    def run(inner: str) -> None:
        p.append(parse_xml(f'<w:r {nsdecls("w")}>{inner}</w:r>'))

    run('<w:t xml:space="preserve">— </w:t>')
    run('<w:fldChar w:fldCharType="begin"/>')
    run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run("<w:t>1</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')
    run('<w:t xml:space="preserve"> —</w:t>')


def _footers(document, section) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(document, section.footer.paragraphs[0], "right")
    _page_number_paragraph(document, section.even_page_footer.paragraphs[0], "left")


def _samples(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for style, text in SAMPLES[:-2]:
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=2, cols=2)
    table.style = document.styles["Table Grid"]
    for r, row in enumerate((("（表头）项目", "数量"), ("（表格文字）收到行政复议申请", "12件"))):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = document.styles["Table Heading" if r == 0 else "Table Text"]
    for style, text in SAMPLES[-2:]:
        document.add_paragraph(text, style=style)


def _drop_parts(document) -> None:
    """Drop the template's English thumbnail and the Word 2010 stylesWithEffects copy."""
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rid]


def _core(document) -> None:
    core = document.core_properties
    core.title = "法治政府建设年度报告参考样式（GB/T 9704-2012）"
    core.author = "fazhi"
    core.last_modified_by = "fazhi"
    core.comments = "fazhi new 使用本文件的样式、页面设置和页脚；正文会被替换。"
    core.keywords = ""
    core.subject = ""
    core.revision = 1
    fixed = _dt.datetime(*_FIXED_TIME)
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed


def _reproducible(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps so the committed file only changes with its content."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build() -> bytes:
    document = docx.Document()
    _restyle(document)
    section = document.sections[0]
    _page(section)
    _footers(document, section)
    _samples(document)
    _drop_parts(document)
    _core(document)
    buf = io.BytesIO()
    document.save(buf)
    return _reproducible(buf.getvalue())


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out.write_bytes(build())
    print(f"已生成：{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
