"""docs/rules-reference.md is generated from the packs, never kept by hand."""

from pathlib import Path

from checker.packs.loader import load_pack, shipped_pack_names
from checker.packs.reference import render_reference

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "rules-reference.md"
REGENERATE = "python -m checker.packs.reference > docs/rules-reference.md"


def test_committed_reference_matches_the_packs():
    assert REFERENCE.is_file(), f"缺少 {REFERENCE}，请运行：{REGENERATE}"
    committed = REFERENCE.read_text(encoding="utf-8")
    assert committed == render_reference(), f"docs/rules-reference.md 与规则包不一致，请重新生成：{REGENERATE}"


def test_reference_lists_every_pack_rule_and_check_type():
    from checker import checks

    text = render_reference()
    for name in shipped_pack_names():
        pack = load_pack(name)
        assert f"### {pack.id}\n" in text
        for rule in pack.rules.values():
            if Path(rule.source.rpartition(":")[0]) == pack.path:
                assert f"#### `{rule.full_id}`" in text
    for name in checks.registry():
        assert f"### {name}\n" in text


def test_reference_is_deterministic_and_has_no_machine_paths():
    text = render_reference()
    assert text == render_reference()
    assert str(Path(__file__).resolve().parent.parent) not in text
