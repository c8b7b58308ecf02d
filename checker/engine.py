"""Run the active rules over an analysed report."""

from __future__ import annotations

from checker import checks
from checker.findings import Finding


def run_rules(report, rules) -> list[Finding]:
    findings: list[Finding] = []
    normalised = getattr(report, "normalised", None)
    requote = normalised is not None and normalised.changed
    for rule in rules:
        module = checks.get(rule.check)
        found = module.check(report, rule)
        if requote and not getattr(module, "QUOTES_ORIGINAL", False):
            found = _quoted(found, normalised)
        findings.extend(found)
    findings.sort(key=Finding.sort_key)
    return findings


def _quoted(findings, normalised):
    """Checks read the normalised text; their excerpts quote the original."""
    for f in findings:
        if f.excerpt:
            f.excerpt = normalised.quote(f.location.block, f.excerpt)
        yield f
