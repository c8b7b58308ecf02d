"""Containers that remember the YAML line they were read from (for messages that say where).

Kept apart from :mod:`checker.packs.yamlload` so that unpickling loaded packs (the disk cache)
does not import PyYAML."""

from __future__ import annotations


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int | None = None
    key_lines: dict

    def line_of(self, key) -> int | None:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int | None = None
