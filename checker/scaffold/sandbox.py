"""A bounded jinja2 sandbox for report templates (shipped ones and ``--template DIR``).

User templates are untrusted text. They render in jinja2's ``ImmutableSandboxedEnvironment``
(no access to private attributes, unsafe callables refused, the lists and dicts passed in
cannot be modified) with ``StrictUndefined`` (an
undefined variable is an error, never an empty string), and every way a template can run
long or grow big is bounded:

- every ``{% for %}`` iterates through :meth:`BoundedSandbox.tick` (the loop's iterable is
  wrapped when the template is parsed), and every call, filter and operator ticks too: a
  step budget and a deadline stop a template that loops (almost) forever;
- ``~`` concatenation, ``+ * % **``, calls and filters check the size of what they build
  (and refuse obviously huge arguments before building anything);
- the output is streamed and cut off past a size limit;
- recursion (a macro or an include calling itself) ends in a clear error.

Any failure becomes :class:`checker.errors.UsageError` naming the template and line.
"""

from __future__ import annotations

import functools
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, nodes
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.exceptions import SecurityError, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from checker.errors import UsageError


@dataclass(frozen=True)
class Limits:
    steps: int = 2_000_000  # loop iterations + calls + filters + operators
    seconds: float = 30.0  # wall-clock deadline for one render
    value_chars: int = 2_000_000  # largest string/list a template may build
    output_chars: int = 4_000_000  # largest rendered output
    int_bits: int = 4096  # largest integer an operator may produce


class RenderLimitError(Exception):
    """Raised inside a render when a limit is exceeded (message is Chinese)."""


