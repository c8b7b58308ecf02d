"""The reader entry point.

``read_document(path)`` turns a ``.docx`` / ``.txt`` / ``.md`` file into a
:class:`Document`: blocks in reading order, each with the text a reader sees
(automatic numbering rendered, tracked changes accepted). It works in two steps:
:func:`load` takes the file's bytes (converting .doc/.wps/.odt/.rtf to .docx through
LibreOffice), :func:`parse` reads them; a caller that needs the bytes again (the
annotated copy) keeps the :class:`Source` instead of reading the file a second time.
Format-specific work lives in :mod:`checker.read.docx`, :mod:`checker.read.text` and
:mod:`checker.read.convert`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError
from checker.read.convert import CONVERTIBLE, convert_to_docx, soffice
from checker.read.docx import OLE_MAGIC, read_docx
from checker.read.limits import MAX_DOCX_BYTES, MAX_TEXT_BYTES, read_capped
from checker.read.model import Document
from checker.read.text import read_text

DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SUPPORTED_SUFFIXES = DOCX_SUFFIXES | TEXT_SUFFIXES
CONVERTED_SUFFIXES = set(CONVERTIBLE)
# documents a submission folder may hold that cannot be checked at all: listed with the reason
NOT_CHECKABLE = {".pdf": "PDF 文件无法检查（版式文件没有可靠的段落结构），请提供 .docx、.wps、.doc 或 .txt 原稿",
                 ".ofd": "OFD 文件无法检查（版式文件），请提供 .docx、.wps、.doc 或 .txt 原稿"}
UNSUPPORTED_DOCUMENT_SUFFIXES = CONVERTED_SUFFIXES | set(NOT_CHECKABLE)


@dataclass
class Source:
    """A file's contents as read once: ``data`` is .docx bytes for converted files."""

    path: Path
    kind: str  # "docx" | "text"
    data: bytes
    converted_from: str | None = None  # ".doc", ".wps" … when LibreOffice made the .docx


def input_kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES or suffix in CONVERTED_SUFFIXES:
        return "docx"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        if path.is_dir():
            raise InputError(path, "这是一个文件夹，不是文件")
        if not path.is_file():
            if not path.exists() and not path.is_symlink():
                raise InputError(path, "文件不存在")
            if path.is_symlink() and not path.exists():
                raise InputError(path, "符号链接无效（指向不存在的文件或形成循环）")
            raise InputError(path, "不是普通文件（可能是设备、管道或套接字）")
        return read_capped(path, limit)
    except FileNotFoundError:
        raise InputError(path, "文件不存在") from None
    except PermissionError:
        raise InputError(path, "没有读取权限") from None
    except OSError as exc:
        if exc.errno == 36:  # ENAMETOOLONG
            raise InputError(path, "文件名或路径过长，系统无法打开") from None
        raise InputError(path, f"无法读取（{exc.strerror or exc}）") from None


def load(path: str | Path, converted=None) -> Source:
    """Read ``path`` once (converting legacy word-processor files); InputError with a Chinese
    reason. ``converted``: for a legacy file, its conversion made beforehand (a .docx path
    or the InputError that conversion gave)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in NOT_CHECKABLE:
        raise InputError(path, NOT_CHECKABLE[suffix])
    kind = input_kind(path)
    if kind is None:
        raise InputError(path, f"不支持的文件类型“{path.suffix or '无扩展名'}”，只能检查 .docx、.wps、.doc、.txt、.md 等")
    if suffix in CONVERTED_SUFFIXES and converted is not None:
        if isinstance(converted, InputError):
            raise converted
        return Source(path, "docx", _read_bytes(Path(converted), MAX_DOCX_BYTES), converted_from=suffix)
    data = _read_bytes(path, MAX_TEXT_BYTES if kind == "text" else MAX_DOCX_BYTES)
    if suffix in CONVERTED_SUFFIXES:
        if not data:
            raise InputError(path, "文件为空（0 字节）")
        return Source(path, "docx", convert_to_docx(path, data), converted_from=suffix)
    if kind == "docx" and data.startswith(OLE_MAGIC) and soffice() is not None \
            and "EncryptedPackage".encode("utf-16-le") not in data:
        # an old binary Word/WPS file that only carries a .docx name
        return Source(path, "docx", convert_to_docx(path, data, ".doc"), converted_from=".doc")
    return Source(path, kind, data)


def parse(source: Source, editable: bool = False) -> Document:
    """The Document of ``source``. ``editable``: a python-docx document the caller will
    change and save (``fazhi format``, annotated copies) instead of the lighter reader."""
    if source.kind == "docx":
        document = read_docx(source.path, source.data, editable=editable)
        document.converted_from = source.converted_from
        return document
    return read_text(source.path, source.data)


def read_document(path: str | Path, editable: bool = False) -> Document:
    """Read ``path``; raise :class:`InputError` with a Chinese reason on any failure."""
    return parse(load(path), editable=editable)
