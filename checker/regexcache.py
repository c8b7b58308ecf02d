"""Compiled regular expressions kept on disk for the next process.

A fresh ``fazhi check`` compiles some six hundred patterns (the packs' and the modules'),
and ``re`` is slow at it: for every class of CJK ranges it fills a 64K map in Python, a
few milliseconds each. Together that costs a cold check more than reading the report.

:func:`compile` gives what ``re.compile(pattern, flags)`` gives. It builds the pattern as
``re`` does (parse, generate the matcher's code, create it), keeps the generated code, and
the next process creates the pattern straight from the stored code. :func:`remembered`
keeps other small results derived from a pattern's text (e.g. what a pre-test reads from
its syntax) the same way.

The store is one file per Python build beside the pack cache
(:mod:`checker.packs.diskcache`; off when that is off), keyed by the pattern's text and
flags, so it never goes stale; it is written once, when the process ends, if anything
was added. The code format is private to Python: once per process a pattern built this
way is compared with ``re.compile``'s own before any code is stored, and if they differ
(another Python version), or anything else fails, patterns are compiled by ``re`` as usual.
"""

from __future__ import annotations

import atexit
import re

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - a Python without the private modules
    _sre = _compiler = _parser = None

MAX_ENTRIES = 4096  # a cap for the store: the shipped packs need about 700

_codes: dict | None = None  # (pattern, flags) -> arguments of _sre.compile after the pattern
_memos: dict | None = None  # (namespace, key) -> value
_state = {"usable": None, "added": False}


def _load() -> None:
    """Read the store (written by a process of this same Python build that found
    :func:`_usable` true: that test need not run again to use it)."""
    global _codes, _memos
    _codes, _memos = {}, {}
    if _sre is not None:
        from checker.packs import diskcache

        stored = diskcache.load(_store_key(), kind="regex")
        if isinstance(stored, tuple) and len(stored) == 2 and all(isinstance(d, dict) for d in stored):
            _codes, _memos = stored


def _store_key() -> str:
    import hashlib
    import sys

    return hashlib.sha256(f"{sys.version}\n{_sre.MAGIC}\n{_sre.CODESIZE}\n{sys.maxunicode}".encode()).hexdigest()[:32]


def _code_of(pattern: str, flags: int) -> tuple:
    """The arguments ``re`` passes to ``_sre.compile`` for ``pattern`` (what
    ``re._compiler.compile`` works out); raises ``re.error`` for a bad pattern."""
    parsed = _parser.parse(pattern, flags)
    code = list(map(int, _compiler._code(parsed, flags)))  # opcodes are int subclasses that refuse pickling
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))


_PROBE = r"(?P<year>(?:19|20)\d\d)年(?i:[a-z]+)[一二三]{2,6}?(?<![原旧])\1?"  # groups, flags, classes


def _usable() -> bool:
    """Whether patterns built from stored code are the ones ``re`` builds (checked once)."""
    usable = _state["usable"]
    if usable is None:
        try:
            usable = _sre.compile(_PROBE, *_code_of(_PROBE, 0)) == re.compile(_PROBE)
        except Exception:  # noqa: BLE001 - private modules missing or changed
            usable = False
        _state["usable"] = usable
    return usable


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    """``re.compile(pattern, flags)`` (for a ``str`` pattern), from the store when there."""
    if _codes is None:
        _load()
    flags = int(flags)
    key = (pattern, flags)
    args = _codes.get(key)
    if args is not None:
        try:
            return _sre.compile(pattern, *args)
        except Exception:  # noqa: BLE001 - a stored entry that does not fit: compile afresh
            del _codes[key]
    if not _usable() or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    args = _code_of(pattern, flags)  # a bad pattern raises re.error here, as re.compile would
    _codes[key] = args
    _added()
    return _sre.compile(pattern, *args)


def remembered(namespace: str, key, compute):
    """``compute()``, kept under (``namespace``, ``key``) for later processes; the value
    must be small, picklable and depend on ``key`` alone."""
    if _memos is None:
        _load()
    slot = (namespace, key)
    try:
        return _memos[slot]
    except KeyError:
        pass
    value = _memos[slot] = compute()
    if _sre is not None:
        _added()
    return value


def _added() -> None:
    if not _state["added"]:
        _state["added"] = True
        atexit.register(save)


def save() -> None:
    """Write the store if this process added to it (the newest :data:`MAX_ENTRIES`
    entries of each kind)."""
    if not _state["added"] or _codes is None:
        return
    _state["added"] = False
    from checker.packs import diskcache

    codes = dict(list(_codes.items())[-MAX_ENTRIES:])
    memos = dict(list(_memos.items())[-MAX_ENTRIES:])
    diskcache.store(_store_key(), (codes, memos), kind="regex")
