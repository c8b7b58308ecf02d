"""Run the active rules over an analysed report."""

from __future__ import annotations

from checker import checks
from checker.findings import Finding


def run_rules(report, rules) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        module = checks.get(rule.check)
        findings.extend(module.check(report, rule))
    findings.sort(key=Finding.sort_key)
    return findings
