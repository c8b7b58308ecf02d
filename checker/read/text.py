"""Read ``.txt`` / ``.md`` (as published on websites) into a Document.

Encodings: UTF-8 with or without BOM, UTF-16 with or without BOM, GB18030/GBK.
One block per non-empty line; a line that carries several numbered headings
(a web page flattened to one line) is split at those headings.
"""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path

from checker import regexcache
from checker.read.model import Block, Document
from checker.errors import InputError
from checker.read.labels import INLINE_ARABIC, INLINE_PAREN_CN, INLINE_TOP

MAX_TEXT_BYTES = 64 * 1024 * 1024
_MD_HEADING = regexcache.compile(r"^(#{1,6})\s+")
_MD_DECOR = regexcache.compile(r"^(?:>\s*|[-*+]\s+(?=\S))")
_MD_EMPHASIS = regexcache.compile(r"(\*\*|__)(.+?)\1")
_WHITESPACE = " \t\u3000\u00a0\ufeff\u200b"
_FLATTENED_MIN_LENGTH = 120
# in a flattened page, a sentence end followed by white space is where a paragraph ended
_PARAGRAPH_GAP = regexcache.compile(r"(?<=[。！？!?；;])[ \t\u3000]+(?=\S)")


# code point ranges that occur in Chinese report text
_PLAUSIBLE = (
    (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x27BF), (0x2E80, 0x2FDF), (0x3000, 0x303F),
    (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
)


def _plausibility(text: str) -> float:
    """Share of characters that occur in Chinese report text (CJK, ASCII, punctuation, symbols)."""
    if not text:
        return 0.0
    good = 0
    for ch, n in Counter(text).items():
        o = ord(ch)
        if ch in "\r\n\t" or any(lo <= o <= hi for lo, hi in _PLAUSIBLE):
            good += n
    return good / len(text)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(path, data, "utf-16"), "utf-16"
    sample = data[:8192]
    utf8 = None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if utf8 is not None and "\x00" not in utf8[:4096] and _plausibility(utf8[:4096]) >= 0.9:
        return utf8, "utf-8"
    candidates = []
    if utf8 is not None and "\x00" not in utf8[:4096]:
        candidates.append((_plausibility(utf8[:4096]), 0, "utf-8"))
    encodings = ("gb18030",) if len(data) % 2 else ("gb18030", "utf-16-le", "utf-16-be")
    for rank, encoding in enumerate(encodings, start=1):
        try:
            decoded = sample.decode(encoding)
        except UnicodeDecodeError:
            # the sample may end inside a character: retry without its last bytes
            try:
                decoded = sample[:-4].decode(encoding) if len(sample) > 4 else ""
            except UnicodeDecodeError:
                continue
        candidates.append((_plausibility(decoded), -rank, encoding))
    candidates.sort(reverse=True)
    if candidates and candidates[0][0] >= 0.9:
        encoding = candidates[0][2]
        if encoding == "utf-8":
            return utf8, encoding
        return _strict(path, data, encoding), encoding
    if b"\x00" in sample:
        raise InputError(path, "不是文本文件（含二进制内容）")
    raise InputError(path, "无法识别文本编码（既不是 UTF-8 也不是 GB18030/GBK 或 UTF-16），请另存为 UTF-8")


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(path, f"文本编码损坏（按 {encoding.upper()} 无法解码）") from None


def split_flattened(line: str) -> list[str]:
    """Split a line that holds several numbered headings (web text flattened to one line)."""
    if len(line) < _FLATTENED_MIN_LENGTH:
        return [line]
    top = [m.start() for m in INLINE_TOP.finditer(line)]
    if len(top) < 2:
        return [line]
    cuts = set(top) | {m.start() for m in INLINE_ARABIC.finditer(line)}
    cuts |= {m.start() for m in INLINE_PAREN_CN.finditer(line)}
    cuts |= {m.end() for m in _PARAGRAPH_GAP.finditer(line)}
    cuts = sorted(cuts)
    pieces, last = [], 0
    for cut in cuts:
        if cut > last:
            pieces.append(line[last:cut])
        last = cut
    pieces.append(line[last:])
    return [p.strip(_WHITESPACE) for p in pieces if p.strip(_WHITESPACE)]


def read_text(path: Path, data: bytes) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(path, f"文本文件过大（{len(data) // (1024 * 1024)} MB），不像一份年度报告")
    if not data.strip():
        raise InputError(path, "文件为空")
    text, encoding = decode(path, data)
    if sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f\v") > 16:
        raise InputError(path, "不是文本文件（含大量控制字符）")
    markdown = path.suffix.lower() in (".md", ".markdown")
    blocks: list[Block] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip(_WHITESPACE)
        if not line:
            continue
        outline_level = None
        if markdown:
            m = _MD_HEADING.match(line)
            if m:
                outline_level = len(m.group(1)) - 1
                line = line[m.end():]
            line = _MD_EMPHASIS.sub(r"\2", _MD_DECOR.sub("", line)).strip(_WHITESPACE)
            if not line:
                continue
        for piece in split_flattened(line):
            blocks.append(Block(index=len(blocks) + 1, text=piece, outline_level=outline_level,
                                source=f"L{line_no}", line=line_no))
    if not blocks:
        raise InputError(path, "文件中没有文字")
    return Document(path=str(path), kind="text", blocks=blocks, encoding=encoding)
