"""What every check type shares: option declarations and building findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.findings import Finding, Location
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


def make_finding(report, rule, *, block: int | None = None, values: dict | None = None,
                 section: str | None = None, excerpt_text: str | None = None,
                 suggestion: str | None = None, message: str | None = None) -> Finding:
    """A Finding for ``rule`` at ``block`` with message/suggestion templates rendered."""
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
    return Finding(
        rule=rule.full_id,
        severity=rule.severity,
        message=render(message or rule.message, values),
        location=Location(block=block, line=line, heading=heading),
        section=section,
        excerpt=excerpt_text,
        suggestion=render(suggestion if suggestion is not None else rule.suggestion, values),
    )
