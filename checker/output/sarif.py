"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

- ``tool.driver.rules``: every rule that reported something, with short/full
  descriptions and help taken from the shipped packs (a rule from a user's own pack
  falls back to its first message);
- a result's ``region.startLine`` is the text line for ``.txt``/``.md`` and the
  paragraph (block) index for ``.docx``, which has no lines; a finding about the whole
  report points at line 1. The rule help says so.
- ``partialFingerprints["fazhi/v1"]``: a hash of rule, path, section and the excerpt
  (or message), numbered when identical — stable across runs and across edits
  elsewhere in the file;
- unreadable inputs are ``toolExecutionNotifications`` (level error) of the one
  invocation, ``fazhi.unreadable`` (or ``fazhi.internal-error`` when fazhi itself failed). ``executionSuccessful`` stays true: the run finished, and GitHub drops
  every result of an upload whose execution is marked unsuccessful.

The location helpers here (:func:`relative_path`, :func:`artifact_uri`,
:func:`finding_line`) are shared by the other CI formats.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from checker import __version__
from checker.findings import Severity
from checker.fingerprints import digest as fingerprint  # noqa: F401  (the CI formats' hash)
from checker.fingerprints import fingerprinted
from checker.output.summary import unchecked_reason  # noqa: F401  (shared with junit, html)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
UNREADABLE_ID = "fazhi.unreadable"
INTERNAL_ID = "fazhi.internal-error"  # a defect of fazhi, not of the file
FINGERPRINT_KEY = "fazhi/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")

LOCATION_NOTE = ("位置说明：.txt/.md 文件的行号就是文本行号；.docx 文件没有行号，"
                 "这里的“行号”是正文段落的序号（第几段，从 1 起，空段落不计）；"
                 "针对全文的问题（如缺少某部分）标在第 1 行。")


def relative_path(path: str) -> str:
    """``path`` relative to the current directory (POSIX form) when it lies inside it,
    else the absolute path."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.getcwd())
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def artifact_location(path: str) -> dict:
    """A SARIF artifactLocation: a percent-encoded URI relative to %SRCROOT% (the current
    directory) when possible, else an absolute ``file:`` URI."""
    rel = relative_path(path)
    if os.path.isabs(rel):
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def finding_line(finding, kind: str | None) -> int:
    """The 1-based "line" a CI system shows: the text line, else the block index, else 1."""
    loc = finding.location
    if kind != "docx" and loc.line:
        return loc.line
    if loc.block:
        return loc.block
    return loc.line or 1


def plain_template(text: str) -> str:
    """A message template with its placeholders shown as "…"."""
    return _PLACEHOLDER.sub("…", text or "").strip()


def rule_index() -> dict:
    """full rule id -> Rule, from every shipped pack (empty when a pack fails to load)."""
    from checker.errors import PackError
    from checker.packs.loader import load_pack, shipped_pack_names

    index = {}
    for name in shipped_pack_names():
        try:
            pack = load_pack(name)
        except PackError:
            continue
        index.update(pack.rules)
    return index


def _rule_descriptor(rule_id: str, known, example) -> dict:
    if known is not None:
        short = plain_template(known.message).splitlines()[0]
        full = (known.description or plain_template(known.message)).strip()
        parts = [full]
        if known.suggestion:
            parts.append(f"修改建议：{plain_template(known.suggestion)}")
        parts.append(f"依据：{known.basis}")
        level = LEVELS[known.severity]
        tags = [known.pack]
    else:
        short = full = example.message
        parts = [full]
        level = LEVELS[example.severity]
        tags = [rule_id.split(".", 1)[0]]
    parts.append(LOCATION_NOTE)
    parts.append(f"详见：fazhi explain {rule_id}")
    return {
        "id": rule_id,
        "name": rule_id.split(".", 1)[-1],
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": "\n".join(parts), "markdown": "\n\n".join(parts)},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": tags},
    }


def _result(finding, result, rule_ids: dict, print_: str) -> dict:
    location = artifact_location(result.path)
    text = finding.message
    if finding.suggestion:
        text += f"\n建议：{finding.suggestion}"
    properties = {"block": finding.location.block, "heading": finding.location.heading,
                  "section": finding.section, "excerpt": finding.excerpt}
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_ids[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": location,
            "region": {"startLine": finding_line(finding, result.kind)},
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: print_},
        "properties": {k: v for k, v in properties.items() if v is not None},
    }


def _notification(result) -> dict:
    internal = getattr(result, "internal", False)
    path = relative_path(result.path)
    return {
        "level": "error",
        "message": {"text": f"{path}：{result.error}" if internal else f"无法读取 {path}：{result.error}"},
        "descriptor": {"id": INTERNAL_ID if internal else UNREADABLE_ID},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(result.path)}}],
    }


def build(results) -> dict:
    """The SARIF log as a dict."""
    known = rule_index()
    examples = {}
    for r in results:
        for f in r.findings:
            examples.setdefault(f.rule, f)
    rule_ids = {rid: i for i, rid in enumerate(sorted(examples))}
    sarif_results = [_result(f, r, rule_ids, fp) for r, f, fp in fingerprinted(results)]
    notifications = [_notification(r) for r in results if r.status == "unreadable"]
    invocation = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "fazhi",
                "fullName": "fazhi-report 法治政府建设年度报告检查",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule_descriptor(rid, known.get(rid), examples[rid]) for rid in rule_ids],
            }},
            "invocations": [invocation],
            "originalUriBaseIds": {SRCROOT: {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }


def render(results) -> str:
    return json.dumps(build(results), ensure_ascii=False, indent=2) + "\n"
