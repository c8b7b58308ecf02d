"""Write output files atomically (temp file in the same folder, then rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from checker.errors import UsageError


def ensure_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(f"{path}：文件已存在，未覆盖（如需覆盖请加 --force）")
    if path.is_dir():
        raise UsageError(f"{path}：这是一个文件夹，不能作为输出文件")


def write_bytes(path: str | Path, data: bytes, force: bool = False) -> None:
    path = Path(path)
    ensure_writable(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"{path}：无法写入（{exc.strerror or exc}）") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UsageError(f"{path}：无法写入（{exc.strerror or exc}）") from None


def write_text(path: str | Path, text: str, force: bool = False) -> None:
    write_bytes(path, text.encode("utf-8"), force)
