"""The JSON contract (design.md)."""

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


def render(results) -> str:
    payload = {
        "tool": {"name": "fazhi", "version": __version__},
        "files": [file_dict(r) for r in results],
        "summary": summarize(results),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
