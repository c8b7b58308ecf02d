"""GitHub Actions: workflow-command annotations, full details in a log group, and the
complete table in the job summary.

- ``::error file=…,line=…,title=…::message`` per finding (info → ``::notice``), data
  escaped (``%``, CR, LF) and properties escaped (also ``:`` and ``,``);
- at most :data:`LIMIT` annotations per level — GitHub shows no more than 10 errors,
  10 warnings and 10 notices per step — then one plain line per level saying how many
  more there are; unreadable files come first among the errors;
- ``line`` is the text line for ``.txt``/``.md`` and the paragraph index for ``.docx``
  (the title says 第N段); a finding about the whole report has no line;
- the full text report inside ``::group::``, with workflow commands stopped so that no
  text from a checked document can act as a command;
- when ``$GITHUB_STEP_SUMMARY`` is set, a Markdown summary (per-file table and every
  finding) is appended to that file.
"""

from __future__ import annotations

import hashlib
import html
import os
import re

from checker.findings import Severity
from checker.output import text as text_format
from checker.output.sarif import finding_line, relative_path
from checker.output.summary import unchecked_label, unchecked_reason

LIMIT = 10  # annotations per level and step (GitHub's limit)
SUMMARY_BUDGET = 1_000_000  # GitHub refuses a step summary over 1 MiB
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def escape_data(value: str) -> str:
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties) -> str:
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _place(finding, kind) -> str:
    loc = finding.location
    if loc.block is None and loc.line is None:
        return "全文"
    return f"第{finding_line(finding, kind)}{'段' if kind == 'docx' else '行'}"


def _annotation(finding, result) -> str:
    message = finding.message
    if finding.excerpt:
        message += f"\n原文：{finding.excerpt}"
    if finding.suggestion:
        message += f"\n建议：{finding.suggestion}"
    has_place = finding.location.block is not None or finding.location.line is not None
    return command(COMMANDS[finding.severity], message, file=relative_path(result.path),
                   line=str(finding_line(finding, result.kind)) if has_place else None,
                   title=f"{finding.rule}（{_place(finding, result.kind)}）")


def annotations(results) -> list[str]:
    by_level: dict[Severity, list[str]] = {s: [] for s in COMMANDS}
    for r in results:
        if r.status == "unreadable":
            by_level[Severity.ERROR].append(
                command("error", unchecked_reason(r), file=relative_path(r.path), title=unchecked_label(r)))
    for r in results:
        for f in r.findings:
            by_level[f.severity].append(_annotation(f, r))
    lines = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        items = by_level[severity]
        lines.extend(items[:LIMIT])
        if len(items) > LIMIT:
            lines.append(f"fazhi：另有 {len(items) - LIMIT} 个{severity.chinese}未显示为注释"
                         f"（GitHub 每步最多显示 {LIMIT} 个），完整列表见下方“检查详情”和作业摘要")
    return lines


def _details(results) -> list[str]:
    body = text_format.render(results)
    token = "fazhi-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
    return ["::group::fazhi 检查详情", f"::stop-commands::{token}", body.rstrip("\n"),
            f"::{token}::", "::endgroup::"]


# ---- job summary (Markdown) ----

def md(value) -> str:
    """Text for a Markdown table cell: HTML and Markdown syntax neutralised, one line."""
    text = html.escape(str(value if value is not None else ""), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _file_table(results) -> list[str]:
    lines = ["| 文件 | 错误 | 警告 | 提示 | 状态 |", "| --- | ---: | ---: | ---: | --- |"]
    for r in results:
        counts = [sum(1 for f in r.findings if f.severity == s)
                  for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
        status = _status(r, counts)
        if r.status == "unreadable":
            status += f"：{md(r.error)}"
        lines.append(f"| {md(relative_path(r.path))} | {counts[0]} | {counts[1]} | {counts[2]} | {status} |")
    return lines


def _status(result, counts) -> str:
    if result.status == "unreadable":
        return f"⛔ {unchecked_label(result)}"
    if counts[0]:
        return "❌ 不通过"
    if counts[1]:
        return "⚠️ 有警告"
    return "✅ 通过"


def _file_details(result) -> list[str]:
    if not result.findings:
        return []
    lines = [f"### {md(relative_path(result.path))}", "",
             "| 位置 | 级别 | 规则 | 问题 | 原文 | 建议 |", "| --- | --- | --- | --- | --- | --- |"]
    for f in result.findings:
        place = _place(f, result.kind)
        if f.location.heading:
            place += f"<br>{md(f.location.heading)}"
        lines.append(f"| {place} | {f.severity.chinese} | `{f.rule}` | {md(f.message)} | "
                     f"{md(f.excerpt)} | {md(f.suggestion)} |")
    return lines + [""]


def step_summary(results) -> str:
    head = ["## fazhi 检查结果", "", md(text_format.summary_line(results)), "", *_file_table(results), ""]
    parts = ["\n".join(head) + "\n"]
    size = len(parts[0].encode("utf-8"))
    files_with_findings = [r for r in results if r.findings]
    for i, r in enumerate(files_with_findings):
        chunk = "\n".join(_file_details(r)) + "\n"
        size += len(chunk.encode("utf-8"))
        if size > SUMMARY_BUDGET:
            parts.append(f"\n（摘要已达 GitHub 1 MiB 上限，其余 {len(files_with_findings) - i} 个文件的明细从略，"
                         f"请查看日志中的“检查详情”）\n")
            break
        parts.append(chunk)
    return "".join(parts)


def _append_summary(path: str, content: str) -> str | None:
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(content)
    except OSError as exc:
        return f"无法写入作业摘要 {path}（{exc.strerror or exc}）"
    return None


def render(results) -> str:
    lines = annotations(results)
    lines.extend(_details(results))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        problem = _append_summary(summary_path, step_summary(results))
        if problem:
            lines.append(command("warning", problem, title="fazhi"))
    lines.append(text_format.summary_line(results))
    return "\n".join(lines) + "\n"
