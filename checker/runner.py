"""Check files: collect inputs, read, analyse, run rules; one FileResult per input.

This is the library entry point the CLI (and tests) use; it never prints.
"""

from __future__ import annotations

import os
import traceback
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from checker.config import Config, discover
from checker.read.convert import convert_batch
from checker.read.document import (CONVERTED_SUFFIXES, SUPPORTED_SUFFIXES, UNSUPPORTED_DOCUMENT_SUFFIXES, load,
                                   parse)
from checker.engine import run_rules
from checker.errors import FazhiError, InputError, PackError
from checker.findings import Finding, Severity
from checker.packs.loader import analysis_model, apply_rule_settings, select_packs
from checker.analysis.report import Expectations, Report, analyze, model_for


@dataclass
class FileResult:
    """Outcome for one input, as plain data (picklable, nothing of the parsed document):
    only :func:`check_file` and :func:`check_text`, the single-document API, also keep the
    analysed ``report`` for the caller to inspect; batches never do."""

    path: str
    status: str  # "checked" | "unreadable"
    error: str | None = None
    kind: str | None = None  # "docx" | "text"
    meta: dict | None = None
    sections: list[dict] = field(default_factory=list)
    headings: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    report: Report | None = None
    rules: list[str] = field(default_factory=list)  # ids of the rules that ran
    notes: list[str] = field(default_factory=list)  # reader notes (e.g. numbering shown in decimal)
    annotate_note: str | None = None  # why the annotated copy was not written, if it was not
    internal: bool = False  # the file could not be checked because of a defect in fazhi
    trace: str | None = None  # the traceback of that defect (shown with --debug)

    @classmethod
    def from_report(cls, path, report: Report, findings, rules=()) -> "FileResult":
        return cls(
            path=str(path), status="checked", kind=report.document.kind, meta=report.meta.to_dict(),
            sections=[s.to_dict() for s in report.sections],
            headings=[{"block": h.block, "depth": h.depth, "text": h.text, "path": h.path,
                       "section": report.section_of(h.block)} for h in report.outline.headings],
            findings=findings, report=report, rules=[r.full_id for r in rules],
            notes=list(getattr(report.document, "notes", [])))

    def detached(self) -> "FileResult":
        """A copy without the in-process report (plain data only)."""
        return FileResult(self.path, self.status, self.error, self.kind, self.meta, self.sections,
                          self.headings, self.findings, None, self.rules, list(self.notes), self.annotate_note,
                          self.internal, self.trace)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass
class CheckOptions:
    packs: list[str] | None = None  # from --pack (replaces config and defaults)
    rule_settings: dict = field(default_factory=dict)  # from --rule ID=VALUE (applied last)
    config: Config | None = None  # from --config; None = discover per file
    year: int | None = None
    level: str | None = None
    previous: str | None = None  # from --previous: last year's report, or a folder of them


# every file a department may send is listed: drafts are checked (old word-processor
# formats through LibreOffice), PDFs are listed as not checked with the reason
WALKED_SUFFIXES = SUPPORTED_SUFFIXES | UNSUPPORTED_DOCUMENT_SUFFIXES
# a folder holding this file was written by fazhi (annotated copies): never checked again
OUTPUT_MARKER = ".fazhi-output"


def collect_inputs(paths: list[str], skipped: list | None = None,
                   exclude: tuple = ()) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to check (folders walked recursively) and paths that cannot be used.

    Folders fazhi wrote (``OUTPUT_MARKER``) and the folders in ``exclude`` are not walked;
    each is added to ``skipped`` as (path, reason) when a list is given."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    skipped = skipped if skipped is not None else []
    excluded = {_identity(Path(e)) for e in exclude} - {None}
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                files.extend(_walk(path, problems, skipped, excluded))
            elif path.name.startswith("~$"):
                continue  # Word/WPS lock file of an open document, never a draft
            elif path.exists() or path.is_symlink():
                files.append(path)
            else:
                problems.append((path, "文件不存在"))
        except OSError as exc:
            problems.append((path, _os_reason(exc)))
    return files, problems


def _os_reason(exc: OSError) -> str:
    if exc.errno == 36:  # ENAMETOOLONG
        return "文件名或路径过长，系统无法打开"
    if isinstance(exc, PermissionError):
        return "没有权限"
    return f"无法访问（{exc.strerror or exc}）"


