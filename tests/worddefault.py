"""Drafts started from Word's default template, the way most reports begin.

python-docx's built-in template is Word's Normal.dotm of the 2010 generation: ``Title`` is 26 pt,
dark blue (theme text2, shaded) with a blue bottom border and 15 pt after; ``Heading 1``–``3``
are bold, blue (theme accent1) with 24/10 pt before; ``Heading 4`` adds italic; ``Normal`` is
11 pt with 10 pt after and 1.15 lines; the page is US Letter with 1"/1.25" margins. A draft
writes its title, headings and body in those styles and nothing else: exactly what a writer
who never touched the format gets.

``lines_from_report`` turns any analysed report (e.g. a seed report read from text) into such
lines, so real report texts can be laid out the Word-default way.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from layoutbuild import LINES

STYLE = {"title": "Title", "heading1": "Heading 1", "heading2": "Heading 2", "heading3": "Heading 3",
         "heading4": "Heading 4", "body": "Normal", "issuer": "Normal", "date": "Normal", "addressee": "Normal"}
OWN_LINES = [(("heading2" if kind == "runin2" else kind), text) for kind, text in LINES]


def build_word_default(out: Path, lines: list | None = None) -> Path:
    """Write ``lines`` ((role, text) pairs) into a document from Word's default template."""
    document = docx.Document()
    for role, text in lines or OWN_LINES:
        paragraph = document.add_paragraph(text, style=STYLE[role])
        if role in ("issuer", "date"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # what a writer does by hand
    document.save(str(out))
    return out


def lines_from_report(report, limit: int = 80) -> list:
    """(role, text) of an analysed report: its title, outline headings by rank, body
    paragraphs, the issuer line and the date; web residue and tables of contents left out."""
    skip = report.noise | report.toc
    title = set(report.meta.title_blocks)
    date = report.meta.date_block
    lines = []
    for block in report.document.blocks:
        text = block.text.strip()
        if block.index in skip or not text:
            continue
        heading = report.outline.by_block.get(block.index)
        if block.index in title:
            role = "title"
        elif block.index == date:
            role = "date"
        elif date is not None and block.index == date - 1 and len(text) <= 30:
            role = "issuer"
        elif heading is not None and heading.rank <= 4 and not heading.run_in:
            role = f"heading{heading.rank}"
        else:
            role = "body"
        lines.append((role, text))
        if len(lines) >= limit and date is None:
            break
    if len(lines) > limit:  # keep the beginning and the closing lines
        lines = lines[:limit - 4] + lines[-4:]
    return lines


__all__ = ["build_word_default", "lines_from_report", "OWN_LINES"]
