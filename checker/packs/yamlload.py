"""Safe YAML loading that remembers line numbers, for error messages that say where."""

from __future__ import annotations

from pathlib import Path

import yaml

from checker.errors import PackError


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int | None = None
    key_lines: dict

    def line_of(self, key) -> int | None:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int | None = None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loading (libyaml's parser when available) with line-aware containers."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "映射的键不能是列表或映射", key_node.start_mark) from None
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"重复的键 {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

MAX_YAML_BYTES = 2 * 1024 * 1024


def load_yaml(path: str | Path, text: str | None = None):
    """Load one YAML document; raise PackError(file, line, reason) on any problem."""
    path = Path(path)
    if text is None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise PackError(path, None, "文件不存在") from None
        except OSError as exc:
            raise PackError(path, None, f"无法读取（{exc.strerror or exc}）") from None
        if len(raw) > MAX_YAML_BYTES:
            raise PackError(path, None, "文件过大，不像规则包")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise PackError(path, None, "编码无法识别，请保存为 UTF-8") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "语法错误"
        if "could not determine a constructor" in problem:
            problem = f"不允许的 YAML 标签（{problem.split('tag')[-1].strip()}）：规则包只能包含普通数据"
        raise PackError(path, line, f"YAML 格式错误：{problem}") from None
    except yaml.YAMLError as exc:
        raise PackError(path, None, f"YAML 格式错误：{exc}") from None
    except RecursionError:
        raise PackError(path, None, "YAML 嵌套过深") from None
