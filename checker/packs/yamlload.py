"""Safe YAML loading that remembers line numbers, for error messages that say where.

Every YAML file fazhi reads (rule packs, ``.fazhi.yaml``, ``--data``, template data) comes
through :func:`load_yaml`, which refuses with file and line, before any real work:
files over :data:`MAX_YAML_BYTES` (size checked before reading; devices and pipes are read
only up to the limit), alias expansion beyond :data:`MAX_ALIAS_NODES` nodes ("billion
laughs"), aliases that refer to themselves, nesting deeper than :data:`MAX_DEPTH`, numbers
written with more than :data:`MAX_NUMBER_CHARS` characters (Python's int-string limit, and
the quadratic time of YAML 1.1's base-60 integers) and values no constructor can build
(a date such as 2024-13-45).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from checker.errors import PackError, os_reason
from checker.packs.linedata import LineDict, LineList


MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_ALIAS_NODES = 100_000  # nodes added by expanding aliases, over the whole document
MAX_DEPTH = 100
MAX_NUMBER_CHARS = 200


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loading (libyaml's parser when available) with line-aware containers."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:  # int/float/date constructors on odd scalars
            raise yaml.constructor.ConstructorError(
                None, None, f"无法解析的值“{str(node.value)[:40]}”（{str(exc)[:60]}）", node.start_mark) from None


def _construct_number(kind: str):
    base = getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{kind}")

    def construct(loader, node):
        if len(node.value) > MAX_NUMBER_CHARS:
            raise yaml.constructor.ConstructorError(
                None, None, f"数字过长（{len(node.value)} 个字符，上限 {MAX_NUMBER_CHARS}）", node.start_mark)
        return base(loader, node)

    return construct


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
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_number("int"))
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_number("float"))


def _check_graph(root) -> None:
    """Refuse alias bombs, self-referring aliases and deep nesting in the composed nodes."""
    sizes: dict[int, int] = {}
    unique = 0
    stack = [(root, 0, False)]
    active: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            continue
        if key in sizes:
            continue
        if key in active:
            raise yaml.constructor.ConstructorError(None, None, "别名引用了它自身所在的节点（循环）", node.start_mark)
        if depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(None, None, f"嵌套过深（超过 {MAX_DEPTH} 层）", node.start_mark)
        unique += 1
        active.add(key)
        stack.append((node, depth, True))
        for child in reversed(children):
            if id(child) in active:
                raise yaml.constructor.ConstructorError(None, None, "别名引用了它自身所在的节点（循环）",
                                                        child.start_mark)
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))
    if sizes[id(root)] - unique > MAX_ALIAS_NODES:
        node = root
        while True:  # the innermost node that is already too big: where the bomb is built
            bigger = [c for c in _children(node) if sizes[id(c)] > MAX_ALIAS_NODES]
            if not bigger:
                break
            node = bigger[0]
        raise yaml.constructor.ConstructorError(
            None, None, f"别名（*引用）展开后超过 {MAX_ALIAS_NODES} 个节点，疑似“YAML 炸弹”，已拒绝", node.start_mark)


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _read_limited(path: Path) -> bytes:
    """The file's bytes; its size is checked before reading (a sparse file of gigabytes
    costs nothing), and a device or pipe is read only up to the limit."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        if stat.S_ISDIR(st.st_mode):
            raise PackError(path, None, "这是一个文件夹，不是 YAML 文件")
        if stat.S_ISREG(st.st_mode) and st.st_size > MAX_YAML_BYTES:
            raise PackError(path, None, f"文件过大（{st.st_size // 1024} KB，上限 {MAX_YAML_BYTES // 1024} KB），"
                                        "不像规则包或配置文件")
        raw = fh.read(MAX_YAML_BYTES + 1)
    if len(raw) > MAX_YAML_BYTES:
        raise PackError(path, None, f"文件过大（超过 {MAX_YAML_BYTES // 1024} KB），不像规则包或配置文件")
    return raw


def load_yaml(path: str | Path, text: str | None = None):
    """Load one YAML document; raise PackError(file, line, reason) on any problem."""
    path = Path(path)
    if text is None:
        try:
            raw = _read_limited(path)
        except FileNotFoundError:
            raise PackError(path, None, "文件不存在") from None
        except IsADirectoryError:
            raise PackError(path, None, "这是一个文件夹，不是 YAML 文件") from None
        except OSError as exc:
            raise PackError(path, None, f"无法读取（{os_reason(exc)}）") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise PackError(path, None, "编码无法识别，请保存为 UTF-8") from None
    if len(text) > MAX_YAML_BYTES:
        raise PackError(path, None, f"内容过大（超过 {MAX_YAML_BYTES // 1024} KB），不像规则包或配置文件")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_graph(root)
        return loader.construct_document(root)
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
    finally:
        loader.dispose()
