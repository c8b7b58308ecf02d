"""The reviewer's downloads for a collection: the dashboard as .xlsx, the HTML report, the drafts as a zip."""

from __future__ import annotations

import io
import re
import zipfile

from checker.serve.views import when

XLSX_HEADER = ["序号", "报告主体", "状态", "提交时间", "是否逾期", "版本数", "错误", "警告", "提示", "主要问题", "报告标题", "报告年度"]
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
SUFFIX = {"docx": ".docx", "text": ".txt"}


def _late_text(row) -> str:
    if row["submitted"] is None:
        return ""
    return "逾期" if row["late"] else "按时"


def _cell(value):
    """Text that a spreadsheet program must not read as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def dashboard_xlsx(collection, rows, links: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "提交情况"
    sheet.append(XLSX_HEADER)
    for n, row in enumerate(rows, 1):
        sheet.append([_cell(v) for v in (
            n, row["body"].name, row["state_text"], when(row["submitted"]), _late_text(row), row["versions"],
            row["errors"], row["warnings"], row["infos"], "；".join(row["problems"]), row["title"] or "",
            row["year"] or "")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJKL", (6, 28, 14, 18, 10, 8, 8, 8, 8, 60, 40, 10)):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=2, min_col=10, max_col=10):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    links_sheet = book.create_sheet("上传链接")
    links_sheet.append(["报告主体", "上传链接（仅发给该单位）"])
    for row, link in zip(rows, links):
        links_sheet.append([_cell(row["body"].name), link])
    links_sheet.column_dimensions["A"].width = 28
    links_sheet.column_dimensions["B"].width = 90
    info = book.create_sheet("说明")
    info.append(["收集", _cell(collection.name)])
    info.append(["报告年度", collection.year])
    info.append(["报送截止", collection.due.isoformat()])
    info.append(["公开截止", collection.publish_by.isoformat()])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(body_name: str, original: str, kind: str) -> str:
    base = _UNSAFE.sub("_", body_name).strip(" ._") or "未命名单位"
    suffix = SUFFIX.get(kind)
    if suffix is None:
        ext = original.rsplit(".", 1)[-1].lower() if "." in original else ""
        suffix = f".{ext}" if ext.isalnum() and len(ext) <= 5 else ".bin"
    return base[:80] + suffix


def drafts_zip(items) -> bytes:
    """``items``: (body name, uploaded name, kind, bytes) of each body's latest draft; one file per body."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for body_name, original, kind, data in items:
            name = file_name(body_name, original, kind)
            stem, dot, ext = name.rpartition(".")
            n = 2
            while name.casefold() in taken:
                name = f"{stem}-{n}.{ext}"
                n += 1
            taken.add(name.casefold())
            zf.writestr(name, data)
    return buffer.getvalue()


def html_report(checks: list[tuple[str, dict, str | None]]) -> str:
    """The CLI's HTML report over each body's latest check: (body name, check row, annotated href)."""
    from checker.findings import Finding, Location, Severity
    from checker.output import html
    from checker.runner import FileResult

    results, bodies, links = [], [], []
    for body_name, check, href in checks:
        record = check["document"]["files"][0]
        findings = [Finding(rule=f["rule"], severity=Severity.parse(f["severity"]), message=f["message"],
                            location=Location(**f["location"]), section=f.get("section"),
                            excerpt=f.get("excerpt"), suggestion=f.get("suggestion")) for f in record["findings"]]
        results.append(FileResult(path=record["path"], status=record["status"], error=record["error"],
                                  kind=check["view"].get("kind"), meta=record.get("meta"),
                                  sections=record.get("sections") or [], headings=check["view"].get("headings") or [],
                                  findings=findings))
        bodies.append(body_name)
        links.append(href)
    return html.render(results, bodies=bodies, annotated=links)
