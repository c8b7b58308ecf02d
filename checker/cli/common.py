"""What every ``fazhi`` subcommand shares: context settings, the error exit (every
refusal is one Chinese line), ``--debug``, check options."""

from __future__ import annotations

import errno
import os
import re
import sys
import traceback
import unicodedata
from pathlib import Path

import click

from checker.errors import FazhiError, UsageError, os_reason
from checker.output.text import printable

# an OSError that reaches the command line unhandled comes from writing stdout/stderr
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_DEBUG = "fazhi.debug"  # key in click's context meta (shared by a command and its group)


def _set_debug(ctx, param, value):
    if value:
        ctx.meta[_DEBUG] = True


debug_option = click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                            help="出现内部错误时显示 Python 调用栈（报告问题时附上）")


def _show_help(ctx, param, value):
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def help_option() -> click.Option:
    """``-h/--help`` with a Chinese help text (click's own says "Show this message and exit.")."""
    return click.Option(["-h", "--help"], is_flag=True, expose_value=False, is_eager=True, callback=_show_help,
                        help="显示此帮助并退出")


def debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_DEBUG))


def fail(message: str, code: int = 2) -> None:
    try:
        click.echo(f"fazhi：错误：{printable(message)}", err=True)
    except OSError:
        pass  # stderr itself is gone or full: the exit code still tells
    sys.exit(code)


def _silence_stdout() -> None:
    """After a failed write to stdout, point it at /dev/null so the interpreter's final
    flush of what is still buffered cannot fail again (and print a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _output_failed(exc: OSError) -> None:
    """A write to stdout failed: a closed pipe ends quietly, a full disk is exit 2."""
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        sys.exit(0)
    if exc.errno not in _WRITE_ERRNOS:  # a path the system refuses (name too long, no permission …)
        fail(f"{exc.filename}：{os_reason(exc)}" if exc.filename else os_reason(exc))
    _silence_stdout()
    fail(f"无法写出结果（{os_reason(exc)}）")


def _param_name(param) -> str:
    if param is None:
        return "参数"
    if param.param_type_name == "argument":
        return (param.metavar or param.name or "").upper()
    return max(param.opts, key=len) if param.opts else param.name


def usage_message(exc: click.UsageError) -> str:
    """click's refusal of the command line as one Chinese sentence."""
    from click import exceptions as ce

    if isinstance(exc, ce.MissingParameter):
        kind = "参数" if exc.param is not None and exc.param.param_type_name == "argument" else "选项"
        return f"缺少{kind} {_param_name(exc.param)}"
    if isinstance(exc, ce.NoSuchOption):
        hint = f"（是不是 {'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{hint}"
    if isinstance(exc, ce.BadOptionUsage):
        return f"选项 {exc.option_name} 后面需要一个值"
    if isinstance(exc, ce.BadParameter):
        name, kind = _param_name(exc.param), getattr(exc.param, "type", None)
        if isinstance(kind, click.IntRange):
            return f"{name} 应为 {kind.min} 到 {kind.max} 之间的整数"
        if isinstance(kind, click.Choice):
            return f"{name} 只能是 {'、'.join(map(str, kind.choices))}"
        if isinstance(kind, click.Path) and not kind.file_okay:
            return f"{name} 应为文件夹"
        return f"{name} 的值无效"
    text = exc.format_message()
    if text.startswith("No such command"):
        group = exc.ctx.command if exc.ctx is not None else None
        names = "、".join(sorted(group.commands)) if isinstance(group, click.Group) else ""
        return f"没有这个命令：{text.split(chr(39))[1] if chr(39) in text else text}（可用：{names}）"
    if text.startswith(("Got unexpected extra argument", "Got unexpected extra arguments")):
        return f"多余的参数：{text[text.find('(') + 1:text.rfind(')')]}"
    return f"命令行有误（{text}）"


_HEADINGS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数"}
# the notes click appends to an option's help text
_NOTES = (("[default: ", "[默认："), ("; default: ", "；默认："), ("[required]", "[必填]"), ("; required]", "；必填]"),
          ("[env var: ", "[环境变量："))


