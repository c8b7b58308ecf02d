"""Accepted findings: ``fazhi check --write-baseline accepted.json`` records the findings
a reviewer has looked at; ``--baseline accepted.json`` leaves them out of later runs.

Findings are matched by their fingerprint (:mod:`checker.fingerprints`, the SARIF
``partialFingerprints``): rule, file relative to the current directory, section and
excerpt. A finding whose text changes is new again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from checker.errors import UsageError
from checker.fingerprints import fingerprinted

FORMAT = "fazhi-baseline"
VERSION = 1


def build(results) -> dict:
    from checker import __version__

    entries = [{"fingerprint": fp, "rule": f.rule, "path": r.path, "message": f.message}
               for r, f, fp in fingerprinted(results)]
    return {"format": FORMAT, "version": VERSION, "tool": {"name": "fazhi", "version": __version__},
            "findings": entries}


def render(results) -> str:
    return json.dumps(build(results), ensure_ascii=False, indent=2) + "\n"


def load(path: str | Path) -> set[str]:
    """The fingerprints recorded in a baseline file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"基线文件 {path} 不存在（先用 --write-baseline 生成）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"无法读取基线文件 {path}：{exc.__class__.__name__}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"基线文件 {path} 不是有效的 JSON（第{exc.lineno}行）") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise UsageError(f"{path} 不是 fazhi 的基线文件（应由 --write-baseline 生成）")
    return {e["fingerprint"] for e in data["findings"] if isinstance(e, dict) and isinstance(e.get("fingerprint"), str)}


def without_accepted(results, accepted: set[str]) -> list:
    """``results`` with the accepted findings left out (new result objects; inputs untouched)."""
    keep: dict[int, list] = {}
    for r, f, fp in fingerprinted(results):
        if fp not in accepted:
            keep.setdefault(id(r), []).append(f)
    return [replace(r, findings=keep.get(id(r), [])) if r.findings else r for r in results]
