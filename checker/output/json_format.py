"""The JSON contract (design.md), written file by file: the output is byte for byte what
``json.dumps(payload, indent=2)`` gives, without holding every result until the end."""

from __future__ import annotations

import json

from checker import __version__
from checker.output.summary import summarize


def file_dict(result) -> dict:
    return {
        "path": result.path,
        "status": result.status,
        "error": result.error,
        "meta": result.meta,
        "sections": result.sections,
        "findings": [f.to_dict() for f in result.findings],
    }


def _dumps(value, indent: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * indent)


def stream_start() -> str:
    return '{\n  "tool": ' + _dumps({"name": "fazhi", "version": __version__}, 2) + ',\n  "files": ['


def stream_file(result, first: bool) -> str:
    return ("\n    " if first else ",\n    ") + _dumps(file_dict(result), 4)


def stream_end(results) -> str:
    close = "\n  ]" if results else "]"
    return close + ',\n  "summary": ' + _dumps(summarize(results), 2) + "\n}\n"


def render(results) -> str:
    return stream_start() + "".join(stream_file(r, i == 0) for i, r in enumerate(results)) + stream_end(results)
