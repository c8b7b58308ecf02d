"""``fazhi init``: write an annotated example .fazhi.yaml."""

from __future__ import annotations

import click

from checker.cli.common import CONTEXT, Command

@click.command(cls=Command, context_settings=CONTEXT)
@click.option("-o", "--output", default=".fazhi.yaml", show_default=True, type=click.Path(),
              help="写入的文件（- 为标准输出）")
@click.option("--force", is_flag=True, help="允许覆盖已存在的文件")
def init(output, force):
    """在当前目录写一个带注释的 .fazhi.yaml 示例。"""
    from checker.atomic import write_text
    from checker.resources import templates_dir

    example = templates_dir() / "fazhi.example.yaml"
    write_text(output, example.read_text(encoding="utf-8"), force, inputs=[example])
    click.echo(f"已生成：{output}")
