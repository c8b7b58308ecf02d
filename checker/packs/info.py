"""Text for ``fazhi rules list|show|validate|test`` and ``fazhi explain``."""

from __future__ import annotations

import re
from pathlib import Path

from checker.errors import PackError, UsageError
from checker.packs import loader
from checker.packs.loader import load_pack, shipped_pack_names


def _ref(ref: str) -> str:
    return str(Path(ref).resolve()) if Path(ref).exists() else ref


def _packs(refs):
    return [load_pack(_ref(r)) for r in (refs or shipped_pack_names())]


def sample_message(pack, rule) -> str:
    """The rule's message with its placeholders filled the way its first failing example
    fills them; the message as written when it has no placeholder or no such example."""
    if "{" not in rule.message:
        return rule.message
    from checker.packs.examples import run_example

    for example in rule.examples:
        if "fail" in example:
            try:
                hits, _ = run_example(pack, rule, example, "fail")
            except Exception:  # noqa: BLE001 - a listing must not fail on one example
                hits = []
            if hits:
                return hits[0].message
    # no example shows it: name what goes there, or leave a gap
    from checker import checks

    meanings = getattr(checks.get(rule.check), "PLACEHOLDERS", None) or {}
    return re.sub(r"\{([a-z_]+)\}", lambda m: f"〈{meanings[m.group(1)]}〉" if m.group(1) in meanings else "…",
                  rule.message)


def list_rules(refs=None) -> str:
    lines = []
    for pack in _packs(refs):
        kinds = "、".join({"docx": ".docx", "text": ".txt/.md"}[k] for k in pack.applies_to)
        lines.append(f"{pack.id}  {pack.name}（适用：{kinds}{'' if pack.default else '；需用 --pack 选用'}）")
        for rule in pack.rules.values():
            state = "" if rule.enabled else "（已停用）"
            message = _first_line(sample_message(pack, rule))
            lines.append(f"  {rule.full_id:<40} {rule.severity.chinese}  {message}{state}")
        lines.append("")
    return "\n".join(lines)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def find_rule(rule_id: str, refs=None):
    """The rule named ``rule_id`` (full or short id) in the shipped packs and ``refs``."""
    matches = []
    for pack in _packs(list(refs or []) + shipped_pack_names()):
        for rule in pack.rules.values():
            if rule.full_id == rule_id or rule.id == rule_id:
                matches.append(rule)
    unique = {r.full_id: r for r in matches}
    if not unique:
        raise UsageError(f"没有规则 {rule_id}（用 fazhi rules list 查看全部规则）")
    if len(unique) > 1:
        raise UsageError(f"规则 {rule_id} 不唯一，请写全称：{'、'.join(sorted(unique))}")
    return next(iter(unique.values()))


def explain(rule_id: str, examples: bool = False, refs=None) -> str:
    from checker import checks

    rule = find_rule(rule_id, refs)
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
                for key, label in (("previous", "上年报告："), ("pass", "通过："), ("fail", "不通过：")):
                    if key in ex:
                        body = str(ex[key]).strip().splitlines()
                        lines.append(f"    {label}{body[0] if body else ''}")
                        lines.extend(f"    {' ' * len(label) * 2}{more}" for more in body[1:])
        else:
            lines.append("  示例：（无）")
    if not rule.enabled:
        lines.append("  状态：已停用")
    return "\n".join(lines) + "\n"


def problems(path: Path) -> list[PackError]:
    """Every problem of the pack file at ``path``, each with its line (not just the first):
    the pack's own keys, every rule on its own, duplicate ids, ``disable`` entries."""
    from checker.packs.yamlload import load_yaml

    try:
        data = load_yaml(path)
    except PackError as err:
        return [err]
    found: list[PackError] = []

    def attempt(step, *args):
        try:
            return step(*args)
        except PackError as err:
            found.append(err)
            return None

    found.extend(loader.pack_shape_problems(path, data))
    if not isinstance(data, dict):
        return found
    base = None
    if isinstance(data.get("extends"), str):
        try:
            base = load_pack(loader.resolve_pack_path(data["extends"], path.parent), path.parent, (path,))
        except PackError as err:
            found.append(PackError(path, data.line_of("extends"), f"extends：{err}"))
    inherited = {r.id: k for k, r in (base.rules.items() if base else [])}
    rules = {k: r for k, r in (base.rules.items() if base else [])}
    seen = set()
    nodes = data.get("rules") if isinstance(data.get("rules"), list) else []
    for node in nodes:
        rid = node.get("id") if isinstance(node, dict) else None
        if rid is not None and rid in seen:
            found.append(PackError(path, getattr(node, "line", None), f"规则 id {rid} 重复"))
            continue
        seen.add(rid)
        if rid in inherited:
            attempt(loader._override, path, rules, inherited[rid], node)
        else:
            attempt(loader.parse_rule, path, str(data.get("id") or "pack"), node)
    for rid in data.get("disable") or [] if isinstance(data.get("disable"), list) else []:
        if rid not in inherited and not any(isinstance(n, dict) and n.get("id") == rid for n in nodes):
            found.append(PackError(path, data.line_of("disable"), f"disable 中的规则 {rid} 不存在"))
    if not found:  # anything the whole-pack load still refuses
        attempt(load_pack, path)
    unique = {str(err): err for err in found}
    return sorted(unique.values(), key=lambda e: (e.line or 0, str(e)))


def validate(files: list[str]) -> tuple[bool, str]:
    lines, ok = [], True
    for f in files:
        path = Path(f)
        try:
            path = loader.resolve_pack_path(f).resolve()
        except PackError as err:
            ok = False
            lines.append(f"✗ {err}")
            continue
        if not path.is_file():
            ok = False
            lines.append(f"✗ {f}：文件不存在")
            continue
        found = problems(path)
        if found:
            ok = False
            lines.append(f"✗ {f}：{len(found)} 处错误")
            lines.extend(f"  {err}" for err in found)
            continue
        pack = load_pack(path)
        lines.append(f"✓ {f}：规则包 {pack.id}，{len(pack.rules)} 条规则")
    return ok, "\n".join(lines) + "\n"


def test(ref: str) -> tuple[bool, str]:
    """Run the pack's examples; the text lists each failure and a count."""
    from checker.packs.examples import run_examples, untested

    pack = load_pack(_ref(ref))
    outcomes = run_examples(pack)
    lines = []
    for o in outcomes:
        if not o.ok:
            which = "不通过" if o.kind == "fail" else "通过"
            lines.append(f"✗ {o.rule.full_id} 示例{o.number}（{which}示例，{o.rule.source}）：{o.problem}")
    missing = untested(pack)
    for rule in missing:
        lines.append(f"· {rule.full_id}（{rule.source}）：没有成对的通过/不通过示例")
    failed = sum(1 for o in outcomes if not o.ok)
    lines.append(f"{pack.id}：{len(outcomes)} 个示例，{len(outcomes) - failed} 个符合预期，{failed} 个不符合"
                 + (f"；{len(missing)} 条规则缺示例" if missing else ""))
    return failed == 0, "\n".join(lines) + "\n"
