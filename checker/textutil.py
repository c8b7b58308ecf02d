"""Tiny text helpers shared across modules."""

from __future__ import annotations

EXCERPT_RADIUS = 20


def excerpt(text: str, start: int = 0, end: int | None = None, radius: int = EXCERPT_RADIUS) -> str:
    """The text around [start, end) with ellipses where it was cut."""
    end = start if end is None else end
    lo = max(0, start - radius)
    hi = min(len(text), max(end, start) + radius)
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")
