"""The ``fazhi`` command: check, outline, rules, explain, new, format, init, serve.

Only argument handling lives in this package; the work is done in ``checker``. Heavy modules
are imported inside the commands that need them, so ``fazhi --version`` stays fast.
"""

from __future__ import annotations

import click

from checker import __version__
from checker.cli.check import check
from checker.cli.common import CONTEXT, Group, debug_option, help_option
from checker.cli.format import format_cmd
from checker.cli.init import init
from checker.cli.new import new
from checker.cli.outline import outline
from checker.cli.rules import explain, rules
from checker.cli.serve import serve


# The examples that end each command's --help (click keeps lines after "\b" as written).
EXAMPLES = {
    "fazhi": ["fazhi check 草稿.docx", "fazhi check 提交/ -f html -o 报告.html",
              "fazhi new --org 示例市人民政府 --year 2025 -o 报告.docx"],
    "check": ["fazhi check 草稿.docx", "fazhi check 提交/ -f json -o 结果.json --fail-on warning",
              "fazhi check 草稿.docx --pack national --rule national.section-order=off"],
    "outline": ["fazhi outline 草稿.docx", "fazhi outline 网页版.txt -f json"],
    "rules": ["fazhi rules list", "fazhi rules show national.section-missing", "fazhi rules validate 我的规则.yaml"],
    "list": ["fazhi rules list", "fazhi rules list --pack 我的规则.yaml"],
    "show": ["fazhi rules show national.section-missing", "fazhi rules show mine.title --pack 我的规则.yaml"],
    "validate": ["fazhi rules validate 我的规则.yaml", "fazhi rules validate 甲.yaml 乙.yaml"],
    "test": ["fazhi rules test 我的规则.yaml", "fazhi rules test rules/national.yaml"],
    "explain": ["fazhi explain publication-late", "fazhi explain mine.title --pack 我的规则.yaml"],
    "new": ["fazhi new --org 示例市人民政府 --year 2025 -o 报告.docx",
            "fazhi new --org 示例市司法局 --year 2025 --data 数据.yaml -o 报告.docx"],
    "format": ["fazhi format 草稿.docx -o 草稿-规范.docx", "fazhi format 草稿.docx -o 草稿.docx --force"],
    "init": ["fazhi init", "fazhi init -o 提交/.fazhi.yaml"],
    "serve": ["fazhi serve", "fazhi serve --port 8080 --data /srv/fazhi"],
}


def _epilog(name: str) -> str:
    return "示例：\n\n\b\n" + "\n".join(EXAMPLES[name])


@click.group(cls=Group, context_settings=CONTEXT, epilog=_epilog("fazhi"))
@click.version_option(__version__, "-V", "--version", prog_name="fazhi", message="%(prog)s %(version)s",
                      help="显示版本并退出")
@debug_option
def main():
    """fazhi：法治政府建设年度报告检查、生成与批量审核工具。"""


for command in (check, outline, rules, explain, new, format_cmd, init, serve):
    main.add_command(command)
for command in [main, *main.commands.values(), *rules.commands.values()]:
    if command is not main:
        command.epilog = _epilog(command.name)
    command.context_settings = {**command.context_settings, "help_option_names": []}
    command.params.append(help_option())
