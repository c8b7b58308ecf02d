"""Build examples/示例草稿.docx from examples/示例草稿.txt (text written for this project).

The draft carries typical defects a reviewer sends back: no part on the principal
leaders' duty, shortcomings without causes, a plan headed with the wrong year, a
numbering gap (1. 2. 4.), 法制政府 for 法治政府, and a body set in 12 pt 宋体 instead of
16 pt 仿宋 with no page number. Headings use Word heading styles as a drafter would.

Run:  python examples/make_example.py
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
HEADING = [(re.compile(r"^[一二三四五六七八九十]+、"), 1), (re.compile(r"^（[一二三四五六七八九十]+）"), 2)]


def _font(run, east_asian: str, size: float) -> None:
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def build(source: Path, target: Path) -> None:
    document = docx.Document()
    lines = [x.strip() for x in source.read_text(encoding="utf-8").splitlines() if x.strip()]
    for i, line in enumerate(lines):
        level = next((lv for pattern, lv in HEADING if pattern.match(line)), None)
        if i == 0:
            p = document.add_paragraph(style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(line), "方正小标宋简体", 22)
        elif level:
            p = document.add_paragraph(style=f"Heading {level}")
            _font(p.add_run(line), "黑体" if level == 1 else "楷体_GB2312", 16)
        else:
            p = document.add_paragraph()
            _font(p.add_run(line), "宋体", 12)
    document.save(str(target))


if __name__ == "__main__":
    build(HERE / "示例草稿.txt", HERE / "示例草稿.docx")
    print(f"written {HERE / '示例草稿.docx'}")
