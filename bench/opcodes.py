"""Python bytecodes executed per document, by stage and by rule: a count that does not depend on
the load of the machine.

Checking costs little C work (a few parsed parts, regular expressions) and much interpreted
Python; python-docx's floor is mostly C (lxml parses every part). On the shared machine times
between processes swing by ±40%, and callgrind instruction counts weigh C and interpreted work
alike (check and floor execute about as many instructions, yet check takes longer: its
instructions are interpreter dispatch, with many more mispredicted indirect branches). The
number of bytecodes executed (``sys.settrace`` with ``f_trace_opcodes``) measures the
interpreted work exactly, stage by stage, the same on every run.
"""

from __future__ import annotations

import sys
from collections import Counter
from contextlib import contextmanager

import ops
from tables import Table

STAGES = ("read", "analysis", "layout rules (gbt9704)", "text rules", "other (packs, result)")


@contextmanager
def _staged(current: list):
    """Label the running stage in ``current[0]`` while ``check_file`` runs (patches restored)."""
    import checker.runner as runner
    from checker import checks
    from checker.findings import Finding

    saved = runner.parse, runner.analyze, runner.run_rules

    def labelled(fn, label):
        def run(*args, **kwargs):
            previous, current[0] = current[0], label
            try:
                return fn(*args, **kwargs)
            finally:
                current[0] = previous
        return run

    def run_rules(report, rules):
        out = []
        for rule in rules:
            previous, current[0] = current[0], "rule " + rule.full_id
            try:
                out.extend(checks.get(rule.check).check(report, rule))
            finally:
                current[0] = previous
        out.sort(key=Finding.sort_key)
        return out

    runner.parse = labelled(runner.parse, "read")
    runner.analyze = labelled(runner.analyze, "analysis")
    runner.run_rules = run_rules
    try:
        yield
    finally:
        runner.parse, runner.analyze, runner.run_rules = saved


def count(fn, args: list) -> Counter:
    """Bytecodes executed by ``fn(a)`` for each of ``args``, by the label in force."""
    current = ["other (packs, result)"]
    counts: Counter = Counter()

    def tracer(frame, event, arg):
        frame.f_trace_opcodes = True
        if event == "opcode":
            counts[current[0]] += 1
        return tracer

    with _staged(current):
        for a in args:  # warm: packs loaded, patterns compiled
            fn(a)
        sys.settrace(tracer)
        try:
            for a in args:
                fn(a)
        finally:
            sys.settrace(None)
    return counts


def _stage(label: str) -> str:
    if label.startswith("rule gbt9704."):
        return "layout rules (gbt9704)"
    if label.startswith("rule "):
        return "text rules"
    return label


def opcodes_table(groups: dict[str, list]) -> list[Table]:
    """``groups``: name -> documents (paths). One column per group, thousands of bytecodes per
    document."""
    names = list(groups)
    t = Table("opcodes", "Python bytecodes executed per document (thousands; exact, independent of load)",
              ["stage", *names])
    rules = Table("opcodes-rules", "Rules executing the most bytecodes (thousands per document)",
                  ["rule", *names])
    per_group, floors = {}, {}
    for name, paths in groups.items():
        per_group[name] = count(ops.check, paths)
        inputs = [ops.floor_input(p) for p in paths]
        floors[name] = sum(count(ops.floor, inputs).values()) / len(paths) / 1000
    by_stage = {name: Counter() for name in names}
    for name in names:
        for label, n in per_group[name].items():
            by_stage[name][_stage(label)] += n / len(groups[name]) / 1000
    for stage in STAGES:
        t.add(stage, *(by_stage[n][stage] for n in names))
    t.add("**check**", *(sum(by_stage[n].values()) for n in names))
    t.add("python-docx floor", *(floors[n] for n in names))
    t.notes.append("check = `check_file` with the default packs; the first rule of gbt9704 to need it builds the "
                   "layout view (title-font). A bytecode is one step of the interpreter: C work such as parsing XML "
                   "or a regular-expression scan counts as one, so this weighs the interpreted work only.")
    totals = Counter()
    for name in names:
        for label, n in per_group[name].items():
            if label.startswith("rule "):
                totals[label[5:]] += n / len(groups[name])
    for rule, _ in totals.most_common(12):
        rules.add(rule, *(per_group[n]["rule " + rule] / len(groups[n]) / 1000 for n in names))
    return [t, rules]
