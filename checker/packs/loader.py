"""Load, validate and merge YAML rule packs.

A pack is refused with file, line and reason when it breaks the schema: unknown keys,
wrong types, unknown check types, options the check type does not declare, regular
expressions that do not compile, duplicate rule ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker import checks
from checker import regexcache
from checker.errors import PackError
from checker.findings import SEVERITY_NAMES, Severity
from checker.packs.regexsafety import backtracking_risk
from checker.resources import rules_dir

PACK_KEYS = {"id", "name", "basis", "description", "extends", "applies_to", "default",
             "sections", "noise", "meta", "rules", "disable"}
RULE_KEYS = {"id", "check", "severity", "message", "basis", "suggestion", "description",
             "examples", "enabled"}
RULE_REQUIRED = ("id", "check", "severity", "message", "basis")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
INPUT_KINDS = ("docx", "text")


@dataclass
class Rule:
    pack: str
    id: str
    check: str
    severity: Severity
    message: str
    basis: str
    suggestion: str | None = None
    description: str | None = None
    options: dict = field(default_factory=dict)
    examples: list = field(default_factory=list)
    enabled: bool = True
    source: str = ""  # "file:line"
    # what check types derive from ``options`` (validation, compiled patterns); a copy made
    # with dataclasses.replace starts empty, so a changed rule never sees stale entries
    cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    full_id: str = field(init=False, repr=False, compare=False)  # "pack.id", read for every finding

    def __post_init__(self):
        self.full_id = f"{self.pack}.{self.id}"


@dataclass
class Pack:
    id: str
    name: str
    basis: str
    path: Path
    applies_to: tuple = INPUT_KINDS
    default: bool = True
    sections: list | None = None
    noise: dict | None = None
    meta: dict | None = None
    rules: dict[str, Rule] = field(default_factory=dict)  # full id -> Rule, in order
    cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # compiled cues


def _fail(path, node, key, reason):
    line = node.line_of(key) if hasattr(node, "line_of") else getattr(node, "line", None)
    raise PackError(path, line, reason)


def _type_name(t) -> str:
    names = {str: "文字", int: "整数", float: "数字", bool: "true/false", list: "列表", dict: "映射"}
    if isinstance(t, tuple):
        return "或".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)


def _is_type(value, t) -> bool:
    ts = t if isinstance(t, tuple) else (t,)
    if isinstance(value, bool) and bool not in ts:
        return False
    return isinstance(value, ts)


def compile_regex(path, node, key, pattern: str) -> re.Pattern:
    if len(pattern) > 2000:
        _fail(path, node, key, f"{key} 的正则表达式过长（{len(pattern)} 个字符）")
    if backtracking_risk(pattern):
        _fail(path, node, key, f"{key} 的正则表达式“{pattern[:40]}”含嵌套的重复（如 (a+)+），"
                               "匹配时间可能急剧增长，请改写（如去掉外层重复或限定次数 {0,20}）")
    try:
        return regexcache.compile(pattern)
    except re.error as exc:
        _fail(path, node, key, f"{key} 的正则表达式“{pattern}”无效：{exc}")
    except (RecursionError, OverflowError, MemoryError):
        _fail(path, node, key, f"{key} 的正则表达式“{pattern[:40]}”过于复杂")


def _check_option(path, rule_node, key, spec, value):
    if not _is_type(value, spec.type):
        _fail(path, rule_node, key, f"选项 {key} 应为{_type_name(spec.type)}，实际是 {value!r}")
    values = []
    if isinstance(value, list):
        values = value
    elif isinstance(value, dict):
        values = list(value.values())
    if spec.items is not None:
        for item in values:
            if not _is_type(item, spec.items):
                _fail(path, rule_node, key, f"选项 {key} 的每一项应为{_type_name(spec.items)}，“{item!r}”不是")
    if spec.choices is not None:
        for item in (values if isinstance(value, (list, dict)) else [value]):
            if item not in spec.choices:
                _fail(path, rule_node, key, f"选项 {key} 的值“{item}”不在允许范围 {list(spec.choices)} 内")
    if spec.regex:
        for item in (values if isinstance(value, (list, dict)) else [value]):
            if isinstance(item, str):
                compile_regex(path, rule_node, key, item)


def parse_rule(path, pack_id: str, node, *, partial: bool = False) -> Rule | dict:
    """Validate one rule mapping. With ``partial`` (an override in an extending pack)
    only the keys given are checked and a dict of them is returned."""
    if not isinstance(node, dict):
        raise PackError(path, getattr(node, "line", None), "rules 中的每一项都应是映射（id、check、severity、message…）")
    rid = node.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        _fail(path, node, "id", f"规则 id {rid!r} 无效：应为小写字母、数字和连字符，如 section-missing")
    check_name = node.get("check")
    if not partial:
        for key in RULE_REQUIRED:
            if key not in node:
                _fail(path, node, "id", f"规则 {rid} 缺少必填项 {key}")
    module = None
    if check_name is not None:
        module = checks.get(check_name) if isinstance(check_name, str) else None
        if module is None:
            known = "、".join(sorted(checks.registry()))
            _fail(path, node, "check", f"规则 {rid} 的检查类型“{check_name}”不存在（可用：{known}）")
    sev = node.get("severity")
    if sev is not None and sev not in SEVERITY_NAMES:
        _fail(path, node, "severity", f"规则 {rid} 的 severity 应为 error、warning 或 info，实际是 {sev!r}")
    for key in ("message", "basis", "suggestion", "description"):
        if key in node and not isinstance(node[key], str):
            _fail(path, node, key, f"规则 {rid} 的 {key} 应为文字")
    if "enabled" in node and not isinstance(node["enabled"], bool):
        _fail(path, node, "enabled", f"规则 {rid} 的 enabled 应为 true 或 false")
    if "examples" in node:
        _check_examples(path, node, rid)
    option_specs = module.OPTIONS if module is not None else {}
    options = {}
    for key, value in node.items():
        if key in RULE_KEYS:
            continue
        if module is None and partial:
            options[key] = value  # validated once merged with the base rule
            continue
        spec = option_specs.get(key)
        if spec is None:
            allowed = "、".join(sorted(option_specs)) or "（无）"
            _fail(path, node, key, f"规则 {rid} 有未知的键 {key}（检查类型 {check_name} 的选项：{allowed}）")
        _check_option(path, node, key, spec, value)
        options[key] = value
    if partial:
        out = {k: v for k, v in node.items() if k in RULE_KEYS}
        out["options"] = options
        return out
    for key, spec in option_specs.items():
        if key not in options:
            if spec.required:
                _fail(path, node, "id", f"规则 {rid} 缺少检查类型 {check_name} 的必填选项 {key}")
            options[key] = spec.default
    _validate_nested(path, node, module, options)
    return Rule(
        pack=pack_id, id=rid, check=check_name, severity=Severity.parse(sev), message=node["message"],
        basis=node["basis"], suggestion=node.get("suggestion"), description=node.get("description"),
        options=options, examples=list(node.get("examples") or []), enabled=node.get("enabled", True),
        source=f"{path}:{node.line}",
    )


def _validate_nested(path, node, module, options: dict) -> None:
    """Cross-option and nested-value checks a check type declares in ``validate_options``."""
    validate = getattr(module, "validate_options", None)
    problem = validate(options) if validate else None
    if problem:
        key, reason = problem
        line_key = key if isinstance(node, dict) and key in node else "id"
        rid = node.get("id") if isinstance(node, dict) else ""
        _fail(path, node, line_key, f"规则 {rid} 的选项 {key}：{reason}")


def _check_examples(path, node, rid):
    examples = node["examples"]
    if not isinstance(examples, list):
        _fail(path, node, "examples", f"规则 {rid} 的 examples 应为列表")
    for ex in examples:
        if not isinstance(ex, dict) or not ({"pass", "fail"} & set(ex)):
            _fail(path, node, "examples", f"规则 {rid} 的每个例子应为含 pass 或 fail 的映射")
        extra = set(ex) - {"pass", "fail", "year", "level", "kind", "note", "previous"}
        if extra:
            _fail(path, ex, sorted(extra)[0], f"规则 {rid} 的例子有未知的键 {sorted(extra)[0]}")


def _check_pack_shape(path, data):
    found = pack_shape_problems(path, data)
    if found:
        raise found[0]


def pack_shape_problems(path, data) -> list[PackError]:
    """Every problem of the pack's own keys, each with its line: every unknown key, the id,
    each key of the wrong type, what the other keys hold."""
    if not isinstance(data, dict):
        return [PackError(path, getattr(data, "line", None), "规则包应是一个映射（含 id、name、rules 等键）")]
    found: list[PackError] = []

    def attempt(step, *args):
        try:
            step(*args)
        except PackError as err:
            found.append(err)

    for key in data:
        if key not in PACK_KEYS:
            attempt(_fail, path, data, key, f"未知的键 {key}（允许：{'、'.join(sorted(PACK_KEYS))}）")
    if not isinstance(data.get("id"), str) or not _ID.match(data.get("id") or ""):
        attempt(_fail, path, data, "id", "规则包缺少有效的 id（小写字母、数字和连字符）")
    mistyped = set()
    for key, typ in (("name", str), ("basis", str), ("extends", str), ("applies_to", list), ("rules", list),
                     ("disable", list), ("sections", list), ("noise", dict), ("meta", dict), ("default", bool)):
        if key in data and not _is_type(data[key], typ):
            mistyped.add(key)
            attempt(_fail, path, data, key, f"{key} 应为{_type_name(typ)}")
    for kind in [] if "applies_to" in mistyped else data.get("applies_to") or []:
        if kind not in INPUT_KINDS:
            attempt(_fail, path, data, "applies_to", f"applies_to 只能包含 {list(INPUT_KINDS)}，“{kind}”不是")
    if "sections" not in mistyped:
        attempt(_check_sections, path, data.get("sections"))
    if data.get("noise") and "noise" not in mistyped:
        for pattern in data["noise"].get("patterns") or []:
            attempt(compile_regex, path, data["noise"], "patterns", str(pattern))
    return found


def _check_sections(path, sections):
    if sections is None:
        return
    seen = set()
    for spec in sections:
        if not isinstance(spec, dict) or not isinstance(spec.get("key"), str):
            raise PackError(path, getattr(spec, "line", None), "sections 的每一项应为含 key 的映射")
        if spec["key"] in seen:
            _fail(path, spec, "key", f"sections 中重复的部分 {spec['key']}")
        seen.add(spec["key"])
        allowed = {"key", "name", "heading", "inline", "inline_window", "inline_pick", "inline_extent",
                   "not_inline_in", "subheadings", "fallback", "fallback_until"}
        for key in spec:
            if key not in allowed:
                _fail(path, spec, key, f"部分 {spec['key']} 有未知的键 {key}（允许：{'、'.join(sorted(allowed))}）")
        for key in ("heading", "inline"):
            for pattern in spec.get(key) or []:
                compile_regex(path, spec, key, str(pattern).replace("{year}", "2000").replace("{next_year}", "2001"))
        if spec.get("fallback") not in (None, "leading", "trailing"):
            _fail(path, spec, "fallback", "fallback 只能是 leading 或 trailing")


def shipped_pack_path(name: str) -> Path | None:
    candidate = rules_dir() / f"{name}.yaml"
    return candidate if candidate.is_file() else None


def shipped_pack_files() -> list[Path]:
    """The shipped pack files, in the order of their names."""
    return sorted(rules_dir().glob("*.yaml"), key=lambda f: f.stem)


def shipped_pack_names() -> list[str]:
    return [f.stem for f in shipped_pack_files()]


def resolve_pack_path(ref: str, base_dir: Path | None = None) -> Path:
    """A pack reference is a shipped pack name or a path to a YAML file."""
    if not ref.endswith((".yaml", ".yml")) and "/" not in ref and "\\" not in ref:
        found = shipped_pack_path(ref)
        if found is None:
            raise PackError(ref, None, f"没有名为“{ref}”的内置规则包（可用：{'、'.join(shipped_pack_names())}）")
        return found
    path = Path(ref)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


_CACHE: dict[Path, Pack] = {}
MAX_EXTENDS = 10  # packs in one extends chain


def _chain_text(chain) -> str:
    names = [p.name for p in chain]
    if len(names) > 8:
        names = names[:4] + [f"…（{len(names) - 7} 个）"] + names[-3:]
    return " → ".join(names)


def loaded_pack_files() -> list[Path]:
    """The pack files this process has read so far."""
    return list(_CACHE)


def load_pack(ref: str | Path, base_dir: Path | None = None, _chain: tuple = ()) -> Pack:
    path = resolve_pack_path(str(ref), base_dir).resolve()
    if path in _CACHE:
        return _CACHE[path]
    if path in _chain:
        raise PackError(_chain[0], None, f"extends 形成了循环引用：{_chain_text(_chain + (path,))}")
    if len(_chain) >= MAX_EXTENDS:
        raise PackError(_chain[0], None, f"extends 链过长（超过 {MAX_EXTENDS} 层）：{_chain_text(_chain + (path,))}")
    from checker.packs.yamlload import load_yaml  # not imported when the packs come from the disk cache

    data = load_yaml(path)
    _check_pack_shape(path, data)
    pack_id = data["id"]
    base = None
    if data.get("extends"):
        try:
            base_path = resolve_pack_path(data["extends"], path.parent)
        except PackError as err:
            raise PackError(path, data.line_of("extends"), f"extends：{err.reason}") from None
        if not base_path.is_file():
            _fail(path, data, "extends", f"extends 指向的规则包 {data['extends']} 不存在")
        base = load_pack(base_path, path.parent, _chain + (path,))
    pack = Pack(
        id=pack_id, name=data.get("name", pack_id), basis=data.get("basis", ""), path=path,
        applies_to=tuple(data.get("applies_to") or (base.applies_to if base else INPUT_KINDS)),
        default=data.get("default", base is None),
        sections=data.get("sections", base.sections if base else None),
        noise=data.get("noise", base.noise if base else None),
        meta=data.get("meta", base.meta if base else None),
    )
    if base is not None:
        pack.rules = {k: replace(r) for k, r in base.rules.items()}
    by_short = {r.id: k for k, r in pack.rules.items()}
    seen = set()
    for node in data.get("rules") or []:
        rid = node.get("id") if isinstance(node, dict) else None
        if rid in seen:
            _fail(path, node, "id", f"规则 id {rid} 重复")
        seen.add(rid)
        if rid in by_short:  # override an inherited rule, keeping its stable id
            _override(path, pack.rules, by_short[rid], node)
        else:
            rule = parse_rule(path, pack_id, node)
            pack.rules[rule.full_id] = rule
    for rid in data.get("disable") or []:
        key = by_short.get(rid) or (rid if rid in pack.rules else None)
        if key is None:
            _fail(path, data, "disable", f"disable 中的规则 {rid} 不存在")
        pack.rules[key].enabled = False
    _CACHE[path] = pack
    return pack


def _override(path, rules: dict, full_id: str, node) -> None:
    base = rules[full_id]
    partial = parse_rule(path, base.pack, node, partial=True)
    module = checks.get(partial.get("check", base.check))
    options = dict(base.options)
    for key, value in partial["options"].items():
        spec = module.OPTIONS.get(key)
        if spec is None:
            _fail(path, node, key, f"规则 {base.id} 有未知的键 {key}")
        _check_option(path, node, key, spec, value)
        options[key] = value
    _validate_nested(path, node, module, options)
    rules[full_id] = replace(
        base,
        severity=Severity.parse(partial["severity"]) if "severity" in partial else base.severity,
        message=partial.get("message", base.message),
        basis=partial.get("basis", base.basis),
        suggestion=partial.get("suggestion", base.suggestion),
        description=partial.get("description", base.description),
        examples=list(partial.get("examples", base.examples)),
        enabled=partial.get("enabled", base.enabled),
        options=options,
        source=f"{path}:{node.line}",
    )


_DEFAULTS: dict[str, list[Pack]] = {}


def default_packs(kind: str) -> list[Pack]:
    """The shipped default packs for ``kind`` (looked up once per process: finding and
    resolving the shipped files costs more than checking a small report's headings)."""
    found = _DEFAULTS.get(kind)
    if found is None:
        packs = _shipped_packs()
        found = _DEFAULTS[kind] = [p for p in packs if p.default and kind in p.applies_to]
    return list(found)


def _shipped_packs() -> list[Pack]:
    """Every shipped pack, from the on-disk cache when the files are unchanged since it
    was written (:mod:`checker.packs.diskcache`), else loaded, validated and cached."""
    from checker.packs import diskcache

    files = shipped_pack_files()
    try:
        cache_key = diskcache.key(files)
    except OSError:
        cache_key = None
    packs = diskcache.load(cache_key) if cache_key else None
    if isinstance(packs, list) and [p.path for p in packs] == [f.resolve() for f in files]:
        for pack in packs:
            _CACHE.setdefault(pack.path, pack)
        return [_CACHE[p.path] for p in packs]
    packs = [load_pack(f) for f in files]
    if cache_key:
        diskcache.store(cache_key, packs)
    return packs


def select_packs(refs: list[str] | None, kind: str, base_dir: Path | None = None) -> list[Pack]:
    if not refs:
        return default_packs(kind)
    packs = [load_pack(ref, base_dir) for ref in refs]
    return [p for p in packs if kind in p.applies_to]


def apply_rule_settings(packs: list[Pack], *layers: tuple[dict, str]) -> list[Rule]:
    """Active rules of ``packs`` after each settings layer in turn (project config, then
    command line): rule id -> off | on | severity | mapping of options. A rule switched
    off in its pack can be switched on again by a later layer."""
    if not any(settings for settings, _origin in layers):
        return list(_enabled_rules(tuple(packs)))
    rules: dict[str, Rule] = {}
    for pack in packs:
        for key, rule in pack.rules.items():
            rules[key] = rule
    known = set(rules)
    for settings, origin in layers:
        for rid, setting in (settings or {}).items():
            targets = [k for k in known if k == rid or k.endswith("." + rid)]
            if not targets:
                if _exists_elsewhere(rid):
                    continue  # a rule of a pack not selected for this input: nothing to set
                raise PackError(origin or "配置", getattr(settings, "line_of", lambda k: None)(rid),
                                f"规则 {rid} 不存在（用 fazhi rules list 查看规则 id）")
            for key in targets:
                rules[key] = _apply_setting(rules[key], setting, origin, settings)
    return [r for r in rules.values() if r.enabled]


_ENABLED: dict = {}  # id of each pack in a selection -> (the packs, their enabled rules)


def _enabled_rules(packs: tuple) -> tuple:
    """The enabled rules of ``packs`` without settings, listed once per selection of pack
    objects (the loaded packs are shared by every file of a run)."""
    key = tuple(map(id, packs))
    found = _ENABLED.get(key)
    if found is None or any(a is not b for a, b in zip(found[0], packs)):
        if len(_ENABLED) > 64:
            _ENABLED.clear()
        rules: dict[str, Rule] = {}
        for pack in packs:
            rules.update(pack.rules)
        found = _ENABLED[key] = (packs, tuple(r for r in rules.values() if r.enabled))
    return found[1]


def _exists_elsewhere(rid: str) -> bool:
    """True when ``rid`` names a rule of some shipped pack (not active for this input)."""
    for name in shipped_pack_names():
        try:
            pack = load_pack(name)
        except PackError:
            continue
        if any(k == rid or k.endswith("." + rid) for k in pack.rules):
            return True
    return False


def _apply_setting(rule: Rule, setting, origin, settings) -> Rule:
    if setting is False or setting in ("off", "disable", "disabled"):
        return replace(rule, enabled=False)
    if setting is True or setting in ("on", "enable", "enabled"):
        return replace(rule, enabled=True)
    if isinstance(setting, str) and setting in SEVERITY_NAMES:
        return replace(rule, severity=Severity.parse(setting), enabled=True)
    if isinstance(setting, dict):
        module = checks.get(rule.check)
        new = replace(rule, options=dict(rule.options))
        for key, value in setting.items():
            if key == "severity":
                if value not in SEVERITY_NAMES:
                    raise PackError(origin, getattr(setting, "line_of", lambda k: None)(key),
                                    f"规则 {rule.full_id} 的 severity 应为 error、warning 或 info")
                new.severity = Severity.parse(value)
            elif key == "enabled":
                if not isinstance(value, bool):
                    raise PackError(origin, getattr(setting, "line_of", lambda k: None)(key),
                                    f"规则 {rule.full_id} 的 enabled 应为 true 或 false，实际是 {value!r}")
                new.enabled = value
            elif key in module.OPTIONS:
                _check_option(origin, setting, key, module.OPTIONS[key], value)
                new.options[key] = value
            else:
                raise PackError(origin, getattr(setting, "line_of", lambda k: None)(key),
                                f"规则 {rule.full_id} 没有选项 {key}")
        validate = getattr(module, "validate_options", None)
        problem = validate(new.options) if validate else None
        if problem:
            raise PackError(origin, getattr(setting, "line_of", lambda k: None)(problem[0]),
                            f"规则 {rule.full_id} 的选项 {problem[0]}：{problem[1]}")
        return new
    raise PackError(origin, getattr(settings, "line_of", lambda k: None)(rule.full_id),
                    f"规则 {rule.full_id} 的设置 {setting!r} 无效：应为 off、on、error、warning、info 或选项映射")


def analysis_model(packs: list[Pack]) -> Pack:
    """The pack whose section model / noise / meta cues drive reading and mapping."""
    for pack in packs:
        if pack.sections:
            return pack
    return load_pack("national")
