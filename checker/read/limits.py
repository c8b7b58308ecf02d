"""Read an input file only when its size is plausible: the size is checked (fstat)
before anything is read, so a sparse file of gigabytes costs nothing, and a device or
pipe is never read past the limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from checker.errors import InputError

MB = 1024 * 1024
MAX_DOCX_BYTES = 200 * MB  # a report with many photos is tens of MB
MAX_TEXT_BYTES = 64 * MB


def read_capped(path: Path, limit: int, what: str = "文件") -> bytes:
    """The bytes of ``path``; InputError when it is larger than ``limit``.
    OSError (missing, no permission …) is left to the caller."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        regular = stat.S_ISREG(st.st_mode)
        if regular and st.st_size > limit:
            raise InputError(path, f"{what}过大（{_mb(st.st_size)}，上限 {_mb(limit)}），不像一份年度报告，未读取")
        # A read asks for a buffer of the size it names: name the file's size, not the limit
        # (a file that grew since fstat is read on up to the limit).
        data = fh.read(st.st_size + 1) if regular else b""
        if not regular or len(data) > st.st_size:
            data += fh.read(limit + 1 - len(data))
    if len(data) > limit:
        raise InputError(path, f"{what}过大（超过 {_mb(limit)}），不像一份年度报告，未读取")
    return data


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size // 1024} KB"
