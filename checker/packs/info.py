"""Text for ``fazhi rules list|show|validate`` and ``fazhi explain``."""

from __future__ import annotations

from pathlib import Path

from checker.errors import PackError, UsageError
from checker.packs.loader import load_pack, shipped_pack_names


def _packs(refs):
    return [load_pack(r) for r in (refs or shipped_pack_names())]


def list_rules(refs=None) -> str:
    lines = []
    for pack in _packs(refs):
        kinds = "、".join({"docx": ".docx", "text": ".txt/.md"}[k] for k in pack.applies_to)
        lines.append(f"{pack.id}  {pack.name}（适用：{kinds}{'' if pack.default else '；需用 --pack 选用'}）")
        for rule in pack.rules.values():
            state = "" if rule.enabled else "（已停用）"
            lines.append(f"  {rule.full_id:<40} {rule.severity.chinese}  {_first_line(rule.message)}{state}")
        lines.append("")
    return "\n".join(lines)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def find_rule(rule_id: str):
    matches = []
    for pack in _packs(None):
        for rule in pack.rules.values():
            if rule.full_id == rule_id or rule.id == rule_id:
                matches.append(rule)
    unique = {r.full_id: r for r in matches}
    if not unique:
        raise UsageError(f"没有规则 {rule_id}（用 fazhi rules list 查看全部规则）")
    if len(unique) > 1:
        raise UsageError(f"规则 {rule_id} 不唯一，请写全称：{'、'.join(sorted(unique))}")
    return next(iter(unique.values()))


def explain(rule_id: str, examples: bool = False) -> str:
    from checker import checks

    rule = find_rule(rule_id)
    module = checks.get(rule.check)
    lines = [
        f"{rule.full_id}",
        f"  严重程度：{rule.severity.chinese}（{rule.severity.label}）",
        f"  检查类型：{rule.check} — {module.DESCRIPTION}",
        f"  提示信息：{rule.message}",
    ]
    if rule.description:
        lines.append(f"  说明：{rule.description}")
    if rule.suggestion:
        lines.append(f"  修改建议：{rule.suggestion}")
    lines.append(f"  依据：{rule.basis}")
    options = {k: v for k, v in rule.options.items() if v not in (None, {}, [])}
    if options:
        lines.append("  选项：")
        for key, value in options.items():
            lines.append(f"    {key}: {value}")
    if examples:
        if rule.examples:
            lines.append("  示例：")
            for ex in rule.examples:
                for key, label in (("pass", "通过："), ("fail", "不通过：")):
                    if key in ex:
                        body = str(ex[key]).strip().splitlines()
                        lines.append(f"    {label}{body[0] if body else ''}")
                        lines.extend(f"    {' ' * len(label) * 2}{more}" for more in body[1:])
        else:
            lines.append("  示例：（无）")
    if not rule.enabled:
        lines.append("  状态：已停用")
    return "\n".join(lines) + "\n"


def validate(files: list[str]) -> tuple[bool, str]:
    lines, ok = [], True
    for f in files:
        try:
            pack = load_pack(str(Path(f).resolve()) if Path(f).exists() else f)
        except PackError as err:
            ok = False
            lines.append(f"✗ {err}")
            continue
        lines.append(f"✓ {f}：规则包 {pack.id}，{len(pack.rules)} 条规则")
    return ok, "\n".join(lines) + "\n"
