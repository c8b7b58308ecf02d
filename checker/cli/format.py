"""``fazhi format``: repair a .docx's layout to the format pack."""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.common import CONTEXT, Command

@click.command("format", cls=Command, context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=False))
@click.option("-o", "--output", required=True, type=click.Path(), help="输出 .docx 文件（不会覆盖输入文件）")
@click.option("--pack", default="gbt9704", show_default=True, help="格式规则包")
@click.option("--force", is_flag=True, help="允许覆盖已存在的输出文件")
def format_cmd(path, output, pack, force):
    """按 GB/T 9704 修复 .docx 版式，不改动任何文字。"""
    from checker.output.text import printable
    from checker.layout.repair import format_document

    messages = format_document(Path(path), Path(output), pack=pack, force=force)
    for line in messages or []:
        click.echo(printable(line), err=True)
    click.echo(f"已生成：{printable(output)}", err=output == "-")  # "-": the .docx itself is on stdout
