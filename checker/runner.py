"""Check files: collect inputs, read, analyse, run rules; one FileResult per input.

This is the library entry point the CLI (and tests) use; it never prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from checker.config import Config, discover
from checker.read.document import SUPPORTED_SUFFIXES, read_document
from checker.engine import run_rules
from checker.errors import FazhiError, InputError, PackError
from checker.findings import Finding, Severity
from checker.packs.loader import analysis_model, apply_rule_settings, select_packs
from checker.analysis.report import Expectations, Report, analyze, model_for


@dataclass
class FileResult:
    """Outcome for one input. Everything but ``report`` is plain data (picklable), so
    results can come back from worker processes; ``report`` is kept in-process only."""

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
        """A copy without the in-process report (for crossing process boundaries)."""
        return FileResult(self.path, self.status, self.error, self.kind, self.meta, self.sections,
                          self.headings, self.findings, None, self.rules, self.notes)

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


# Word-family drafts saved in an old format are listed (as unreadable, with advice);
# PDFs and other attachments in a submission folder are not drafts and are left alone
WALKED_SUFFIXES = SUPPORTED_SUFFIXES | {".doc", ".dot", ".wps", ".wpt"}


def collect_inputs(paths: list[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to check (folders walked recursively) and paths that cannot be used."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(_walk(path, problems))
        elif path.name.startswith("~$"):
            continue  # Word/WPS lock file of an open document, never a draft
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            problems.append((path, "文件不存在"))
    return files, problems


def _walk(root: Path, problems) -> list[Path]:
    out = []
    seen = set()

    def onerror(err):
        problems.append((Path(err.filename or root), "无法读取文件夹（没有权限）"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):
                continue
            p = Path(dirpath) / name
            if p.suffix.lower() in WALKED_SUFFIXES and p not in seen:
                seen.add(p)
                out.append(p)
    return out


def check_file(path: Path | str, options: CheckOptions | None = None) -> FileResult:
    path = Path(path)
    options = options or CheckOptions()
    try:
        config = options.config if options.config is not None else discover(path)
    except PackError as err:
        return FileResult(str(path), "unreadable", error=str(err))
    config = config.for_file(path) if config else Config()
    try:
        document = read_document(path)
    except InputError as err:
        return FileResult(str(path), "unreadable", error=err.reason)
    except Exception as exc:  # a reader bug must not end the run: report it on this file
        return FileResult(str(path), "unreadable", error=f"读取时发生内部错误（{type(exc).__name__}），请报告此问题")
    try:
        return check_document(document, options, config)
    except FazhiError:
        raise
    except Exception as exc:
        return FileResult(str(path), "unreadable", kind=document.kind,
                          error=f"检查时发生内部错误（{type(exc).__name__}: {str(exc)[:80]}），请报告此问题")


def is_ignored(path: Path, options: CheckOptions) -> bool:
    try:
        config = options.config if options.config is not None else discover(path)
    except PackError:
        return False
    return bool(config and config.ignored(path))


def _check_detached(args) -> FileResult:
    path, options = args
    try:
        return check_file(path, options).detached()
    except FazhiError as err:
        return FileResult(str(path), "unreadable", error=str(err))


def check_paths(files: list[Path], options: CheckOptions, jobs: int = 1, progress=None) -> list[FileResult]:
    """Check ``files`` (in parallel when ``jobs`` > 1); results in input order.

    A bad pack or config raises PackError (it concerns every file); an unreadable
    input becomes an "unreadable" result and the run goes on.
    """
    if jobs <= 1 or len(files) <= 1:
        results = []
        for path in files:
            results.append(check_file(path, options))
            if progress:
                progress(1)
        return results
    from concurrent.futures import ProcessPoolExecutor

    # validate packs/config once up front so a bad pack is one clear error, not N
    if files:
        check_file(files[0], options)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = []
        for result in pool.map(_check_detached, [(p, options) for p in files], chunksize=4):
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
    report.__dict__.pop("_text_cache", None)  # per-report scan cache of the text rules
    return FileResult.from_report(document.path, report, findings, rules)
