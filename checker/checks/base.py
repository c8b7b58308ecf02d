"""What every check type shares: option declarations and building findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.findings import Finding, Location, Severity
from checker.textutil import excerpt  # noqa: F401  (re-exported for check modules)


@dataclass(frozen=True)
class Option:
    """One option a check type accepts in a YAML rule."""

    type: type | tuple  # python type(s) of the value
    required: bool = False
    default: Any = None
    items: type | tuple | None = None  # element type for lists / value type for dicts
    choices: tuple | None = None
    regex: bool = False  # value (or each item) must compile as a regular expression
    help: str = ""


class _SafeFormat(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render(template: str | None, values: dict) -> str | None:
    if template is None:
        return None
    try:
        return template.format_map(_SafeFormat(values))
    except (ValueError, IndexError, AttributeError):
        return template


def inferred(report, fields) -> bool:
    """Whether one of the report facts ``fields`` (meta names) was inferred (first
    sentence, a date) rather than read from a reliable source (title, metadata block,
    signature, page stamp, config)."""
    sources = getattr(report.meta, "sources", None) or {}
    model = getattr(getattr(report, "model", None), "meta", None)
    reliable = getattr(model, "reliable", None)
    if reliable is None:
        return False
    return any(sources.get(f) not in reliable for f in fields if sources.get(f))


def make_finding(report, rule, *, block: int | None = None, values: dict | None = None,
                 section: str | None = None, excerpt_text: str | None = None,
                 suggestion: str | None = None, message: str | None = None,
                 meta_fields: tuple = ()) -> Finding:
    """A Finding for ``rule`` at ``block`` with message/suggestion templates rendered.
    A finding that relies on report facts (``meta_fields``) one of which was inferred
    is reported one severity lower (an error only on facts read from the report)."""
    if report.placeholders is None:
        report.placeholders = report.template_values()
    values = {**report.placeholders, **(values or {})}
    heading = line = None
    if block is not None:
        h = report.outline.heading_for(block)
        heading = h.path if h is not None else None
        line = report.block(block).line if report.has_block(block) else None
    if section is None and block is not None:
        section = report.section_of(block)
    severity = rule.severity
    if meta_fields and severity > Severity.INFO and inferred(report, meta_fields):
        severity = Severity(severity - 1)
    return Finding(
        rule=rule.full_id,
        severity=severity,
        message=render(message or rule.message, values),
        location=Location(block=block, line=line, heading=heading),
        section=section,
        excerpt=excerpt_text,
        suggestion=render(suggestion if suggestion is not None else rule.suggestion, values),
    )
