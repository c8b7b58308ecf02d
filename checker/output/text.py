"""Human-readable Chinese report for the terminal."""

from __future__ import annotations

from .summary import summarize


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
    lines = [result.path]
    if result.status == "unreadable":
        lines.append(f"  无法读取：{result.error}")
        return lines
    if not result.findings:
        lines.append("  未发现问题")
    for f in result.findings:
        lines.append(f"  {f.severity.chinese}  {_place(f)}  [{f.rule}]")
        lines.append(f"      {f.message}")
        if f.excerpt:
            lines.append(f"      原文：{f.excerpt}")
        if f.suggestion:
            lines.append(f"      建议：{f.suggestion}")
    return lines


def summary_line(results) -> str:
    s = summarize(results)
    text = f"共检查 {s['files']} 个文件：{s['error']} 个错误，{s['warning']} 个警告，{s['info']} 个提示"
    if s["unreadable"]:
        text += f"，{s['unreadable']} 个文件无法读取"
    return text


def render(results) -> str:
    lines = []
    for result in results:
        lines.extend(render_file(result))
        lines.append("")
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"
