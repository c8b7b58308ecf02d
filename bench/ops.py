"""The operations the benchmark times, shared by in-process runs and child processes.

- ``floor``: what any tool must do at least: python-docx opens the .docx and reads
  every body paragraph's text (for .txt: read and decode the file, split lines);
- ``read``: the checker's reader alone (``read_document``);
- ``check``: ``check_file`` with the default packs (reader, analysis, every active rule).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

# Comma-separated pack names: set by run.py when a shipped pack cannot be loaded (another
# engineer mid-edit), so the run uses the loadable default packs instead of failing.
PACKS_ENV = "FAZHI_BENCH_PACKS"

_TEMPLATE_TYPES = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def floor_input(path: Path) -> Path | io.BytesIO:
    """What python-docx is given for the floor. python-docx refuses templates (.dotx) and
    macro files (.docm); for those the package is rewritten once, *outside* the timed
    region, so the floor stays a pure open-and-read (the checker pays for its own
    conversion inside ``check``)."""
    path = Path(path)
    if path.suffix.lower() not in (".dotx", ".docm", ".dotm"):
        return path
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                for t in _TEMPLATE_TYPES:
                    payload = payload.replace(t, _DOCX_MAIN)
            dst.writestr(info, payload)
    return io.BytesIO(out.getvalue())


def floor(source) -> int:
    """python-docx: open, read every paragraph's text; returns the number of characters."""
    if isinstance(source, io.BytesIO):
        source.seek(0)
    elif Path(source).suffix.lower() in (".txt", ".md"):
        text = Path(source).read_bytes().decode("utf-8-sig")
        return sum(len(line) for line in text.splitlines())
    import docx

    document = docx.Document(source if isinstance(source, io.BytesIO) else str(source))
    return sum(len(p.text) for p in document.paragraphs)


def read(path) -> int:
    from checker.read.document import read_document

    return len(read_document(path).blocks)


def options():
    from checker.runner import CheckOptions

    packs = os.environ.get(PACKS_ENV)
    return CheckOptions(packs=packs.split(",") if packs else None)


def check(path):
    from checker.runner import check_file

    return check_file(path, options())


def batch(folder) -> int:
    """check_paths over every input in ``folder``, one process (as `fazhi check DIR --jobs 1`)."""
    from checker.runner import check_paths, collect_inputs

    files, _ = collect_inputs([str(folder)])
    return len(check_paths(files, options(), jobs=1))


OPS = {"floor": floor, "read": read, "check": check, "batch": batch}
