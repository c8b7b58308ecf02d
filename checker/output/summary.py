"""Counts over a run's results, shared by all formatters."""

from __future__ import annotations

from checker.findings import Severity


def unchecked_label(result) -> str:
    """What a file that could not be checked is called: 无法读取 when the file is at fault,
    内部错误 when fazhi itself failed on it."""
    return "内部错误" if getattr(result, "internal", False) else "无法读取"


def unchecked_reason(result) -> str:
    """Why a file has no findings, labelled: ``无法读取：…`` when the file is at fault; the
    runner's own text (``内部错误：…，不是文件的问题``) when fazhi itself failed."""
    return result.error if getattr(result, "internal", False) else f"无法读取：{result.error}"


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
