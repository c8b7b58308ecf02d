"""Run one YAML rule over a text: the check-type tests read as "this text -> these
findings at these blocks" (yamllint style).

The rule is written into a throw-away pack (so the pack loader validates it exactly as
it would a user's file); the pack has no section model of its own, so the national
pack's model maps the parts, and only this rule runs.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import yaml

from checker.runner import CheckOptions, check_text

_COUNTER = itertools.count()
_DIR = Path(tempfile.mkdtemp(prefix="fazhi-checkcase-"))


def pack_file(rule: dict, pack_id: str = "t") -> Path:
    rule = {"id": "r", "severity": "warning", "message": "{match}", "basis": "测试", **rule}
    data = {"id": pack_id, "name": "测试", "basis": "测试", "applies_to": ["docx", "text"], "rules": [rule]}
    path = _DIR / f"pack{next(_COUNTER)}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def findings(text: str, rule: dict, *, year: int | None = None, level: str | None = None):
    """Findings of ``rule`` on ``text`` (a report, one paragraph per line)."""
    path = pack_file(rule)
    result = check_text(text, CheckOptions(packs=[str(path)], year=year, level=level))
    return [f for f in result.findings if f.rule == "t." + rule.get("id", "r")]


def at(text: str, rule: dict, **kw) -> list[int]:
    """Blocks of the findings, in order."""
    return [f.location.block for f in findings(text, rule, **kw)]


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"
