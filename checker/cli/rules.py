"""``fazhi rules list|show|validate`` and ``fazhi explain``."""

from __future__ import annotations

import sys

import click

from checker.cli.common import CONTEXT, Command, Group
from checker.output.text import printable

@click.group(context_settings=CONTEXT, cls=Group)
def rules():
    """列出、查看和校验规则。"""


@rules.command("list")
@click.option("--pack", multiple=True, help="只列出这些规则包（名称或文件）")
def rules_list(pack):
    """列出内置规则包中的全部规则。"""
    from checker.packs.info import list_rules

    click.echo(printable(list_rules(list(pack) or None), True), nl=False)


@rules.command("show")
@click.argument("rule_id")
@click.option("--pack", multiple=True, help="也在这些规则包（名称或文件）中查找")
def rules_show(rule_id, pack):
    """显示一条规则的说明、严重程度和依据。"""
    from checker.packs.info import explain

    click.echo(printable(explain(rule_id, refs=pack), True), nl=False)


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def rules_validate(files):
    """校验自编规则包：报告文件、行号和错误原因。"""
    from checker.packs.info import validate

    ok, text = validate(list(files))
    click.echo(printable(text, True), nl=False, err=not ok)
    sys.exit(0 if ok else 2)


@rules.command("test")
@click.argument("pack_file", metavar="PACK")
def rules_test(pack_file):
    """运行规则包自带的示例：不通过示例应触发规则，通过示例不应触发（退出码 1 表示有不符合的）。"""
    from checker.packs.info import test

    ok, text = test(pack_file)
    click.echo(printable(text, True), nl=False)
    sys.exit(0 if ok else 1)


@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("rule_id")
@click.option("--pack", multiple=True, help="也在这些规则包（名称或文件）中查找")
def explain(rule_id, pack):
    """解释一条规则：说明、依据、严重程度和示例。"""
    from checker.packs.info import explain as explain_rule

    click.echo(printable(explain_rule(rule_id, examples=True, refs=pack), True), nl=False)
