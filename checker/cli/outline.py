"""``fazhi outline``: the heading tree and the parts found, with the reasons."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import CONTEXT, Command, check_options, debugging, fail

@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("path", type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--pack", help="用哪个规则包的部分模型（默认 national）")
@click.option("--config", type=click.Path(), help="项目配置文件")
def outline(path, fmt, pack, config):
    """显示识别出的标题层级，以及各部分的对应关系和依据。"""
    from checker.output.outline_format import render_json, render_text
    from checker.output.text import printable
    from checker.runner import CheckOptions, check_file

    options = check_options([pack] if pack else [], config, [], None, None)
    result = check_file(Path(path), options)
    if result.internal:
        if debugging() and result.trace:
            click.echo(result.trace, err=True, nl=False)
        fail(f"{path}：{result.error}" + ("" if debugging() else "；加 --debug 显示详情"))
    if result.status == "unreadable":
        fail(f"无法读取 {path}：{result.error}")
    click.echo(render_json(result.report) if fmt == "json" else printable(render_text(result.report), True), nl=False)
