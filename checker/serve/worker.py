"""What runs inside a pool worker: check an upload, write the annotated / formatted copy, a skeleton.

Each function takes and returns plain data (bytes, dicts), so nothing of a parsed document
crosses the process boundary. Inputs are written to a private temporary folder under a name
chosen here (``draft`` + the sniffed suffix), never under the client's name, and removed after.
Configuration is never discovered from the file system: a draft is checked with the packs
and year given, exactly as ``fazhi check --format json`` checks a file with no ``.fazhi.yaml``.
"""

from __future__ import annotations

import json
import resource
import tempfile
from pathlib import Path

_limits = {"cpu": None}


def init_worker(memory_bytes: int | None, cpu_seconds: int | None, env: dict | None = None) -> None:
    """Pool initializer: cap this process's address space; remember the per-task CPU budget;
    set the environment variables given (e.g. which LibreOffice the readers may use)."""
    import os

    os.environ.update(env or {})
    if memory_bytes:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ValueError, OSError):
            pass
    _limits["cpu"] = cpu_seconds


def limited(fn, *args):
    """Run ``fn(*args)`` within this task's CPU budget (every pool task goes through here)."""
    _cpu_budget()
    return fn(*args)


def ping() -> int:
    return 0


def _cpu_budget() -> None:
    """Allow the coming task ``cpu`` more seconds of CPU (RLIMIT_CPU counts the whole process)."""
    seconds = _limits["cpu"]
    if not seconds:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass


def check_upload(data: bytes, suffix: str, name: str, packs: list[str] | None, year: int | None) -> dict:
    """Check ``data`` as a file ``name``; return {"document": the CLI's JSON document, "view": …}."""
    from checker.config import Config
    from checker.errors import FazhiError
    from checker.output import json_format
    from checker.runner import CheckOptions, FileResult, check_file

    options = CheckOptions(packs=packs or None, config=Config(), year=year)
    with tempfile.TemporaryDirectory(prefix="fazhi-serve-") as tmp:
        path = Path(tmp) / f"draft{suffix}"
        path.write_bytes(data)
        try:
            result = check_file(path, options)
        except FazhiError as err:  # a bad pack concerns the whole collection: report it on the file
            result = FileResult(str(path), "unreadable", error=str(err).replace(str(path), name))
        view = _view(result)
        result.path = name
        result.report = None
        document = json.loads(json_format.render([result]))
    return {"document": document, "view": view}


def _view(result) -> dict:
    """What the report page needs beyond the JSON record: the text blocks and the outline."""
    if result.report is None:
        return {"kind": result.kind, "blocks": [], "headings": result.headings}
    report = result.report
    blocks = [{"index": b.index, "text": b.text, "line": b.line, "section": report.section_of(b.index)}
              for b in report.document.blocks]
    return {"kind": result.kind, "blocks": blocks, "headings": result.headings}


def annotated_copy(data: bytes, findings: list[dict], title: str | None) -> bytes:
    """The .docx with one Word comment per stored finding (the same reader numbers the blocks)."""
    import io

    from checker.findings import Finding, Location, Severity
    from checker.output.annotate import annotate_document
    from checker.read.docx import read_docx

    document = read_docx(Path("draft.docx"), data, editable=True)  # python-docx objects, to write comments
    items = [Finding(rule=f["rule"], severity=Severity.parse(f["severity"]), message=f["message"],
                     location=Location(**f["location"]), section=f.get("section"), excerpt=f.get("excerpt"),
                     suggestion=f.get("suggestion")) for f in findings]
    annotate_document(document, items, title)
    buffer = io.BytesIO()
    document.docx.save(buffer)
    return buffer.getvalue()


def formatted_copy(data: bytes) -> tuple[bytes, list[str]]:
    """``fazhi format``'s copy of the .docx and its Chinese notes."""
    from checker.layout.repair import format_document

    with tempfile.TemporaryDirectory(prefix="fazhi-serve-") as tmp:
        src, out = Path(tmp) / "draft.docx", Path(tmp) / "formatted.docx"
        src.write_bytes(data)
        messages = format_document(src, out)
        return out.read_bytes(), [m.replace(str(src), "草稿").replace(str(out), "修复稿") for m in messages]


def skeleton(org: str, year: int) -> bytes:
    """``fazhi new --org ORG --year YEAR``'s skeleton."""
    from checker.scaffold.generate import new_report

    with tempfile.TemporaryDirectory(prefix="fazhi-serve-") as tmp:
        out = Path(tmp) / "new.docx"
        new_report(org=org, year=year, output=str(out))
        return out.read_bytes()


HEADER_WORDS = ("单位", "主体", "名称", "部门", "机关")


def xlsx_names(data: bytes) -> list[str]:
    """Body names from an .xlsx: the first non-empty column of the first sheet, one per cell; a
    first cell that reads as a column heading is skipped. Raises ValueError with a Chinese reason."""
    import io
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > 200 * 1024 * 1024:
                raise ValueError("名单文件解压后异常巨大，已拒绝读取")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValueError:
        raise
    except Exception:
        raise ValueError("无法读取名单文件：请上传 Excel 的 .xlsx 文件（第一列为报告主体名称）") from None
    sheet = book.worksheets[0]
    columns: dict[int, list[str]] = {}
    for row in sheet.iter_rows(values_only=True):
        for i, value in enumerate(row):
            text = " ".join(str(value).split()) if value is not None else ""
            if text:
                columns.setdefault(i, []).append(text)
    book.close()
    if not columns:
        return []
    values = columns[min(columns)]
    if values and len(values[0]) <= 8 and any(w in values[0] for w in HEADER_WORDS):
        values = values[1:]
    out = []
    for v in values:
        if v not in out:
            out.append(v)
    return out
