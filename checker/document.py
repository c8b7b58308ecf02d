"""The Document model and the reader entry point.

``read_document(path)`` turns a ``.docx`` / ``.txt`` / ``.md`` file into a
:class:`Document`: blocks in reading order, each with the text a reader sees
(automatic numbering rendered, tracked changes accepted). Format-specific work
lives in :mod:`checker.read_docx` and :mod:`checker.read_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED_SUFFIXES = DOCX_SUFFIXES | TEXT_SUFFIXES
# documents a submission folder may hold that cannot be checked: listed as unreadable with advice
UNSUPPORTED_DOCUMENT_SUFFIXES = {".doc", ".dot", ".wps", ".wpt", ".rtf", ".pdf", ".odt"}


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
    element: Any = field(default=None, repr=False, compare=False)  # lxml w:p for docx


@dataclass
class Document:
    path: str
    kind: str  # "docx" or "text"
    blocks: list[Block]
    headers: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    encoding: str | None = None  # text inputs: the detected encoding
    docx: Any = field(default=None, repr=False)  # python-docx Document, for layout checks

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def input_kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def read_document(path: str | Path) -> Document:
    """Read ``path``; raise :class:`InputError` with a Chinese reason on any failure."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "这是一个文件夹，不是文件")
    kind = input_kind(path)
    if kind is None:
        if path.suffix.lower() in UNSUPPORTED_DOCUMENT_SUFFIXES:
            raise InputError(path, f"不支持 {path.suffix} 格式，请在 Word/WPS 中另存为 .docx 后再检查")
        raise InputError(path, f"不支持的文件类型“{path.suffix or '无扩展名'}”，只能检查 .docx、.txt、.md")
    try:
        if not path.is_file():
            if not path.exists() and not path.is_symlink():
                raise InputError(path, "文件不存在")
            if path.is_symlink() and not path.exists():
                raise InputError(path, "符号链接无效（指向不存在的文件或形成循环）")
            raise InputError(path, "不是普通文件（可能是设备、管道或套接字）")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "文件不存在") from None
    except PermissionError:
        raise InputError(path, "没有读取权限") from None
    except OSError as exc:
        raise InputError(path, f"无法读取（{exc.strerror or exc}）") from None
    if kind == "docx":
        from .read_docx import read_docx

        return read_docx(path, data)
    from .read_text import read_text

    return read_text(path, data)
