"""Write a format file by file as results arrive, where the format allows it.

A format module that defines ``stream_start()``, ``stream_file(result, first)`` and
``stream_end(results)`` streams itself (json, jsonl); plain text streams through its
``render_file``/``table``/``summary_line``. Other formats (one document that needs every
result, such as SARIF or HTML) are rendered once at the end. ``stream_end`` gets compact
stand-ins of the results (path, status, error, kind and the findings' severities), so a
long run keeps no findings text in memory.
"""

from __future__ import annotations

from checker.findings import Finding, Severity

_STANDIN = {s: Finding("", s, "") for s in Severity}


def compact(result):
    """What the summary, the table and the exit code need of ``result``."""
    from checker.runner import FileResult

    return FileResult(result.path, result.status, result.error, result.kind,
                      findings=[_STANDIN[f.severity] for f in result.findings])


class _Module:
    def __init__(self, module):
        self.module = module

    def start(self) -> str:
        return self.module.stream_start()

    def file(self, result, first: bool) -> str:
        return self.module.stream_file(result, first)

    def end(self, results) -> str:
        return self.module.stream_end(results)


class _Text:
    def __init__(self, module):
        self.module = module

    def start(self) -> str:
        return ""

    def file(self, result, first: bool) -> str:
        return "\n".join(self.module.render_file(result)) + "\n\n"

    def end(self, results) -> str:
        lines = []
        if len(results) > 1:
            lines.extend(self.module.table(results))
            lines.append("")
        lines.append(self.module.summary_line(results))
        return "\n".join(lines) + "\n"


def streamer(name: str, module):
    """A streaming writer for format ``name`` (its ``module``), or None."""
    if all(hasattr(module, f) for f in ("stream_start", "stream_file", "stream_end")):
        return _Module(module)
    if name == "text" and all(hasattr(module, f) for f in ("render_file", "table", "summary_line")):
        return _Text(module)
    return None