def _identity(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _walk(root: Path, problems, skipped, excluded) -> list[Path]:
    out = []

    def onerror(err):
        where = Path(err.filename or root)
        reason = "无法读取文件夹（没有权限）" if isinstance(err, PermissionError) else _os_reason(err)
        problems.append((where, reason))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        if OUTPUT_MARKER in filenames or (excluded and _identity(Path(dirpath)) in excluded):
            skipped.append((Path(dirpath), "fazhi 生成的批注副本文件夹，不再检查"))
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue
            p = Path(dirpath) / name
            if p.suffix.lower() in WALKED_SUFFIXES:
                out.append(p)
    return out


def check_file(path: Path | str, options: CheckOptions | None = None) -> FileResult:
    """Check one file; the result keeps the analysed report for the caller to inspect."""
    return _check(Path(path), options or CheckOptions())[0]


def _check(path: Path, options: CheckOptions, keep_source: bool = False, converted=None):
    """(result with report, Source or None)."""
    try:
        config = options.config if options.config is not None else discover(path)
    except PackError as err:
        return FileResult(str(path), "unreadable", error=str(err)), None
    except OSError as exc:
        return FileResult(str(path), "unreadable", error=_os_reason(exc)), None
    config = config.for_file(path) if config else Config()
    try:
        source = load(path, converted)
        document = parse(source)
    except InputError as err:
        return FileResult(str(path), "unreadable", error=err.reason), None
    except Exception as exc:  # a defect of the reader must not end the run: report it on this file
        return internal_error(path, "读取", exc), None
    try:
        result = check_document(document, options, config)
    except InputError as err:  # a part read on demand (e.g. by the layout checks) is damaged
        return FileResult(str(path), "unreadable", kind=document.kind, error=err.reason), None
    except FazhiError:
        raise
    except Exception as exc:
        return internal_error(path, "检查", exc, kind=document.kind), None
    if source.converted_from:
        _mark_converted(result, source.converted_from)
    return result, (source if keep_source else None)


def internal_error(path, stage: str, exc: BaseException, kind: str | None = None) -> FileResult:
    """The result for a file whose reading or checking failed because of a defect in fazhi
    (not because of the file): the error says so, the traceback is kept for --debug."""
    detail = f"{type(exc).__name__}: {str(exc)[:80]}" if str(exc) else type(exc).__name__
    return FileResult(str(path), "unreadable", kind=kind, internal=True, trace=traceback.format_exc(),
                      error=f"内部错误：{stage}时 fazhi 自身出错（{detail}），不是文件的问题")


def _mark_converted(result: FileResult, suffix: str) -> None:
    note = f"（本文件由 LibreOffice 从 {suffix} 转换为 .docx 后检查，段落位置指转换后的文本）"
    result.meta = {**(result.meta or {}), "converted_from": suffix}
    for f in result.findings:
        f.message += note


def is_ignored(path: Path, options: CheckOptions) -> bool:
    try:
        config = options.config if options.config is not None else discover(path)
    except (PackError, OSError):
        return False
    return bool(config and config.ignored(path))


@dataclass
class Annotate:
    """Where annotated copies go: input path -> target file, whether to replace, and the
    files a copy must never replace (the run's inputs, configs and packs)."""

    targets: dict
    force: bool = False
    inputs: list = field(default_factory=list)


def check_plain(path: Path, options: CheckOptions, annotate: Annotate | None = None,
                converted: dict | None = None) -> FileResult:
    """Check one file of a batch: a plain-data result; the annotated copy, if asked for, is
    made from the bytes read for the check (the file is read once). ``converted``: legacy
    files converted beforehand (:func:`checker.read.convert.convert_batch`)."""
    target = annotate.targets.get(path) if annotate else None
    result, source = _check(path, options, keep_source=target is not None,
                            converted=converted.get(path) if converted else None)
    plain = result.detached()
    if result.report is not None:
        result.report.__dict__.clear()  # drop the parsed document now, not at the next collection
    if target is not None and source is not None and source.kind == "docx":
        from checker.output.annotate import annotate_copy

        plain.annotate_note = annotate_copy(source, plain, target, annotate.force, annotate.inputs)
    return plain


def _check_in_worker(path: Path, options: CheckOptions, annotate: Annotate | None, converted=None) -> FileResult:
    try:
        return check_plain(path, options, annotate, converted)
    except FazhiError as err:
        return FileResult(str(path), "unreadable", error=str(err))


def _crashed(path) -> FileResult:
    return FileResult(str(path), "unreadable",
                      error="检查此文件的工作进程意外终止（可能内存不足），未检查")


def _failed(path, text: str) -> FileResult:
    return FileResult(str(path), "unreadable", error=f"检查时发生内部错误（{text[:120]}），请报告此问题")


# below this many files per worker, starting workers costs more than it saves (bench/)
MIN_FILES_PER_WORKER = 8
WORKER_MEMORY_MB = 150  # budget per worker when capping by available memory


def _available_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError):
        return None
    return None


def usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def plan_jobs(requested: int | None, files: int) -> int:
    """Worker processes for ``files`` files: serial for small batches, never more workers
    than usable CPUs (checking is CPU-bound), files, or memory allows."""
    cpus = usable_cpus()
    if requested is None:
        requested = cpus if files >= 2 * MIN_FILES_PER_WORKER else 1
        requested = min(requested, max(1, files // MIN_FILES_PER_WORKER))
    jobs = min(requested, cpus, max(1, files))
    memory = _available_mb()
    if memory is not None:
        jobs = min(jobs, max(1, memory // WORKER_MEMORY_MB))
    return max(1, jobs)


def iter_check(files: list[Path], options: CheckOptions, jobs: int = 1,
               annotate: Annotate | None = None):
    """Check ``files``, yielding one plain FileResult per file in input order as soon as it
    is ready (in ``jobs`` worker processes when > 1).

    A bad pack or config raises PackError (it concerns every file); an unreadable input,
    or one whose worker died, becomes an "unreadable" result and the run goes on."""
    files = list(files)
    if not files:
        return
    prepare(files, options)
    legacy = [p for p in files if p.suffix.lower() in CONVERTED_SUFFIXES]
    if len(legacy) > 1:
        import tempfile

        workspace = tempfile.TemporaryDirectory(prefix="fazhi-convert-")
    else:
        workspace = nullcontext()
    with workspace as tmp:
        # one LibreOffice start for many files (a start costs seconds)
        converted = convert_batch(legacy, Path(tmp)) if tmp else None
        # the first file in this process: a bad pack is one clear error (PackError), and
        # forked workers inherit the loaded packs
        yield check_plain(files[0], options, annotate, converted)
        if jobs <= 1 or len(files) <= 2:
            for path in files[1:]:
                yield check_plain(path, options, annotate, converted)
            return
        from functools import partial

        from checker.workers import ordered_map

        yield from ordered_map(partial(_check_in_worker, options=options, annotate=annotate, converted=converted),
                               files[1:], jobs, on_crash=_crashed, on_error=_failed)


def check_paths(files: list[Path], options: CheckOptions, jobs: int = 1, progress=None) -> list[FileResult]:
    """Check ``files`` (in parallel when ``jobs`` > 1); plain results in input order."""
    results = []
    for result in iter_check(files, options, jobs):
        results.append(result)
        if progress:
            progress(1)
    return results


def check_text(text: str, options: CheckOptions | None = None, name: str = "示例.txt") -> FileResult:
    """Check a report given as a string (rule examples, tests, editor integrations)."""
    from checker.read.text import read_text

    options = options or CheckOptions()
    document = read_text(Path(name), text.encode("utf-8"))
    return check_document(document, options)


def prepare(files: list[Path], options: CheckOptions) -> None:
    """Load and validate every pack and rule setting the run will use, once and before any
    file is read: a bad one raises PackError here. (A config that cannot be read is
    reported on the files below it.)"""
    from checker.read.document import input_kind

    seen = set()
    for path in files:
        kind = input_kind(Path(path))
        if kind is None:
            continue
        try:
            config = options.config if options.config is not None else discover(Path(path))
        except (PackError, OSError):
            continue
        config = config.for_file(Path(path)) if config else Config()
        key = (kind, tuple(options.packs or config.packs or ()), config.base_dir, repr(config.rules))
        if key not in seen:
            seen.add(key)
            packs = select_packs(options.packs or config.packs, kind, None if options.packs else config.base_dir)
            apply_rule_settings(packs, (config.rules, str(config.path or "配置")), (options.rule_settings, "命令行 --rule"))


def check_document(document, options: CheckOptions, config: Config | None = None) -> FileResult:
    """Analyse an already-read Document and run the rules (no file access)."""
    config = config or options.config or Config()
    pack_refs = options.packs or config.packs
    packs = select_packs(pack_refs, document.kind, None if options.packs else config.base_dir)
    rules = apply_rule_settings(packs, (config.rules, str(config.path or "配置")),
                                (options.rule_settings, "命令行 --rule"))
    model = model_for(analysis_model(packs))
    expected = Expectations(year=options.year or config.year, level=options.level or config.level)
    report = analyze(document, model, expected)
    if options.previous or config.previous:
        from checker.previous import attach

        attach(report, options.previous or config.previous, model)
    findings = run_rules(report, rules)
    report.release()  # the scans' data and the layout view are not needed after the rules ran
    return FileResult.from_report(document.path, report, findings, rules)
