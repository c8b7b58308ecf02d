"""Locate data shipped with the tool (rule packs, templates).

In an installed wheel the data lives inside the package (``checker/rules``,
``checker/templates``); in a source checkout it sits beside the package at the
repository root. Never depends on the current directory.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory holding shipped data ``name`` (``rules`` or ``templates``)."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped data directory {name!r} not found next to {_PACKAGE_DIR}")


def rules_dir() -> Path:
    return data_dir("rules")


def templates_dir() -> Path:
    return data_dir("templates")
