"""Counts over a run's results, shared by all formatters."""

from __future__ import annotations

from checker.findings import Severity


def summarize(results) -> dict:
    out = {"files": len(results), "unreadable": sum(1 for r in results if r.status == "unreadable"),
           "error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            out[f.severity.label] += 1
    return out


def worst(results) -> Severity | None:
    levels = [f.severity for r in results for f in r.findings]
    return max(levels) if levels else None
