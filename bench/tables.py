"""Result tables: printed aligned on the console, written as Markdown to results.md."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digits: dict[str, int] = field(default_factory=dict)  # column -> decimals

    def add(self, *cells) -> None:
        self.rows.append(list(cells))

    def labels(self) -> list[str]:
        return [str(r[0]) for r in self.rows]

    def row(self, label: str) -> dict | None:
        for r in self.rows:
            if str(r[0]) == label:
                return dict(zip(self.columns, r))
        return None

    def _cells(self) -> list[list[str]]:
        out = []
        for r in self.rows:
            out.append([fmt(v, self.digits.get(c, 1 if isinstance(v, float) else 0))
                        for c, v in zip(self.columns, r)])
        return out

    def markdown(self) -> str:
        lines = [f"### {self.title}", ""]
        if self.rows:
            lines.append("| " + " | ".join(self.columns) + " |")
            lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(self.columns))) + "|")
            for cells in self._cells():
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            lines.append("")
        for note in self.notes:
            lines.append(f"- {note}")
        if self.notes:
            lines.append("")
        return "\n".join(lines)

    def text(self) -> str:
        cells = self._cells()
        widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(self.columns)]

        def line(values):
            parts = []
            for i, v in enumerate(values):
                pad = " " * (widths[i] - _width(v))
                parts.append(v + pad if i == 0 else pad + v)
            return "  ".join(parts).rstrip()

        out = [f"== {self.title}"]
        if self.rows:
            out.append(line(self.columns))
            out.extend(line(r) for r in cells)
        out.extend(f"  * {n}" for n in self.notes)
        return "\n".join(out) + "\n"
