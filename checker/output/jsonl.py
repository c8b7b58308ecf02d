"""JSON Lines: one JSON object per file, written as soon as the file is checked, then one
summary object last.

Each file line is exactly the file record of ``--format json`` (path, status, error, meta,
sections, findings); the last line is ``{"tool": …, "summary": …}``, the only line without
a ``path``. A run over thousands of files can be piped, sharded and resumed line by line.
"""

from __future__ import annotations

import json

from checker import __version__
from checker.output.json_format import file_dict
from checker.output.summary import summarize


def stream_start() -> str:
    return ""


def stream_file(result, first: bool) -> str:
    return json.dumps(file_dict(result), ensure_ascii=False) + "\n"


def stream_end(results) -> str:
    return json.dumps({"tool": {"name": "fazhi", "version": __version__}, "summary": summarize(results)},
                      ensure_ascii=False) + "\n"


def render(results) -> str:
    return stream_start() + "".join(stream_file(r, i == 0) for i, r in enumerate(results)) + stream_end(results)
