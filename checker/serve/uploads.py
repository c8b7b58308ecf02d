"""Uploaded drafts: the type is sniffed from the bytes, the client's file name is only shown.

``sniff(data, name)`` returns the suffix the checker should see:
- a zip holding ``word/document.xml`` (or any zip: a damaged one is left to the reader,
  which says what is wrong) -> ``.docx``; an OpenDocument zip -> ``.odt``;
- an OLE compound file (Word 97-2003 ``.doc``, WPS ``.wps``) -> ``.doc`` / ``.wps``;
- RTF -> ``.rtf``;
- anything else without NUL bytes at its start (or with a UTF-16 byte-order mark) -> text,
  ``.md`` when the client called it so, else ``.txt``.
PDF, images and other binary files are refused with a Chinese reason.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 8192
DEFAULT_NAME = "上传的文件"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


class UploadRefused(Exception):
    """An upload that is not a draft at all; ``str()`` is the Chinese reason, ``status`` the HTTP code."""

    def __init__(self, reason: str, status: int = 415):
        super().__init__(reason)
        self.status = status


def display_name(client_name: str | None) -> str:
    """The client's file name reduced to a harmless base name, for display only."""
    name = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip(" ._")
    return name[:120] or DEFAULT_NAME


def _zip_suffix(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ".docx"  # damaged: the reader gives the reason
    if "word/document.xml" in names or "[Content_Types].xml" in names:
        return ".docx"
    if "content.xml" in names and "mimetype" in names:
        return ".odt"
    raise UploadRefused("这是一个压缩包，不是 Word 文档；请直接上传报告的 .docx 文件")


def sniff(data: bytes, client_name: str | None = None) -> str:
    if not data:
        raise UploadRefused("文件是空的（0 字节），请检查后重新上传", 400)
    head = data[:SNIFF_BYTES]
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return _zip_suffix(data)
    if head.startswith(OLE_MAGIC):
        return ".wps" if (client_name or "").lower().endswith((".wps", ".wpt")) else ".doc"
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    if head.startswith(b"%PDF"):
        raise UploadRefused("PDF 文件无法检查，请上传报告的 Word 文档（.docx）或纯文本（.txt）")
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head)
    if b"\x00" in head and not utf16:
        raise UploadRefused("无法识别的文件类型：只能上传 Word 文档（.docx）或纯文本（.txt）")
    return ".md" if (client_name or "").lower().endswith((".md", ".markdown")) else ".txt"


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: every NUL byte sits on the same parity (the high
    byte of ASCII characters); decoding the rest is the reader's job."""
    even = any(b == 0 for b in head[0::2])
    odd = any(b == 0 for b in head[1::2])
    return even != odd


def kind_of(suffix: str) -> str:
    if suffix == ".docx":
        return "docx"
    if suffix in (".txt", ".md"):
        return "text"
    return "legacy"
