"""Facts an office already has (``fazhi new --data facts.yaml``) and the helpers templates use.

The known facts and their Chinese labels, units and kinds live in ``facts.yaml`` beside the
content templates (data, not code). A template asks for a fact with ``fact("group.key")``:
the value formatted with its unit when the data file has it, else a visible placeholder
``【请填写：……】`` that ``fazhi check`` reports until someone fills it in. Keys in the data
file that neither the list nor any template knows are reported back to the user.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError, PackError, UsageError
from checker.packs.yamlload import load_yaml

PLACEHOLDER_OPEN = "【请填写："
PLACEHOLDER_CLOSE = "】"
PLACEHOLDER = re.compile(r"【请填写：[^【】]*】")
KINDS = ("count", "number", "rate", "text", "list")
_BRACKETS = str.maketrans("", "", "【】\n\r")
# `fazhi check` (hygiene.placeholder) recognises a 【…】 prompt by a cue word within 40
# characters of each bracket: a longer prompt could slip through unreported.
MAX_PROMPT = 36


def ask(prompt) -> str:
    """A visible prompt for text the drafter must write: 【请填写：prompt】."""
    text = str(prompt).translate(_BRACKETS).strip() or "内容"
    if len(text) > MAX_PROMPT:
        raise UsageError(f"提示语“{text[:12]}…”有{len(text)}个字，超过{MAX_PROMPT}个字时 fazhi check 可能认不出这是未填写的提示，请缩短")
    return f"{PLACEHOLDER_OPEN}{text}{PLACEHOLDER_CLOSE}"


@dataclass(frozen=True)
class FactSpec:
    key: str
    label: str
    unit: str = ""
    kind: str = "count"

    @property
    def prompt(self) -> str:
        if self.kind == "rate":
            return "百分比"
        if self.kind in ("text", "list"):
            return self.label
        if len(self.unit) == 1:
            return f"{self.unit}数"
        return self.unit or "数字"


def load_schema(path: Path) -> dict[str, FactSpec]:
    """``facts.yaml`` -> {dotted key: FactSpec}; PackError with file and line on a bad shape."""
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackError(path, getattr(data, "line", None), "数据项清单应是映射（分组: {键: {label, unit, kind}}）")
    out: dict[str, FactSpec] = {}

    def walk(node, prefix: str) -> None:
        for key, value in node.items():
            if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z0-9_\u4e00-\u9fff]+", key):
                raise PackError(path, node.line_of(key), f"数据项的键“{key}”无效：只能用字母、数字、下划线或汉字")
            dotted = f"{prefix}{key}"
            if not isinstance(value, dict):
                raise PackError(path, node.line_of(key), f"数据项 {dotted} 应为映射（含 label）或分组")
            if "label" in value:
                extra = set(value) - {"label", "unit", "kind"}
                if extra:
                    raise PackError(path, value.line_of(sorted(extra)[0]),
                                    f"数据项 {dotted} 有未知的键 {sorted(extra)[0]}（允许：label、unit、kind）")
                kind = value.get("kind", "count")
                if kind not in KINDS:
                    raise PackError(path, value.line_of("kind"), f"数据项 {dotted} 的 kind 应为 {'、'.join(KINDS)} 之一")
                if not isinstance(value["label"], str) or not isinstance(value.get("unit", ""), str):
                    raise PackError(path, value.line_of("label"), f"数据项 {dotted} 的 label 和 unit 应为文字")
                out[dotted] = FactSpec(dotted, value["label"], value.get("unit", ""), kind)
            else:
                walk(value, dotted + ".")

    walk(data, "")
    return out


def load_data(path: Path) -> dict[str, tuple[object, int | None]]:
    """The data file flattened: {dotted key: (value, line)}."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "这是一个文件夹，不是数据文件")
    if not path.exists():
        raise InputError(path, "文件不存在")
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, "数据文件应是 YAML 映射（键: 值），如“reconsideration: {received: 120}”")
    flat: dict[str, tuple[object, int | None]] = {}

    def walk(node, prefix: str) -> None:
        for key, value in node.items():
            dotted = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, dotted + ".")  # an empty group adds nothing
            else:
                flat[dotted] = (value, node.line_of(key))

    walk(data, "")
    return flat


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


