"""Errors that reach the user as one clear line (never a traceback)."""

from __future__ import annotations


class FazhiError(Exception):
    """Base class: ``str(err)`` is a complete, user-facing Chinese sentence."""


class InputError(FazhiError):
    """An input file could not be read (corrupt, encrypted, legacy format, ...)."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}：{reason}")


class PackError(FazhiError):
    """A rule pack or config file is invalid; carries file and line."""

    def __init__(self, path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}：{reason}")


class UsageError(FazhiError):
    """Wrong use of the command line or of an API."""
