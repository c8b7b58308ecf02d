"""Build .docx reports with a known GB/T 9704 layout (clean, or with chosen defects).

python-docx for the document, raw WordprocessingML for everything it cannot express
(East-Asian fonts, exact line spacing in character units, footers with PAGE fields,
tracked changes, theme fonts). Two ways to carry the formatting:

- ``mode="direct"``: every run and paragraph carries its own properties;
- ``mode="styles"``: runs carry nothing; fonts and sizes come from paragraph styles with
  ``basedOn`` chains, a character style, and ``docDefaults`` (the body font only there).

The clean report (``LINES``) has, by block index: 1 title, 2 body, 3 heading1,
4 heading2, 5–6 body, 7 heading3, 8 body, 9 heading4, 10 body, 11 run-in heading2
("（二）强化组织领导。" + body text), 12 heading1, 13 body, 14 heading1, 15–17 body,
18 issuer, 19 date.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

LINES = [
    ("title", "广州市花都区人民政府2024年法治政府建设年度报告"),
    ("body", "2024年，我区坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设，现将有关情况报告如下。"),
    ("heading1", "一、2024年推进法治政府建设的主要举措和成效"),
    ("heading2", "（一）深入学习贯彻习近平法治思想"),
    ("body", "区政府常务会议专题学习法律法规12次，举办领导干部法治专题讲座4期，覆盖干部1200人次。"),
    ("body", "全面落实领导干部学法用法制度，将法治素养纳入干部考核，考核合格率达到100%。"),
    ("heading3", "1.健全学法制度"),
    ("body", "制定年度学法计划，明确学习内容和责任单位，确保学习常态化、制度化。"),
    ("heading4", "（1）专题学习"),
    ("body", "围绕新修订的行政复议法开展专题学习，组织旁听庭审3次。"),
    ("runin2", "（二）强化组织领导。区委、区政府主要负责人认真履行推进法治建设第一责任人职责，定期听取法治政府建设工作汇报。"),
    ("heading1", "二、存在的不足和原因"),
    ("body", "一是基层执法力量仍然薄弱；二是部分行政决策程序不够规范。究其原因，主要是法治队伍建设投入不足。"),
    ("heading1", "三、2025年推进法治政府建设的主要安排"),
    ("body", "2025年，我区将继续深化行政执法体制改革，加强执法人员培训，全面提升依法行政水平。"),
    ("body", "持续推进重大行政决策合法性审查全覆盖，健全规范性文件备案审查机制。"),
    ("body", "加大普法力度，推动法治宣传进社区、进企业、进学校。"),
    ("issuer", "广州市花都区人民政府"),
    ("date", "2025年3月20日"),
]
BLOCK = {"title": 1, "heading1": 3, "heading2": 4, "heading3": 7, "heading4": 9, "runin": 11,
         "body_first": 2, "body_run": (15, 17), "issuer": 18, "date": 19}


@dataclass(frozen=True)
class Look:
    """How one kind of paragraph is set (None = not written, inherited)."""

    east_asian: str | None = "仿宋_GB2312"
    latin: str | None = "Times New Roman"
    size: float | None = 16
    bold: bool | None = None
    align: str | None = "both"
    line: tuple | None = (560, "exact")  # (w:line, w:lineRule)
    first_line: tuple | None = ("chars", 200)  # ("chars", n) | ("twips", n) | None
    left: int | None = None  # twips
    right_chars: int | None = None


BODY = Look()
CLEAN_LOOKS = {
    "title": Look(east_asian="方正小标宋简体", size=22, align="center", line=None, first_line=("chars", 0)),
    "heading1": Look(east_asian="黑体"),
    "heading2": Look(east_asian="楷体_GB2312"),
    "heading3": Look(east_asian="仿宋_GB2312"),
    "heading4": Look(east_asian="仿宋_GB2312"),
    "body": BODY,
    "issuer": Look(align="right", first_line=("chars", 0), right_chars=200),
    "date": Look(align="right", first_line=("chars", 0), right_chars=350),
    "attachment": Look(east_asian="黑体", align="left", first_line=("chars", 0)),
}
ATTACHMENT = [("attachment", "附件"), ("body", "2024年度行政执法数据统计表见本附件，数据截至2024年12月31日。")]


@dataclass(frozen=True)
class Footer:
    text: str = "— PAGE —"  # PAGE marks the field
    size: float = 14
    font: str = "宋体"
    position: str = "outside"  # outside | center
    field: str = "complex"  # complex | simple


@dataclass(frozen=True)
class Page:
    width_mm: float = 210
    height_mm: float = 297
    top: float = 37
    bottom: float = 35
    left: float = 28
    right: float = 26


def _mm_twips(mm: float) -> int:
    return int(round(mm * 1440 / 25.4))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rpr(look: Look) -> str:
    parts = []
    fonts = []
    if look.latin:
        fonts.append(f'w:ascii="{look.latin}" w:hAnsi="{look.latin}"')
    if look.east_asian:
        fonts.append(f'w:eastAsia="{look.east_asian}"')
    if fonts:
        parts.append(f"<w:rFonts {' '.join(fonts)}/>")
    if look.bold is not None:
        parts.append("<w:b/>" if look.bold else '<w:b w:val="0"/>')
    if look.size is not None:
        half = int(round(look.size * 2))
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _ppr_body(look: Look) -> str:
    parts = []
    if look.line is not None:
        parts.append(f'<w:spacing w:line="{look.line[0]}" w:lineRule="{look.line[1]}"/>')
    ind = []
    if look.first_line is not None:
        unit, value = look.first_line
        # Word writes the character count and its twips equivalent at 16 pt side by side
        ind.append(f'w:firstLineChars="{value}" w:firstLine="{value * 32 // 10}"' if unit == "chars"
                   else f'w:firstLine="{value}"')
        if unit == "hanging":
            ind[-1] = f'w:hanging="{value}"'
    if look.left is not None:
        ind.append(f'w:left="{look.left}"')
    if look.right_chars is not None:
        ind.append(f'w:rightChars="{look.right_chars}" w:right="{look.right_chars * 16 // 5}"')
    if ind:
        parts.append(f"<w:ind {' '.join(ind)}/>")
    if look.align:
        parts.append(f'<w:jc w:val="{look.align}"/>')
    return "".join(parts)


def _run(text: str, rpr: str = "", rstyle: str | None = None) -> str:
    if rstyle:
        rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>'
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _footer_xml(footer: Footer, align: str) -> str:
    rpr = (f'<w:rPr><w:rFonts w:ascii="{footer.font}" w:hAnsi="{footer.font}" w:eastAsia="{footer.font}"/>'
           f'<w:sz w:val="{int(footer.size * 2)}"/><w:szCs w:val="{int(footer.size * 2)}"/></w:rPr>')
    before, _, after = footer.text.partition("PAGE")
    runs = _run(before, rpr) if before else ""
    if footer.field == "simple":
        runs += f'<w:fldSimple w:instr=" PAGE "><w:r>{rpr}<w:t>1</w:t></w:r></w:fldSimple>'
    else:
        runs += (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                 f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                 f'<w:r>{rpr}<w:t>1</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')
    runs += _run(after, rpr) if after else ""
    side = ""
    if align == "right":
        side = '<w:ind w:right="280"/>'
    elif align == "left":
        side = '<w:ind w:left="280"/>'
    return f'<w:p {nsdecls("w")}><w:pPr>{side}<w:jc w:val="{align}"/></w:pPr>{runs}</w:p>'


def _set_footers(document, footer: Footer | None) -> None:
    if footer is None:
        return
    section = document.sections[0]
    if footer.position == "outside":
        document.settings.odd_and_even_pages_header_footer = True
        pairs = [(section.footer, "right"), (section.even_page_footer, "left")]
    else:
        pairs = [(section.footer, footer.position)]
    for part, align in pairs:
        part.is_linked_to_previous = False
        root = part._element
        for child in list(root):
            root.remove(child)
        root.append(parse_xml(_footer_xml(footer, align)))


def _set_page(section, page: Page) -> None:
    section.page_width = Mm(page.width_mm)
    section.page_height = Mm(page.height_mm)
    section.top_margin = Mm(page.top)
    section.bottom_margin = Mm(page.bottom)
    section.left_margin = Mm(page.left)
    section.right_margin = Mm(page.right)


def _set_theme_east_asian(document, font: str) -> None:
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/theme"):
            part = rel.target_part
            blob = part.blob.decode("utf-8")
            blob = re.sub(r'(<a:minorFont>.*?<a:font script="Hans" typeface=")[^"]*(")',
                          lambda m: m.group(1) + font + m.group(2), blob, count=1, flags=re.S)
            part._blob = blob.encode("utf-8")


def _set_defaults(document, rpr: str, ppr: str) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(0, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault>{rpr or "<w:rPr/>"}</w:rPrDefault>'
        f'<w:pPrDefault><w:pPr>{ppr}</w:pPr></w:pPrDefault></w:docDefaults>'))


def _add_style(document, style_id: str, kind: str, based_on: str | None, ppr: str, rpr: str) -> None:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    document.styles.element.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="{kind}" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{style_id}"/>{based}'
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr and kind == "paragraph" else "") + rpr + "</w:style>"))


def _plain_normal(document) -> None:
    """Normal without properties of its own (python-docx's template sets none that matter)."""
    for st in document.styles.element.findall(qn("w:style")):
        if st.get(qn("w:styleId")) == "Normal":
            for tag in ("w:pPr", "w:rPr"):
                el = st.find(qn(tag))
                if el is not None:
                    st.remove(el)


_STYLE_IDS = {"title": "GBTitle", "heading1": "GBHeading1", "heading2": "GBHeading2", "heading3": "GBHeading3",
              "heading4": "GBHeading4", "body": None, "issuer": "GBSignature", "date": "GBSignature",
              "attachment": None}


def _styles_mode(document, looks: dict, body_defaults: Look) -> None:
    """Formatting only in docDefaults and styles: body in docDefaults, headings through a
    basedOn chain (GBHeading2 -> GBHeading1 -> GBHeadingBase -> Normal), a character style
    for the body text of a run-in heading."""
    _plain_normal(document)
    _set_defaults(document, _rpr(body_defaults), _ppr_body(body_defaults))
    title = looks["title"]
    _add_style(document, "GBTitle", "paragraph", "Normal", _ppr_body(title),
               _rpr(Look(east_asian=title.east_asian, latin=None, size=title.size, bold=title.bold)))
    _add_style(document, "GBHeadingBase", "paragraph", "Normal", '<w:keepNext/>', "")
    h1 = looks["heading1"]
    _add_style(document, "GBHeading1", "paragraph", "GBHeadingBase", "",
               _rpr(Look(east_asian=h1.east_asian, latin=None, size=None, bold=h1.bold)))
    h2 = looks["heading2"]
    _add_style(document, "GBHeading2", "paragraph", "GBHeading1", "",
               _rpr(Look(east_asian=h2.east_asian, latin=None, size=None, bold=h2.bold)))
    for name in ("heading3", "heading4"):
        look = looks[name]
        _add_style(document, _STYLE_IDS[name], "paragraph", "Normal", "",
                   _rpr(Look(east_asian=look.east_asian if look.east_asian != body_defaults.east_asian else None,
                             latin=None, size=None, bold=look.bold)))
    sig = looks["issuer"]
    _add_style(document, "GBSignature", "paragraph", "Normal", _ppr_body(replace(sig, line=None)), "")
    body = looks["body"]
    _add_style(document, "GBBodyChar", "character", None, "",
               _rpr(Look(east_asian=body.east_asian, latin=None, size=None)))


def build(out: Path, *, looks: dict | None = None, paragraph_looks: dict | None = None, mode: str = "direct",
          page: Page = Page(), footer: Footer | None = Footer(), lines: list | None = None,
          runin_single_run: bool = False, tracked: bool = False, comment: bool = False,
          second_section: Page | None = None, theme_east_asian: str | None = None,
          body_defaults: Look | None = None, theme_defaults: bool = False, header: str | None = None) -> Path:
    """Write a report to ``out``. ``looks`` replaces the Look of a kind of paragraph,
    ``paragraph_looks`` that of single paragraphs (by 1-based block index);
    ``body_defaults`` goes into docDefaults; ``theme_defaults`` makes docDefaults point the
    East-Asian font at the theme (``w:eastAsiaTheme="minorEastAsia"``), whose Hans font is
    ``theme_east_asian``."""
    all_looks = dict(CLEAN_LOOKS)
    all_looks.update(looks or {})
    paragraph_looks = paragraph_looks or {}
    lines = lines or LINES
    document = docx.Document()
    _set_page(document.sections[0], page)
    if theme_east_asian is not None:
        _set_theme_east_asian(document, theme_east_asian)
    if mode == "styles":
        _styles_mode(document, all_looks, body_defaults or all_looks["body"])
    elif body_defaults is not None:
        _plain_normal(document)
        _set_defaults(document, _rpr(body_defaults), _ppr_body(body_defaults))
    else:
        _plain_normal(document)
        _set_defaults(document, "", "")
    if theme_defaults:
        rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = parse_xml(f'<w:rFonts {nsdecls("w")}/>')
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for index, (kind, text) in enumerate(lines, start=1):
        role = "heading2" if kind == "runin2" else kind
        look = paragraph_looks.get(index, all_looks[role])
        if mode == "styles":
            style = _STYLE_IDS.get(role)
            ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
            if index in paragraph_looks:
                ppr += _ppr_body(look)
            rpr = _rpr(look) if index in paragraph_looks else ""
        else:
            ppr = _ppr_body(look)
            rpr = _rpr(look)
        if kind == "runin2":
            head, _, rest = text.partition("。")
            head += "。"
            if runin_single_run:
                runs = _run(text, _rpr(all_looks["body"]) if mode == "direct" else "")
            elif mode == "styles":
                runs = _run(head) + _run(rest, rstyle="GBBodyChar")
            else:
                runs = _run(head, rpr) + _run(rest, _rpr(all_looks["body"]))
        elif tracked and kind == "body" and index == 5:
            cut = len(text) // 2
            runs = (_run(text[:cut], rpr)
                    + f'<w:del w:id="901" w:author="审阅人" w:date="2025-03-01T00:00:00Z"><w:r>{rpr}'
                      f'<w:delText xml:space="preserve">已删去的文字</w:delText></w:r></w:del>'
                    + f'<w:ins w:id="902" w:author="审阅人" w:date="2025-03-01T00:00:00Z">{_run(text[cut:], rpr)}</w:ins>')
        else:
            runs = _run(text, rpr)
        p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr>{ppr}</w:pPr>{runs}</w:p>')
        sect_pr.addprevious(p)
        if second_section is not None and index == 12:
            first = copy.deepcopy(sect_pr)
            p.find(qn("w:pPr")).append(first)
    if second_section is not None:
        _set_page(document.sections[-1], second_section)
        _set_page(document.sections[0], page)
    if comment:
        paragraph = document.paragraphs[BLOCK["body_first"] - 1]
        document.add_comment(paragraph.runs, text="请核实数据", author="审阅人")
    _set_footers(document, footer)
    if header is not None:
        section = document.sections[0]
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header
    document.save(str(out))
    return out


__all__ = ["build", "Look", "Footer", "Page", "LINES", "BLOCK", "CLEAN_LOOKS", "BODY", "ATTACHMENT"]