class Facts:
    """Data + schema; records which keys the templates asked for."""

    def __init__(self, schema: dict[str, FactSpec], data: dict[str, tuple[object, int | None]] | None = None,
                 source: Path | None = None):
        self.schema = schema
        self.source = source
        self.used: set[str] = set()
        self.values: dict[str, object] = {}
        self._lines: dict[str, int | None] = {}
        for key, (value, line) in (data or {}).items():
            self._lines[key] = line
            if value is None or value == "" or value == []:
                continue  # listed but left blank: stays a placeholder
            spec = schema.get(key)
            self.values[key] = self._validate(spec, key, value, line) if spec else value

    def _fail(self, key: str, line: int | None, reason: str):
        where = f"第{line}行" if line else ""
        raise InputError(self.source or "数据文件", f"{where}“{key}”{reason}")

    def _validate(self, spec: FactSpec, key: str, value, line):
        if isinstance(value, bool) or isinstance(value, dict):
            self._fail(key, line, f"应为{_KIND_NAMES[spec.kind]}，实际是 {value!r}")
        if spec.kind == "list":
            items = value if isinstance(value, list) else [value]
            for item in items:
                if not isinstance(item, (str, int, float)) or isinstance(item, bool):
                    self._fail(key, line, f"应为文字列表，其中的 {item!r} 不是文字")
            return [str(item).strip() for item in items if str(item).strip()]
        if isinstance(value, list):
            self._fail(key, line, f"应为{_KIND_NAMES[spec.kind]}，不能是列表")
        if spec.kind in ("count", "number", "rate") and isinstance(value, (int, float)):
            if value < 0:
                self._fail(key, line, "不能是负数")
            if spec.kind == "count" and isinstance(value, float) and not value.is_integer():
                self._fail(key, line, f"应为整数，实际是 {value}")
            if spec.kind == "rate" and value > 100:
                self._fail(key, line, f"是百分比，应在0到100之间（98.5 表示 98.5%），实际是 {value}")
        return value

    # -- helpers exposed to templates -------------------------------------------------------
    def has(self, key: str) -> bool:
        self.used.add(key)
        return key in self.values

    def label(self, key: str) -> str:
        self.used.add(key)
        spec = self.schema.get(key)
        return spec.label if spec else key

    def items(self, key: str) -> list[str]:
        self.used.add(key)
        value = self.values.get(key)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [str(value)]

    def fact(self, key: str, prompt: str | None = None) -> str:
        """The value with its unit, or a placeholder asking for it."""
        self.used.add(key)
        spec = self.schema.get(key) or FactSpec(key, key, "", "text")
        value = self.values.get(key)
        if value is None:
            return ask(prompt or spec.prompt)
        if isinstance(value, list):
            return "；".join(str(v) for v in value)
        if isinstance(value, (int, float)):
            text = _number_text(value)
            return f"{text}%" if spec.kind == "rate" else f"{text}{spec.unit}"
        text = str(value).strip()
        if spec.kind == "rate" and text[-1:].isdigit():
            return f"{text}%"
        if spec.kind in ("count", "number") and text[-1:].isdigit():
            return f"{text}{spec.unit}"
        return text

    # -- after rendering ---------------------------------------------------------------------
    def unused_messages(self) -> list[str]:
        """Chinese notes for data keys that no template used and the list does not know."""
        notes = []
        known = sorted(set(self.schema) | self.used)
        name = str(self.source) if self.source else "数据文件"
        for key in self._lines:
            if key in self.schema or key in self.used:
                continue
            line = self._lines[key]
            where = f"{name}:{line}" if line else name
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"，是否想写“{close[0]}”？" if close else "（可用的数据项见 templates/content/facts.yaml）"
            notes.append(f"{where}：数据项“{key}”未知，没有用到{hint}")
        return notes


_KIND_NAMES = {"count": "非负整数", "number": "数字", "rate": "百分比数字", "text": "文字", "list": "文字列表"}


def numbered(values) -> str:
    """["甲。", "乙"] -> "一是甲；二是乙。" (the 一是……二是…… enumeration of Chinese reports)."""
    from checker.read.numbering import chinese_counting

    texts = [str(v).strip().rstrip("。；;，, ") for v in values]
    texts = [t for t in texts if t]
    return "；".join(f"{chinese_counting(i)}是{t}" for i, t in enumerate(texts, start=1)) + ("。" if texts else "")


def text_width(text) -> float:
    """Width in Chinese characters: ASCII letters and digits count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in str(text))


__all__ = ["ask", "Facts", "FactSpec", "load_schema", "load_data", "numbered", "PLACEHOLDER", "text_width"]
