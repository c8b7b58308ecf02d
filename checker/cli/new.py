"""``fazhi new``: write a report skeleton."""

from __future__ import annotations

import click

from checker.cli.common import CONTEXT, Command

@click.command(cls=Command, context_settings=CONTEXT)
@click.option("--org", required=True, help="报告主体，如 广州市花都区人民政府")
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="报告年度")
@click.option("--level", type=click.Choice(["government", "department"]), help="主体层级（默认由机关名称判断）")
@click.option("--pack", help="按哪个规则包的部分模型生成（默认 national）")
@click.option("--data", "data_file", type=click.Path(), help="已有数据（YAML），填入对应位置")
@click.option("--reference", type=click.Path(), help="提供样式的参考 .docx")
@click.option("--template", "template_dir", type=click.Path(file_okay=False), help="替换内容模板的文件夹")
@click.option("-o", "--output", required=True, type=click.Path(), help="输出 .docx 文件")
@click.option("--force", is_flag=True, help="允许覆盖已存在的文件")
def new(org, year, level, pack, data_file, reference, template_dir, output, force):
    """生成符合 GB/T 9704 格式的年度报告框架（.docx）。"""
    from checker.output.text import printable
    from checker.scaffold.generate import new_report

    messages = new_report(org=org, year=year, level=level, pack=pack, data=data_file, reference=reference,
                          template_dir=template_dir, output=output, force=force)
    for line in messages or []:
        click.echo(printable(line), err=True)
    click.echo(f"已生成：{printable(output)}", err=output == "-")  # "-": the .docx itself is on stdout
