"""Write output files safely.

- ``-`` is standard output.
- A regular file is written to a temporary file in the same folder, then published: with a
  hard link, which fails when the name exists (so "never overwrite without --force" holds
  even when two runs race for one name), or with ``force`` by a rename over the old file.
  Where hard links are not available the file is created exclusively (``O_EXCL``) instead.
- An existing character device or named pipe (``/dev/null``, ``/dev/stdout``, a FIFO),
  also through a symlink, and anything under ``/dev`` or ``/proc``, is written as a stream
  (opened, appended to, never renamed over or replaced). Block devices and sockets are refused.
- An output that is one of the run's inputs (the same file: also through a symlink or a hard
  link) is refused, ``force`` or not.
- A symlink at the output path is replaced by the new file (with ``force``); the file it
  pointed to is left alone.
- New files get mode 0666 minus the umask (0644 usually), also when replacing.
- Any operating-system error (full disk, no permission, name too long …) is one Chinese line.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from checker.errors import UsageError, os_reason

STDOUT = "-"
_STREAM_ROOTS = ("/dev/", "/proc/")


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a newly created output file gets (0666 minus the umask)."""
    return 0o666 & ~_umask()


def _fail(path, exc: OSError):
    raise UsageError(f"{path}：无法写入（{os_reason(exc)}）") from None


def _kind(path: Path) -> str:
    """missing | dangling | file | dir | stream | block | socket (symlinks followed)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError as exc:
        _fail(path, exc)
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "dangling"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "dangling"
        _fail(path, exc)
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISBLK(mode):
        return "block"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or _under_system_roots(path):
        return "stream"
    return "file"


def _under_system_roots(path: Path) -> bool:
    """``/dev/stdout`` may point at a regular file (a shell redirection): still a stream."""
    candidates = (os.path.abspath(path), os.path.realpath(path))
    return any(c.startswith(_STREAM_ROOTS) for c in candidates)


def identity(path) -> tuple[int, int] | None:
    """(device, inode) of the file ``path`` names (symlinks followed), None when absent."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def refuse_inputs(path, inputs) -> None:
    """Raise when ``path`` is the same file as one of ``inputs`` (also via links)."""
    own = identity(path)
    if own is None:
        return
    for candidate in inputs or ():
        if candidate is not None and identity(candidate) == own:
            same = "" if os.path.abspath(candidate) == os.path.abspath(path) else f"（与输入文件 {candidate} 是同一个文件）"
            raise UsageError(f"{path}：输出文件不能是输入文件{same}，--force 也不会覆盖；请用 -o 指定另一个文件")


def ensure_writable(path, force: bool, inputs=()) -> None:
    """Refuse early (before any work) an output that cannot or must not be written."""
    if str(path) == STDOUT:
        return
    path = Path(path)
    kind = _kind(path)
    if kind == "dir":
        raise UsageError(f"{path}：这是一个文件夹，不能作为输出文件")
    if kind == "block":
        raise UsageError(f"{path}：这是块设备（磁盘），不能作为输出文件")
    if kind == "socket":
        raise UsageError(f"{path}：这是套接字，不能作为输出文件")
    refuse_inputs(path, inputs)
    if kind in ("file", "dangling") and not force:
        raise UsageError(f"{path}：文件已存在，未覆盖（如需覆盖请加 --force）")


def write_bytes(path: str | Path, data: bytes, force: bool = False, inputs=(), text: bool = False) -> None:
    """Write ``data`` to ``path`` as described in the module docstring.

    ``inputs`` are files the output must never be; ``text`` says the data may go to a terminal.
    """
    if str(path) == STDOUT:
        _write_stdout(data, text)
        return
    path = Path(path)
    ensure_writable(path, force, inputs)
    if _kind(path) == "stream":
        _write_stream(path, data)
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".fazhi-", suffix=".tmp", dir=folder)
    except OSError as exc:
        _fail(path, exc)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), file_mode())
                fh.write(data)
        except OSError as exc:
            _fail(path, exc)
        _publish(tmp, path, data, force)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _publish(tmp: str, path: Path, data: bytes, force: bool) -> None:
    if force:
        try:
            os.replace(tmp, path)
        except OSError as exc:
            _fail(path, exc)
        return
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise UsageError(f"{path}：文件已存在，未覆盖（如需覆盖请加 --force）") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            _fail(path, exc)
    _create_exclusive(path, data)  # a file system without hard links


def _create_exclusive(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode())
    except FileExistsError:
        raise UsageError(f"{path}：文件已存在，未覆盖（如需覆盖请加 --force）") from None
    except OSError as exc:
        _fail(path, exc)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        try:
            os.unlink(path)
        except OSError:
            pass
        _fail(path, exc)


def _write_stream(path: Path, data: bytes) -> None:
    """A device or a pipe: open and write, never create, truncate or rename."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_NOCTTY)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        _fail(path, exc)


def _write_stdout(data: bytes, text: bool) -> None:
    stream = sys.stdout
    if not text and stream.isatty():
        raise UsageError("不能把 .docx 写到终端（-o - 是标准输出，请重定向到文件）")
    try:
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UsageError(f"无法写出到标准输出（{os_reason(exc)}）") from None


def write_text(path: str | Path, text: str, force: bool = False, inputs=()) -> None:
    write_bytes(path, text.encode("utf-8"), force, inputs, text=True)
