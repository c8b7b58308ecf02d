"""What every ``fazhi`` subcommand shares: context settings, the error exit, check options."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import click

from checker.errors import FazhiError, UsageError, os_reason
from checker.output.text import printable

# an OSError that reaches the command line unhandled comes from writing stdout/stderr
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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
    if exc.errno not in _WRITE_ERRNOS:
        raise exc
    _silence_stdout()
    fail(f"无法写出结果（{os_reason(exc)}）")


class Group(click.Group):
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


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
