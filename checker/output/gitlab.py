"""GitLab Code Quality report (a JSON array of CodeClimate-style issues).

Each finding: ``description``, ``check_name`` (the rule id), ``fingerprint`` (SHA-256 of
rule, path, block and message, numbered when several findings are identical, so it is
stable across runs), ``severity``, ``location.path`` (relative to the current
directory, i.e. the project folder in a CI job) and ``location.lines.begin`` (the text
line for ``.txt``/``.md``, the paragraph index for ``.docx``, 1 for the whole report).

Severity mapping: error → ``major``, warning → ``minor``, info → ``info``; an
unreadable file is one ``blocker`` issue (check ``fazhi.unreadable``): nothing in it
could be checked. ``critical`` is not used.
"""

from __future__ import annotations

import json

from checker.findings import Severity
from checker.output.sarif import UNREADABLE_ID, fingerprint, finding_line, relative_path
from checker.output.summary import unchecked_reason

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
UNREADABLE_SEVERITY = "blocker"


def _issue(check: str, description: str, severity: str, path: str, line: int, parts, seen: dict,
           body: str | None = None) -> dict:
    base = fingerprint(*parts)
    seen[base] = seen.get(base, 0) + 1
    digest = base if seen[base] == 1 else fingerprint(base, seen[base])
    issue = {
        "type": "issue",
        "check_name": check,
        "description": description,
        "categories": ["Style"],
        "severity": severity,
        "fingerprint": digest,
        "location": {"path": path, "lines": {"begin": line}},
    }
    if body:
        issue["content"] = {"body": body}
    return issue


def _body(finding) -> str | None:
    lines = []
    if finding.location.heading:
        lines.append(f"位置：{finding.location.heading}")
    if finding.excerpt:
        lines.append(f"原文：{finding.excerpt}")
    if finding.suggestion:
        lines.append(f"建议：{finding.suggestion}")
    return "\n\n".join(lines) or None


def issues(results) -> list[dict]:
    out, seen = [], {}
    for r in results:
        path = relative_path(r.path)
        if r.status == "unreadable":
            out.append(_issue(UNREADABLE_ID, unchecked_reason(r), UNREADABLE_SEVERITY, path, 1,
                              (UNREADABLE_ID, path), seen))
            continue
        for f in r.findings:
            description = f.message if not f.suggestion else f"{f.message}（建议：{f.suggestion}）"
            out.append(_issue(f.rule, description, SEVERITIES[f.severity], path,
                              finding_line(f, r.kind),
                              (f.rule, path, f.location.block, f.message), seen, _body(f)))
    return out


def render(results) -> str:
    return json.dumps(issues(results), ensure_ascii=False, indent=2) + "\n"
