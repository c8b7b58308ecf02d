"""Run a pack's own examples: each rule's ``fail`` text must trigger the rule, its
``pass`` text must not (``fazhi rules test``; the test suite runs the shipped packs the
same way).

An example with ``kind: docx`` is checked as a .docx made of its lines (one paragraph
each); the others as text. ``year`` / ``level`` are given as the expected year / level.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from checker.packs.loader import Pack, Rule


@dataclass
class Outcome:
    rule: Rule
    number: int  # 1-based position of the example in the rule's list
    kind: str  # "fail" | "pass"
    ok: bool
    problem: str = ""  # why not ok, one Chinese sentence


def own_rules(pack: Pack) -> list[Rule]:
    """Enabled rules written (added or overridden) in the pack's own file: an inherited
    rule is tested in the pack that wrote it."""
    return [r for r in pack.rules.values() if r.enabled and Path(r.source.rpartition(":")[0]) == pack.path]


def run_example(pack: Pack, rule: Rule, example: dict, kind: str, workdir: Path | None = None):
    """The findings of ``rule`` on one example text, and the result's error if any."""
    from checker.runner import CheckOptions, check_file, check_text

    options = CheckOptions(packs=[str(pack.path)], year=example.get("year"), level=example.get("level"))
    text = str(example[kind])
    if example.get("kind") == "docx":
        import docx

        document = docx.Document()
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(line.strip())
        with tempfile.TemporaryDirectory(dir=workdir) as folder:
            path = Path(folder) / "example.docx"
            document.save(str(path))
            result = check_file(path, options)
    else:
        result = check_text(text, options)
    return [f for f in result.findings if f.rule == rule.full_id], result


def run_examples(pack: Pack) -> list[Outcome]:
    outcomes = []
    for rule in own_rules(pack):
        for number, example in enumerate(rule.examples, 1):
            for kind in ("fail", "pass"):
                if kind not in example:
                    continue
                hits, result = run_example(pack, rule, example, kind)
                if result.status != "checked":
                    outcomes.append(Outcome(rule, number, kind, False, f"示例无法检查：{result.error}"))
                elif kind == "fail" and not hits:
                    outcomes.append(Outcome(rule, number, kind, False, "应触发规则，但没有触发"))
                elif kind == "fail" and any(re.search(r"\{[a-z_]+\}", f.message) for f in hits):
                    outcomes.append(Outcome(rule, number, kind, False, f"提示信息有未替换的占位符：{hits[0].message}"))
                elif kind == "pass" and hits:
                    outcomes.append(Outcome(rule, number, kind, False, f"不应触发规则，但报告了：{hits[0].message}"))
                else:
                    outcomes.append(Outcome(rule, number, kind, True))
    return outcomes


def untested(pack: Pack) -> list[Rule]:
    """Own rules that lack a pass or a fail example."""
    return [r for r in own_rules(pack)
            if not (any("fail" in ex for ex in r.examples) and any("pass" in ex for ex in r.examples))]
