"""Last year's report beside this year's (``fazhi check --previous``).

:func:`attach` finds the previous report for a checked one — the given file, or, in a
given folder, the report of the same issuer for the year before — reads and analyses it
once (with the same section model), and keeps it on the report, where the ``previous-*``
check types find it (:func:`of`). Without a previous report those checks report nothing.
"""

from __future__ import annotations

from pathlib import Path

from checker.errors import FazhiError, InputError

_CACHE: dict = {}  # (resolved path, mtime, size, id(model)) -> Report
_KEY = "previous"  # in report.__dict__


class PreviousError(FazhiError):
    """The previous report cannot be used (unreadable, or not the year before)."""


def of(report):
    """The previous year's Report attached to ``report``, or None."""
    return report.__dict__.get(_KEY)


def load(path: Path, model):
    """``path`` read and analysed with ``model`` (once per file version and model)."""
    from checker.analysis.report import analyze
    from checker.read.document import read_document

    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise PreviousError(f"上一年度报告 {path} 不存在或无法访问") from None
    if path.is_dir():
        raise PreviousError(f"上一年度报告 {path} 是文件夹，应为一个报告文件")
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, id(model))
    found = _CACHE.get(key)
    if found is None:
        try:
            document = read_document(path)
        except InputError as err:
            raise PreviousError(f"无法读取上一年度报告 {path}：{err.reason}") from None
        except Exception as exc:  # a reader bug: one clear line, not a traceback
            raise PreviousError(f"无法读取上一年度报告 {path}（{type(exc).__name__}）") from None
        if len(_CACHE) > 64:
            _CACHE.clear()
        found = _CACHE[key] = analyze(document, model)
    return found


def validate(source) -> None:
    """Raise PreviousError unless ``source`` is a readable report or a folder."""
    from checker.read.document import read_document

    path = Path(source)
    if path.is_dir():
        return
    if not path.exists():
        raise PreviousError(f"上一年度报告 {path} 不存在")
    try:
        read_document(path)
    except InputError as err:
        raise PreviousError(f"无法读取上一年度报告 {path}：{err.reason}") from None
    except Exception as exc:
        raise PreviousError(f"无法读取上一年度报告 {path}（{type(exc).__name__}）") from None


def check_year(report, previous, path) -> None:
    """The previous report must be on the year before this one (when both years are known)."""
    year, before = report.meta.year, previous.meta.year
    if year is not None and before is not None and before != year - 1:
        raise PreviousError(f"上一年度报告 {path} 是{before}年度的，本报告是{year}年度的，"
                            f"应当与{year - 1}年度的报告比较")


def _in_folder(report, folder: Path, model):
    """The report in ``folder`` by the same issuer for the year before, or None."""
    from checker.read.document import SUPPORTED_SUFFIXES

    year, issuer = report.meta.year, report.meta.issuer
    if year is None or not issuer:
        return None
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or path.name.startswith((".", "~$")):
            continue
        try:
            candidate = load(path, model)
        except PreviousError:
            continue  # an unreadable file in last year's folder is not this report's business
        if candidate.meta.year == year - 1 and candidate.meta.issuer == issuer:
            return candidate
    return None


def attach(report, source, model) -> None:
    """Find, read and keep the previous report of ``report`` (``source``: a file or a folder)."""
    if not source:
        return
    source = Path(source)
    if source.is_dir():
        found = _in_folder(report, source, model)
    else:
        found = load(source, model)
        check_year(report, found, source)
    if found is not None and found.document.path != report.document.path:
        report.__dict__[_KEY] = found
