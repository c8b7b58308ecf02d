"""The operations the benchmark times, shared by in-process runs and child processes.

- ``floor``: what any tool must do at least: python-docx opens the .docx and reads
  every body paragraph's text (for .txt: read and decode the file, split lines);
- ``read``: the checker's reader alone (``read_document``);
- ``check``: ``check_file`` with the default packs (reader, analysis, every active rule);
- ``read_pydocx`` / ``check_pydocx``: the same with the .docx read through python-docx's
  object layer (the reader before it read the parts with zipfile + lxml; still what
  ``format`` and ``--annotate`` use): the "before" of the reader, measured in the same run.
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


def read_pydocx(path) -> int:
    from checker.read.document import read_document

    return len(read_document(path, editable=True).blocks)


class pydocx_reader:
    """Within this context ``check_file`` reads .docx through python-docx."""

    def __enter__(self):
        import checker.runner as runner

        self._runner, self._parse = runner, runner.parse
        runner.parse = lambda source, editable=False: self._parse(source, editable=True)
        return self

    def __exit__(self, *exc):
        self._runner.parse = self._parse
        return False


def check_pydocx(path):
    with pydocx_reader():
        return check(path)


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


def batch_pydocx(folder) -> int:
    with pydocx_reader():
        return batch(folder)


OPS = {"floor": floor, "read": read, "check": check, "batch": batch, "read_pydocx": read_pydocx,
       "check_pydocx": check_pydocx, "batch_pydocx": batch_pydocx}
