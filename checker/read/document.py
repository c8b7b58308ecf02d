"""The reader entry point.

``read_document(path)`` turns a ``.docx`` / ``.txt`` / ``.md`` file into a
:class:`Document`: blocks in reading order, each with the text a reader sees
(automatic numbering rendered, tracked changes accepted). Format-specific work
lives in :mod:`checker.read.docx` and :mod:`checker.read.text`.
"""

from __future__ import annotations

from pathlib import Path

from checker.errors import InputError
from checker.read.docx import read_docx
from checker.read.limits import MAX_DOCX_BYTES, MAX_TEXT_BYTES, read_capped
from checker.read.model import Document
from checker.read.text import read_text

DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED_SUFFIXES = DOCX_SUFFIXES | TEXT_SUFFIXES
# documents a submission folder may hold that cannot be checked: listed as unreadable with advice
UNSUPPORTED_DOCUMENT_SUFFIXES = {".doc", ".dot", ".wps", ".wpt", ".rtf", ".pdf", ".odt"}


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
        data = read_capped(path, MAX_DOCX_BYTES if kind == "docx" else MAX_TEXT_BYTES)
    except FileNotFoundError:
        raise InputError(path, "文件不存在") from None
    except PermissionError:
        raise InputError(path, "没有读取权限") from None
    except OSError as exc:
        raise InputError(path, f"无法读取（{exc.strerror or exc}）") from None
    if kind == "docx":
        return read_docx(path, data)
    return read_text(path, data)
