"""The Document model every reader produces: blocks in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Block:
    """One paragraph (or table-cell paragraph, or text line) in reading order."""

    index: int  # 1-based
    text: str  # including a rendered automatic-numbering label
    label: str = ""  # the automatic numbering label rendered from numbering.xml ("" if none)
    style: str | None = None  # paragraph style name (docx) or None
    outline_level: int | None = None  # 0-based outline level (Word heading 1 -> 0), None = body
    source: str = ""  # "p12" / "t1r2c1p1" (docx) or "L7" (text)
    line: int | None = None  # 1-based line number for text inputs
    in_table: bool = False
    element: Any = field(default=None, repr=False, compare=False)  # the lxml w:p for docx


@dataclass
class Document:
    path: str
    kind: str  # "docx" or "text"
    blocks: list[Block]
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    encoding: str | None = None  # text inputs: the detected encoding
    # .docx: the parts the layout checks read (checker.read.package.Package, or the python-docx
    # Document itself when read for editing)
    parts: Any = field(default=None, repr=False)
    docx: Any = field(default=None, repr=False)  # python-docx Document, only when read for editing
    converted_from: str | None = None  # ".doc", ".wps" … when LibreOffice made the .docx
    notes: list[str] = field(default_factory=list)  # how the reading differs from the file, said once

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
