"""Every shipped rule that applies to text carries examples, and they hold: the ``fail``
text triggers the rule, the ``pass`` text does not.

- Which rules: every rule *written* in a shipped pack whose ``applies_to`` includes
  ``text`` (a rule a pack inherits unchanged through ``extends`` is tested in the pack
  that wrote it; an override is tested in the overriding pack, with its own examples).
- Exempt: packs that apply to .docx only (the GB/T 9704 layout pack ``gbt9704``): their
  rules judge page setup, fonts and paragraph formats that a text example cannot carry.
- An example with ``kind: docx`` is run as a .docx built from its lines; the others as
  text. ``year`` / ``level`` are passed as the expected year / level.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.packs.loader import load_pack, shipped_pack_names
from checker.runner import CheckOptions, check_file, check_text

def _text_packs():
    packs = [load_pack(name) for name in shipped_pack_names()]
    return [p for p in packs if "text" in p.applies_to]


def _own_rules(pack):
    """Enabled rules written (added or overridden) in this pack's own file."""
    own = []
    for rule in pack.rules.values():
        source_file = rule.source.rpartition(":")[0]
        if rule.enabled and Path(source_file) == pack.path:
            own.append(rule)
    return own


RULES = [(pack.id, rule) for pack in _text_packs() for rule in _own_rules(pack)]
EXAMPLES = [
    pytest.param(pack_id, rule, ex, kind, id=f"{pack_id}:{rule.full_id}#{i + 1}-{kind}")
    for pack_id, rule in RULES
    for i, ex in enumerate(rule.examples)
    for kind in ("fail", "pass")
    if kind in ex
]


def test_some_rules_are_covered():
    assert {"national", "terms", "hygiene", "reviewer", "example-province"} <= {pack_id for pack_id, _ in RULES}
    assert len(EXAMPLES) > 50


def test_layout_packs_are_exempt_only_when_they_do_not_apply_to_text():
    exempt = [p.id for p in (load_pack(n) for n in shipped_pack_names()) if "text" not in p.applies_to]
    assert all(load_pack(n).applies_to == ("docx",) for n in exempt)


@pytest.mark.parametrize("pack_id, rule", [pytest.param(p, r, id=f"{p}:{r.full_id}") for p, r in RULES])
def test_rule_has_examples(pack_id, rule):
    has_fail = any("fail" in ex for ex in rule.examples)
    has_pass = any("pass" in ex for ex in rule.examples)
    assert has_fail, f"{rule.full_id}（{rule.source}）没有 fail 示例"
    assert has_pass, f"{rule.full_id}（{rule.source}）没有 pass 示例"


def _run(pack_id: str, ex: dict, text: str, tmp_path: Path):
    previous = None
    if "previous" in ex:  # last year's report, for the rules that compare with it
        previous = tmp_path / "previous.txt"
        previous.write_text(str(ex["previous"]), encoding="utf-8")
    options = CheckOptions(packs=[pack_id], year=ex.get("year"), level=ex.get("level"),
                           previous=str(previous) if previous else None)
    if ex.get("kind") == "docx":
        from docxbuild import build

        out = build([line for line in text.splitlines() if line.strip()], "plain", tmp_path / "example.docx")
        return check_file(out, options)
    return check_text(text, options)


@pytest.mark.parametrize("pack_id, rule, ex, kind", EXAMPLES)
def test_example(pack_id, rule, ex, kind, tmp_path):
    result = _run(pack_id, ex, str(ex[kind]), tmp_path)
    assert result.status == "checked", result.error
    hits = [f for f in result.findings if f.rule == rule.full_id]
    if kind == "fail":
        assert hits, f"{rule.full_id}：fail 示例没有触发规则：\n{ex[kind]}"
        for f in hits:
            assert f.message and not re.search(r"\{[a-z_]+\}", f.message), f"未替换的占位符：{f.message}"
            assert f.location.block is not None or f.excerpt, f"{rule.full_id} 的结果没有位置"
    else:
        assert not hits, f"{rule.full_id}：pass 示例被误报：{[f.message for f in hits]}\n{ex[kind]}"
