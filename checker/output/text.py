"""Human-readable Chinese report for the terminal."""

from __future__ import annotations

import re
import unicodedata

from checker.findings import Severity
from checker.output.summary import summarize, unchecked_label, unchecked_reason

# characters a terminal would act on instead of showing: C0/C1 controls (escape sequences,
# carriage return, newline inside a name), DEL, and the bidirectional overrides that make a
# name read differently from what it is; tab is kept
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ ␊ ␍ …
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def printable(value, keep_newlines: bool = False) -> str:
    """``value`` with every character a terminal would interpret shown as a visible symbol
    (line breaks kept with ``keep_newlines``: inside a message they are text, in a file
    name they would forge a line)."""
    text = str(value)
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_visible, part) for part in text.split("\n"))
    return _UNSAFE.sub(_visible, text)


def _place(f) -> str:
    loc = f.location
    parts = []
    if loc.line is not None:
        parts.append(f"第{loc.line}行")
    elif loc.block is not None:
        parts.append(f"第{loc.block}段")
    else:
        parts.append("全文")
    if loc.heading:
        parts.append(f"〔{loc.heading}〕")
    return " ".join(parts)


def render_file(result) -> list[str]:
    lines = [printable(result.path)]
    if result.status == "unreadable":
        lines.append(f"  {printable(unchecked_reason(result))}")
        return lines
    for note in getattr(result, "notes", None) or []:
        lines.append(f"  说明：{printable(note)}")
    if not result.findings:
        lines.append("  未发现问题")
    for f in result.findings:
        lines.append(f"  {f.severity.chinese}  {printable(_place(f))}  [{f.rule}]")
        lines.append(f"      {printable(f.message, True)}")
        if f.excerpt:
            lines.append(f"      原文：{printable(f.excerpt, True)}")
        if f.suggestion:
            lines.append(f"      建议：{printable(f.suggestion, True)}")
    return lines


def summary_line(results) -> str:
    s = summarize(results)
    text = f"共检查 {s['files']} 个文件：{s['error']} 个错误，{s['warning']} 个警告，{s['info']} 个提示"
    internal = sum(1 for r in results if r.status == "unreadable" and getattr(r, "internal", False))
    if s["unreadable"] > internal:
        text += f"，{s['unreadable'] - internal} 个文件无法读取"
    if internal:
        text += f"，{internal} 个文件因 fazhi 内部错误未能检查"
    return text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _status(result) -> str:
    if result.status == "unreadable":
        return unchecked_label(result)
    if result.count(Severity.ERROR):
        return "不通过"
    return "有警告" if result.count(Severity.WARNING) else "通过"


def table(results) -> list[str]:
    """One row per file: file, errors, warnings, status."""
    rows = [("文件", "错误", "警告", "状态")]
    for r in results:
        rows.append((printable(r.path), str(r.count(Severity.ERROR)), str(r.count(Severity.WARNING)), _status(r)))
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def render(results) -> str:
    lines = []
    for result in results:
        lines.extend(render_file(result))
        lines.append("")
    if len(results) > 1:
        lines.extend(table(results))
        lines.append("")
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"
