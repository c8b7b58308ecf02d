"""Build real .docx files from plain report text, in the shapes Word users produce.

Shapes:
- ``plain``: one paragraph per line, numbering typed in the text;
- ``styles``: heading lines get Word heading styles (Heading 1..4);
- ``autonum``: numbering labels removed from the text and produced by Word automatic
  numbering (a real multilevel list in numbering.xml: 一、 （一） 1. （1）), heading styles
  linked, and arabic items running on across （一）/（二） where the text does so
  (``w:lvlRestart``);
- ``tracked``: the text as tracked changes would leave it: parts of paragraphs inserted
  (``w:ins``), extra text deleted (``w:del``/``w:delText``), a paragraph split by a
  deleted paragraph mark, and a whole deleted paragraph.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from checker.read.labels import parse_label

DELETED_PHRASE = "此句已被删除不应读出"
DELETED_PARAGRAPH = "这一整段已被删除审阅后不应出现"

_LEVELS = [
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
]


def seed_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _arabic_runs_on(lines: list[str]) -> bool:
    """True when arabic items continue across （一）/（二） (1…31 under several parents)."""
    last_arabic = 0
    for line in lines:
        label = parse_label(line)
        if label is None:
            continue
        if label.form == "cn":
            last_arabic = 0
        elif label.form == "paren_cn" and last_arabic > 0:
            pass
        elif label.form == "arabic":
            if label.number == 1 and last_arabic > 0:
                return False
            last_arabic = label.number
    return last_arabic > 1


def _numbering_xml(run_on: bool) -> str:
    levels = []
    for ilvl, (fmt, text) in enumerate(_LEVELS):
        restart = '<w:lvlRestart w:val="1"/>' if (ilvl == 2 and run_on) else ""
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{restart}'
            f'<w:pStyle w:val="Heading{ilvl + 1}"/><w:suff w:val="nothing"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
            + "".join(levels) + "</w:abstractNum>")


def build(lines: list[str], shape: str, out: Path) -> Path:
    document = docx.Document()
    body_lines = list(lines)
    num_id = None
    if shape == "autonum":
        numbering = document.part.numbering_part.element
        absn = parse_xml(_numbering_xml(_arabic_runs_on(lines)))
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(absn)
        else:
            numbering.append(absn)
        num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
        numbering.append(num)
        num_id = "90"
    for i, line in enumerate(body_lines):
        label = parse_label(line)
        heading_rank = label.rank if label is not None and label.rank <= 4 else None
        if shape == "plain" or heading_rank is None:
            p = document.add_paragraph(line)
        elif shape == "styles":
            p = document.add_paragraph(line, style=f"Heading {heading_rank}")
        elif shape == "autonum":
            text = line[label.end:]
            p = document.add_paragraph(text, style=f"Heading {heading_rank}")
            ppr = p._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{heading_rank - 1}"/>'
                                 f'<w:numId w:val="{num_id}"/></w:numPr>'))
        elif shape == "tracked":
            p = document.add_paragraph()
            _tracked_paragraph(document, p, line, i)
            continue
        else:
            raise ValueError(shape)
    document.save(str(out))
    return out


def _run(text: str, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    return f'<w:r><{tag} xml:space="preserve">{_esc(text)}</{tag}></w:r>'


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_REV = 'w:author="审阅人" w:date="2025-03-01T10:00:00Z"'


def _tracked_paragraph(document, p, line: str, i: int) -> None:
    """Write ``line`` so that accepting all changes gives exactly ``line``."""
    p_el = p._p
    if len(line) >= 12 and i % 3 == 1:
        # split in two paragraphs joined by a deleted paragraph mark
        half = len(line) // 2
        first = parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:rPr><w:del w:id="{1000 + i}" {_REV}/></w:rPr></w:pPr>'
            f'{_run(line[:half])}</w:p>')
        p_el.addprevious(first)
        p_el.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="{2000 + i}" {_REV}>{_run(line[half:])}</w:ins>'))
        return
    if len(line) >= 8:
        cut = len(line) // 3
        p_el.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{_esc(line[:cut])}</w:t></w:r>'))
        p_el.append(parse_xml(f'<w:del {nsdecls("w")} w:id="{3000 + i}" {_REV}>{_run(DELETED_PHRASE, True)}</w:del>'))
        p_el.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="{4000 + i}" {_REV}>{_run(line[cut:])}</w:ins>'))
    else:
        p_el.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{_esc(line)}</w:t></w:r>'))
    if i == 2:
        gone = parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:rPr><w:del w:id="{5000 + i}" {_REV}/></w:rPr></w:pPr>'
            f'<w:del w:id="{6000 + i}" {_REV}>{_run(DELETED_PARAGRAPH, True)}</w:del></w:p>')
        p_el.addnext(gone)


def build_seed(seed: Path, shape: str, folder: Path) -> Path:
    return build(seed_lines(seed), shape, folder / f"{seed.stem}_{shape}.docx")


__all__ = ["build", "build_seed", "seed_lines", "DELETED_PHRASE", "DELETED_PARAGRAPH", "copy"]
