"""The shipped packs, loaded and validated once, kept on disk for the next run.

Reading the shipped YAML packs and validating every rule (types, regular expressions)
costs more than checking a small report; every ``fazhi check`` and every worker process
would pay it again. The loaded packs are pickled under ``$FAZHI_CACHE_DIR`` (default
``$XDG_CACHE_HOME/fazhi`` or ``~/.cache/fazhi``; set it empty to turn the cache off),
keyed by the Python version and by the size and modification time of every shipped pack
file and of every module of the package: an edited pack or a new version of fazhi is
loaded and validated afresh. Only the shipped packs are kept: user packs are always read
and validated. A cache that cannot be read or written is ignored (the packs are then
loaded as without it).

The same folder keeps other derived data under their own ``kind`` (e.g. compiled regular
expressions, :mod:`checker.regexcache`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

CACHE_ENV = "FAZHI_CACHE_DIR"
STALE_DAYS = 30  # entries (other versions or installations) not used for this long are removed
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fazhi"


def _stamps(folder: Path, suffixes: tuple) -> list[str]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(suffixes):
                st = os.stat(os.path.join(root, name))
                out.append(f"{os.path.relpath(os.path.join(root, name), folder)}:{st.st_size}:{st.st_mtime_ns}")
    return out


def key(pack_files: list[Path]) -> str:
    """What the loaded packs depend on: the pack files, the code that reads them, Python."""
    parts = [sys.version, str(pickle.HIGHEST_PROTOCOL), str(_PACKAGE)]
    for path in sorted(pack_files):
        st = path.stat()
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    parts.extend(_stamps(_PACKAGE, (".py",)))
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def load(cache_key: str, kind: str = "packs"):
    """The object stored under ``cache_key``, or None (none stored, or unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    entry = folder / f"{kind}-{cache_key}.pickle"
    try:
        with open(entry, "rb") as fh:
            value = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: load the packs afresh
        return None
    try:
        os.utime(entry)  # in use: not stale (see _prune)
    except OSError:
        pass
    return value


def store(cache_key: str, value, kind: str = "packs") -> None:
    """Keep ``value`` under ``cache_key`` (written to a temporary file, then renamed:
    a concurrent reader sees the old file or the new one, never half of one)."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile  # only a writer needs it

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{kind}-{cache_key}.pickle")
        tmp = None
        _prune(folder, kind)
    except Exception:  # noqa: BLE001 - read-only home, full disk, unpicklable value: run without the cache
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path, kind: str) -> None:
    """Remove entries not used for :data:`STALE_DAYS` (earlier versions of the packs)."""
    import time

    limit = time.time() - STALE_DAYS * 86400
    for entry in folder.glob(f"{kind}-*.pickle"):
        try:
            if entry.stat().st_mtime < limit:
                entry.unlink()
        except OSError:
            pass