class HelpFormatter(click.HelpFormatter):
    """click's help layout with Chinese headings (用法：, 选项：, 命令：) and notes."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """click's two-column layout, wrapped by display width: a Chinese character takes
        two columns and a line may break between any two of them, never inside a Latin
        word or number (click counts characters and splits long words anywhere)."""
        rows = [(term, _chinese_notes(text)) for term, text in rows]
        if not rows:
            return
        first_col = min(max(_columns(term) for term, _ in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            if _columns(term) <= first_col - col_spacing:
                self.write(" " * (first_col - _columns(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_columns(text, max(self.width - first_col - 4, 10))  # 2 for hanging punctuation
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


_TOKEN = re.compile(r"[A-Za-z0-9_.,:;/@%+=<>~\-\[\]]+|\s+|.", re.DOTALL)
_NO_LINE_START = set("，。、；：？！）》」』】〕”’,.;:?!)]%")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` display columns (one line at least). Latin
    words and numbers stay whole; a closing punctuation mark never starts a line: it
    hangs past ``width`` (by at most two columns)."""
    lines, line, used = [], "", 0
    for token in _TOKEN.findall(" ".join(text.split())):
        size = _columns(token)
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        if line and used + size > width and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + size
    lines.append(line.rstrip())
    return lines


def _chinese_notes(text: str) -> str:
    for english, chinese in _NOTES:
        text = text.replace(english, chinese)
    return text


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A ``fazhi`` subcommand: Chinese help headings, ``[选项]`` in the usage line."""

    context_class = Context

    def __init__(self, *args, options_metavar: str | None = "[选项]", **kwargs):
        super().__init__(*args, options_metavar=options_metavar, **kwargs)


class Group(click.Group):
    """``fazhi`` and ``fazhi rules``: Chinese help, and every refusal is one Chinese line."""

    context_class = Context
    command_class = Command

    def __init__(self, *args, options_metavar: str | None = "[选项]", subcommand_metavar: str | None = None,
                 **kwargs):
        super().__init__(*args, options_metavar=options_metavar,
                         subcommand_metavar=subcommand_metavar or "命令 [参数]...", **kwargs)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        prog_name = prog_name or "fazhi"
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "fazhi"
            fail(f"{usage_message(exc)}；用法见 {where} --help")
        except click.ClickException as exc:
            fail(exc.format_message())
        except click.exceptions.Abort:
            fail("已中断", 130)
        sys.exit(code if isinstance(code, int) else 0)

    def make_context(self, *args, **kwargs):
        try:  # --help and --version print while the arguments are parsed
            return super().make_context(*args, **kwargs)
        except OSError as exc:
            _output_failed(exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FazhiError as err:
            fail(str(err))
        except KeyboardInterrupt:
            fail("已中断", 130)
        except OSError as exc:  # writing the results failed: closed pipe, full disk, I/O error
            _output_failed(exc)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a defect of fazhi: one line, the traceback only with --debug
            if debugging():
                traceback.print_exc()
            fail(f"内部错误：fazhi 自身出错（{type(exc).__name__}: {str(exc)[:120]}）"
                 + ("" if debugging() else "；加 --debug 显示详情"))


def parse_rule_settings(values) -> dict:
    settings = {}
    for item in values:
        rid, sep, value = item.partition("=")
        if not sep or not rid.strip() or not value.strip():
            raise UsageError(f"--rule 的写法应为 规则id=off|on|error|warning|info，实际是“{item}”")
        settings[rid.strip()] = value.strip()
    return settings


def check_options(pack, config, rule, year, level):
    from checker.config import load_config
    from checker.runner import CheckOptions

    return CheckOptions(
        packs=list(pack) or None,
        rule_settings=parse_rule_settings(rule),
        config=load_config(Path(config)) if config else None,
        year=year,
        level=level,
    )


def emit(text: str, output: str | None, force: bool, inputs=()) -> None:
    if output and output != "-":
        from checker.atomic import write_text

        write_text(output, text, force, inputs)
    else:
        click.echo(text, nl=False)

