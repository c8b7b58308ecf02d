"""The line markup that content templates render to, parsed into report blocks.

One line is one paragraph; blank lines are ignored and each line is stripped.

    # 标题 … #### 标题   headings of levels 1–4 (Word heading styles); the numbering
                        一、 （一） 1. （1） is typed in automatically unless the text already
                        starts with a label
    @title 文字          title line (two lines for a title that needs two)
    @signature 文字      发文机关署名
    @date 文字           成文日期
    @body 文字           a body paragraph that would otherwise look like markup
    | 甲 | 乙 |           table rows (the first row is the header; |---| rows are skipped)
    anything else        a body paragraph
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.errors import UsageError
from checker.read.labels import format_label, parse_label

ROLES = ("title", "signature", "date", "body")
HEADING_FORMS = ("cn", "paren_cn", "arabic", "paren_arabic")
_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_ROLE = re.compile(r"^@([A-Za-z]+)(?:\s+|$)(.*)$")
_RULE_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


@dataclass
class Paragraph:
    role: str  # title | heading | body | signature | date
    text: str
    level: int = 0  # heading level 1..4
    line: int = 0  # line in the rendered markup


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)
    line: int = 0


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def parse(markup: str) -> list[Paragraph | Table]:
    """Rendered markup -> blocks; UsageError naming the output line for bad markup."""
    blocks: list[Paragraph | Table] = []
    table: Table | None = None
    for number, raw in enumerate(markup.splitlines(), start=1):
        line = raw.strip()
        if not line:
            table = None
            continue
        if line.startswith("|"):
            if table is None:
                table = Table(line=number)
                blocks.append(table)
            if not _RULE_ROW.match(line):
                table.rows.append(_cells(line))
            continue
        table = None
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if level > 4:
                raise UsageError(f"模板输出第{number}行：标题最多四级（#### ），“{line[:20]}”有{level}级")
            text = heading.group(2).strip()
            if not text:
                raise UsageError(f"模板输出第{number}行：标题没有文字")
            blocks.append(Paragraph("heading", text, level, number))
            continue
        role = _ROLE.match(line)
        if role:
            name, text = role.group(1), role.group(2).strip()
            if name not in ROLES:
                raise UsageError(f"模板输出第{number}行：未知的标记“@{name}”（可用：{'、'.join('@' + r for r in ROLES)}）")
            if text:
                blocks.append(Paragraph(name, text, 0, number))
            continue
        blocks.append(Paragraph("body", line, 0, number))
    for block in blocks:
        if isinstance(block, Table):
            width = max(len(row) for row in block.rows) if block.rows else 0
            for row in block.rows:
                row.extend([""] * (width - len(row)))
    return [b for b in blocks if not isinstance(b, Table) or b.rows]


def number_headings(blocks: list[Paragraph | Table]) -> None:
    """Type the GB/T 9704 numbering into heading texts: 一、 （一） 1. （1）."""
    counters = [0, 0, 0, 0]
    for block in blocks:
        if not isinstance(block, Paragraph) or block.role != "heading":
            continue
        i = block.level - 1
        counters[i] += 1
        for deeper in range(i + 1, 4):
            counters[deeper] = 0
        if parse_label(block.text) is None:
            block.text = format_label(HEADING_FORMS[i], counters[i]) + block.text


__all__ = ["Paragraph", "Table", "parse", "number_headings", "ROLES"]
