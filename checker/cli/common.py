"""What every ``fazhi`` subcommand shares: context settings, the error exit, check options."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.errors import FazhiError, UsageError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail(message: str, code: int = 2) -> None:
    click.echo(f"fazhi：错误：{message}", err=True)
    sys.exit(code)


class Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FazhiError as err:
            fail(str(err))
        except KeyboardInterrupt:
            fail("已中断", 130)
        except BrokenPipeError:
            sys.exit(0)
        except OSError as exc:  # a path the system refuses (name too long, no permission …)
            fail(os_error_line(exc))


def os_error_line(exc: OSError) -> str:
    reason = {36: "文件名或路径过长，系统无法处理", 13: "没有权限", 1: "没有权限", 28: "磁盘空间不足",
              30: "文件系统只读"}.get(exc.errno, exc.strerror or str(exc))
    return f"{exc.filename}：{reason}" if exc.filename else reason


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


def emit(text: str, output: str | None, force: bool) -> None:
    if output:
        from checker.atomic import write_text

        write_text(output, text, force)
    else:
        click.echo(text, nl=False)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
