"""The ``fazhi`` command: check, outline, rules, explain, new, format, init, serve.

Only argument handling lives in this package; the work is done in ``checker``. Heavy modules
are imported inside the commands that need them, so ``fazhi --version`` stays fast.
"""

from __future__ import annotations

import click

from checker import __version__
from checker.cli.check import check
from checker.cli.common import CONTEXT, Group
from checker.cli.format import format_cmd
from checker.cli.init import init
from checker.cli.new import new
from checker.cli.outline import outline
from checker.cli.rules import explain, rules
from checker.cli.serve import serve


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="fazhi", message="%(prog)s %(version)s")
def main():
    """fazhi：法治政府建设年度报告检查、生成与批量审核工具。"""


for command in (check, outline, rules, explain, new, format_cmd, init, serve):
    main.add_command(command)