_WIDTH = re.compile(r"\d{6,}")  # a width/precision of 100000 or more in a format string


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"+", "*", "%", "**"})

    def __init__(self, loader, limits: Limits | None = None):
        super().__init__(loader=loader, undefined=StrictUndefined, autoescape=False,
                         trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                         auto_reload=False)
        self.limits = limits or Limits()
        self._steps = 0
        self._deadline = None
        self.filters = {name: self._bounded_filter(f) for name, f in self.filters.items()}
        self.globals.pop("lipsum", None)  # generates text by the megabyte and is of no use here
        self.bounded_iter = self._bounded_iter
        self.bounded_concat = self._bounded_concat

    # -- budget -----------------------------------------------------------------------------
    def start(self) -> None:
        self._steps = 0
        self._deadline = time.monotonic() + self.limits.seconds

    def tick(self) -> None:
        self._steps += 1
        if self._steps > self.limits.steps:
            raise RenderLimitError(f"运算步数超过上限（{self.limits.steps}步），可能是死循环或循环过大")
        if self._steps & 0x3FF == 0 and self._deadline is not None and time.monotonic() > self._deadline:
            raise RenderLimitError(f"渲染超过{self.limits.seconds:g}秒，可能是死循环")

    def _check_size(self, value):
        if isinstance(value, (str, bytes, list, tuple, dict, set)) and len(value) > self.limits.value_chars:
            raise RenderLimitError(f"生成的内容过大（超过{self.limits.value_chars}个元素或字符）")
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > self.limits.int_bits:
            raise RenderLimitError("生成的数字过大")
        return value

    def _check_int_args(self, args, kwargs) -> None:
        for value in list(args) + list(kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > self.limits.value_chars:
                raise RenderLimitError(f"参数 {value} 过大")

    def _check_join(self, items) -> None:
        total = 0
        for item in items:
            self.tick()
            total += len(item) if isinstance(item, str) else 16
            if total > self.limits.value_chars:
                raise RenderLimitError(f"生成的内容过大（超过{self.limits.value_chars}个字符）")

    # -- hooks used by the rewritten template code ------------------------------------------
    def _bounded_iter(self, iterable):
        for item in iterable:
            self.tick()
            yield item

    def _bounded_concat(self, *parts):
        total = 0
        out = []
        for part in parts:
            text = str(part)
            total += len(text)
            if total > self.limits.value_chars:
                raise RenderLimitError(f"生成的内容过大（超过{self.limits.value_chars}个字符）")
            out.append(text)
        return "".join(out)

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_iter"), [loop.iter], [], None, None,
                                   lineno=loop.lineno)
        for concat in list(tree.find_all(nodes.Concat)):
            call = nodes.Call(nodes.EnvironmentAttribute("bounded_concat"), list(concat.nodes), [], None, None,
                              lineno=concat.lineno)
            _replace_node(tree, concat, call)
        return tree

    # -- sandbox interception -----------------------------------------------------------------
    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja2's signature
        __self.tick()
        if __obj is not __self.bounded_iter and __obj is not __self.bounded_concat:
            target = getattr(__obj, "__wrapped__", __obj)
            owner = getattr(target, "__self__", None)
            method = getattr(target, "__name__", "") if isinstance(owner, str) else ""
            if method in ("format", "format_map"):  # the arguments are values to print
                if _WIDTH.search(owner):
                    raise RenderLimitError("格式字符串中的宽度或精度过大")
            elif method == "join" and args:
                args = (list(__self._bounded_iter(args[0])),) + args[1:]
                __self._check_join(args[0])
            elif method == "replace" and len(args) >= 2 and isinstance(args[1], str) and \
                    len(owner) * max(1, len(args[1])) > __self.limits.value_chars * 4:
                raise RenderLimitError("replace 生成的内容过大")
            else:  # center(10**9), ljust, zfill, lipsum-like helpers …
                __self._check_int_args(args, kwargs)
        return __self._check_size(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        self.tick()
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 1000 and not (
                    isinstance(left, (int, float)) and abs(left) <= 1):
                raise RenderLimitError("乘方的指数过大")
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                    if len(seq) * count > self.limits.value_chars:
                        raise RenderLimitError(f"生成的内容过大（超过{self.limits.value_chars}个字符）")
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > self.limits.int_bits:
                raise RenderLimitError("生成的数字过大")
        elif operator == "%" and isinstance(left, str) and _WIDTH.search(left):
            raise RenderLimitError("格式字符串中的宽度或精度过大")
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            if len(left) + len(right) > self.limits.value_chars:
                raise RenderLimitError(f"生成的内容过大（超过{self.limits.value_chars}个字符）")
        return self._check_size(super().call_binop(context, operator, left, right))

    def _bounded_filter(self, func):
        env = self

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            env.tick()
            # args may start with the context/eval context/environment, then the value
            values = [a for a in args if not _is_jinja_internal(a)]
            value, rest = (values[0], values[1:]) if values else (None, [])
            env._check_int_args(rest, kwargs)
            if func.__name__ in ("do_format", "format") and isinstance(value, str) and _WIDTH.search(value):
                raise RenderLimitError("格式字符串中的宽度或精度过大")
            if func.__name__ in ("sync_do_join", "do_join"):
                # join consumes an iterable: materialise it under the budget first
                items = list(env._bounded_iter(value)) if value is not None and not isinstance(value, str) else value
                env._check_join(items or [])
                args = tuple(items if a is value else a for a in args)
            return env._check_size(func(*args, **kwargs))

        return wrapper


def _is_jinja_internal(value) -> bool:
    return isinstance(value, (Context, EvalContext, Environment))


def _replace_node(tree, old, new) -> None:
    for parent in tree.find_all(nodes.Node):
        for field in parent.fields:
            value = getattr(parent, field, None)
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return
    if tree is old:  # pragma: no cover - a template is never a bare Concat
        raise ValueError("cannot replace the root node")


def make_environment(template_dirs: list[Path], limits: Limits | None = None) -> BoundedSandbox:
    """A sandbox loading templates from ``template_dirs`` (first match wins)."""
    loader = ChoiceLoader([FileSystemLoader(str(d), encoding="utf-8", followlinks=False) for d in template_dirs])
    return BoundedSandbox(loader, limits)


# -- rendering and error translation -----------------------------------------------------------
_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_NO_ATTR = re.compile(r"^'(?P<obj>[^']+)' (?:object )?has no attribute '(?P<attr>[^']+)'$")
_UNSAFE = re.compile(r"access to attribute '(?P<attr>[^']+)' of '(?P<obj>[^']+)' object is unsafe")


def render(env: BoundedSandbox, name: str, context: dict) -> str:
    """Render template ``name`` with ``context`` under the limits; UsageError on any failure."""
    env.start()
    try:
        template = env.get_template(name)
        out: list[str] = []
        size = 0
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > env.limits.output_chars:
                raise RenderLimitError(f"输出超过{env.limits.output_chars}个字符，可能是死循环")
            out.append(chunk)
            env.tick()
        return "".join(out)
    except UsageError as exc:  # a helper (ask, fact …) refused its arguments
        where, _ = _where_runtime(exc, env)
        raise UsageError(f"{where if where != '模板' else f'模板 {name}'}：{exc}") from None
    except TemplateSyntaxError as exc:
        where = _where_syntax(exc)
        raise UsageError(f"{where}：模板语法错误：{_chinese(exc.message or str(exc))}") from None
    except TemplateNotFound as exc:
        where, _ = _where_runtime(exc, env)
        if where == "模板":
            where = f"模板 {name}"
        raise UsageError(f"{where}：找不到模板“{exc.name}”") from None
    except (UndefinedError, SecurityError, RenderLimitError, RecursionError, MemoryError,
            TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
        where, _ = _where_runtime(exc, env)
        if where == "模板":
            where = f"模板 {name}"
        raise UsageError(f"{where}：{_describe(exc)}") from None


def _template_roots(env: BoundedSandbox) -> dict[str, str]:
    """resolved template folder -> the folder as given"""
    roots = {}
    for loader in env.loader.loaders:
        for root in loader.searchpath:
            roots[str(Path(root).resolve())] = root
    return roots


def _where_runtime(exc: BaseException, env: BoundedSandbox) -> tuple[str, int | None]:
    """'模板 X 第 N 行' from the innermost traceback frame that belongs to a template file."""
    roots = _template_roots(env)
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        try:
            resolved = str(Path(filename).resolve())
        except (OSError, ValueError):
            resolved = filename
        if any(resolved.startswith(root + os.sep) for root in roots):
            found = (resolved, tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return "模板", None
    return f"模板 {_display(found[0], roots)} 第{found[1]}行", found[1]


def _where_syntax(exc: TemplateSyntaxError) -> str:
    name = exc.filename or exc.name or "模板"
    return f"模板 {name} 第{exc.lineno}行" if exc.lineno else f"模板 {name}"


def _display(path: str, roots: dict[str, str]) -> str:
    for resolved, given in roots.items():
        if path.startswith(resolved + os.sep):
            return str(Path(given) / path[len(resolved) + 1:])
    return path


_SYNTAX = [
    (re.compile(r"^Unexpected end of template"), "模板意外结束（缺少 endfor、endif 等结束标签）"),
    (re.compile(r"^Encountered unknown tag '(?P<tag>[^']+)'"), "未知的标签“{tag}”"),
    (re.compile(r"^unexpected '(?P<tok>[^']+)'"), "意外的“{tok}”"),
    (re.compile(r"^expected token '(?P<want>[^']+)', got '(?P<got>[^']+)'"), "此处应为“{want}”，实际是“{got}”"),
    (re.compile(r"^Expected an expression"), "缺少表达式"),
    (re.compile(r"^Range too big"), "range 的范围过大（沙箱上限100000）"),
    (re.compile(r"^(?:block|no filter|No filter) named '(?P<name>[^']+)'"), "未知的过滤器或块“{name}”"),
]


def _chinese(message: str) -> str:
    for pattern, chinese in _SYNTAX:
        m = pattern.match(message)
        if m:
            return f"{chinese.format(**m.groupdict())}（{message}）"
    m = _UNDEFINED.match(message)
    if m:
        return f"变量“{m.group('name')}”未定义"
    m = _UNSAFE.search(message)
    if m:
        return f"沙箱不允许访问“{m.group('obj')}”的属性“{m.group('attr')}”"
    m = _NO_ATTR.match(message)
    if m:
        return f"“{m.group('obj')}”没有属性“{m.group('attr')}”（变量未定义）"
    return message


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RenderLimitError):
        return f"超出渲染限制：{exc}"
    if isinstance(exc, RecursionError):
        return "模板嵌套或递归过深（如宏或 include 调用了自身）"
    if isinstance(exc, MemoryError):
        return "渲染时内存不足（模板生成的内容过大）"
    if isinstance(exc, SecurityError):
        text = _chinese(str(exc))
        return text if text != str(exc) else f"沙箱不允许的操作（{text}）"
    if isinstance(exc, UndefinedError):
        return _chinese(str(exc.message or exc))
    if isinstance(exc, TemplateError):
        return _chinese(str(exc.message or exc))
    if isinstance(exc, OverflowError):
        return _chinese(str(exc))
    return f"模板运行出错（{type(exc).__name__}: {str(exc)[:120]}）"


__all__ = ["BoundedSandbox", "Limits", "RenderLimitError", "make_environment", "render"]
