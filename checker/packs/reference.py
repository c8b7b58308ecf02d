"""Generate the rules reference (docs/rules-reference.md) from the shipped packs and the
check types' declared options, so the reference is never kept by hand:

    python -m checker.packs.reference > docs/rules-reference.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from checker import checks
from checker.packs.loader import load_pack, shipped_pack_names

HEADER = """# 规则参考

> 本文件由程序根据 `rules/` 中的规则包和各检查类型声明的选项生成，请勿手工修改。
> 修改规则包后重新生成：`python -m checker.packs.reference > docs/rules-reference.md`。
> 怎样编写自己的规则包见《[规则编写指南](规则编写指南.md)》。
"""

_KINDS = {"docx": ".docx", "text": ".txt/.md"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_TYPES = {str: "文字", int: "整数", float: "数字", bool: "true/false", list: "列表", dict: "映射"}


def _type_name(t) -> str:
    if isinstance(t, tuple):
        return "或".join(_TYPES.get(x, x.__name__) for x in t)
    return _TYPES.get(t, t.__name__)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _inline(value) -> str:
    """A YAML flow rendering of an option value, for a table cell or a list item."""
    text = yaml.safe_dump(_plain(value), allow_unicode=True, default_flow_style=True, sort_keys=False,
                          width=10_000).strip()
    if text.endswith("\n..."):
        text = text[:-4].strip()
    if text.endswith("..."):
        text = text[:-3].strip()
    return text


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    text = str(text)
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def check_types_section() -> list[str]:
    out = ["## 检查类型", "",
           "规则的 `check:` 写检查类型的名称；下表的选项写在规则的顶层（与 `id`、`message` 并列）。",
           "所有规则的提示信息还可用 `{year}`（报告年度）、`{next_year}`、`{issuer}`（发文机关）、`{title}` 等占位符。", ""]
    registry = checks.registry()
    for name in sorted(registry):
        module = registry[name]
        out += [f"### {name}", "", module.DESCRIPTION, ""]
        if not module.OPTIONS:
            out += ["（没有选项）", ""]
            continue
        out += ["| 选项 | 类型 | 必填 | 默认值 | 说明 |", "| --- | --- | --- | --- | --- |"]
        for key, spec in module.OPTIONS.items():
            kind = _type_name(spec.type)
            if spec.items is not None:
                kind += f"（每项：{_type_name(spec.items)}）"
            if spec.regex:
                kind += "，正则表达式"
            help_text = spec.help
            if spec.choices:
                help_text = (help_text + "；" if help_text else "") + "可选：" + "、".join(map(str, spec.choices))
            default = "" if spec.required or spec.default in (None, "", [], {}) else _code(_inline(spec.default))
            out.append(f"| `{key}` | {kind} | {'是' if spec.required else ''} | {_cell(default)} | {_cell(help_text)} |")
        out.append("")
        placeholders = getattr(module, "PLACEHOLDERS", None)
        if placeholders:
            out.append("提示信息和修改建议中可用的占位符："
                       + "；".join(f"`{{{k}}}` {v}" for k, v in placeholders.items()) + "。")
            out.append("")
    return out


def _own_rules(pack):
    return [r for r in pack.rules.values() if Path(r.source.rpartition(":")[0]) == pack.path]


def _options(rule) -> dict:
    module = checks.get(rule.check)
    specs = module.OPTIONS if module is not None else {}
    shown = {}
    for key, value in rule.options.items():
        spec = specs.get(key)
        if spec is not None and not spec.required and value == spec.default:
            continue
        shown[key] = value
    return shown


def _rule_section(rule) -> list[str]:
    out = [f"#### `{rule.full_id}`", ""]
    state = "" if rule.enabled else "（已停用）"
    out.append(f"- 严重程度：{rule.severity.chinese}（`{rule.severity.label}`）{state}")
    out.append(f"- 检查类型：[`{rule.check}`](#{rule.check})")
    out.append(f"- 提示信息：{rule.message.strip()}")
    if rule.suggestion:
        out.append(f"- 修改建议：{rule.suggestion.strip()}")
    out.append(f"- 依据：{rule.basis.strip()}")
    if rule.description:
        out.append(f"- 说明：{rule.description.strip()}")
    options = _options(rule)
    if options:
        out.append("- 选项：")
        for key, value in options.items():
            out.append(f"  - `{key}`: {_code(_inline(value))}")
    out.append("")
    if rule.examples:
        out.append("示例：")
        out.append("")
        for ex in rule.examples:
            extra = "、".join(f"{k}={ex[k]}" for k in ("year", "level", "kind") if k in ex)
            for kind, title in (("fail", "不通过"), ("pass", "通过")):
                if kind in ex:
                    out.append(f"- {title}{'（' + extra + '）' if extra else ''}：")
                    out.append("")
                    out.append("  ```text")
                    out.extend("  " + line for line in str(ex[kind]).strip().splitlines())
                    out.append("  ```")
            if ex.get("note"):
                out.append(f"- 说明：{ex['note']}")
        out.append("")
    return out


def packs_section() -> list[str]:
    out = ["## 规则包", ""]
    packs = [load_pack(name) for name in shipped_pack_names()]
    out += ["| 规则包 | 名称 | 适用 | 默认启用 | 规则数 |", "| --- | --- | --- | --- | --- |"]
    for pack in packs:
        kinds = "、".join(_KINDS[k] for k in pack.applies_to)
        out.append(f"| [`{pack.id}`](#{pack.id}) | {_cell(pack.name)} | {kinds} | {'是' if pack.default else '否（用 --pack 选用）'} "
                   f"| {sum(1 for r in pack.rules.values() if r.enabled)} |")
    out.append("")
    for pack in packs:
        out += [f"### {pack.id}", "", f"**{pack.name}**", ""]
        kinds = "、".join(_KINDS[k] for k in pack.applies_to)
        out.append(f"- 适用：{kinds}；{'默认启用' if pack.default else '默认不启用，用 `--pack ' + pack.id + '` 或在 .fazhi.yaml 的 packs 中选用'}")
        out.append(f"- 依据：{pack.basis.strip()}")
        own = _own_rules(pack)
        inherited = [r for r in pack.rules.values() if r not in own]
        if inherited:
            bases = sorted({r.pack for r in inherited})
            out.append(f"- 继承：{'、'.join(bases)} 的 {len(inherited)} 条规则"
                       + ("；停用：" + "、".join(f"`{r.full_id}`" for r in inherited if not r.enabled)
                          if any(not r.enabled for r in inherited) else ""))
        out.append("")
        if own:
            out += ["| 规则 | 严重程度 | 检查类型 | 提示信息 |", "| --- | --- | --- | --- |"]
            for rule in own:
                out.append(f"| `{rule.full_id}` | {rule.severity.chinese} | `{rule.check}` | {_cell(rule.message.strip())} |")
            out.append("")
        for rule in own:
            out += _rule_section(rule)
    return out


def render_reference() -> str:
    lines = [HEADER] + packs_section() + check_types_section()
    text = "\n".join(lines)
    return text.rstrip("\n") + "\n"


def main() -> int:
    data = render_reference().encode("utf-8")
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        out.write(data)
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
