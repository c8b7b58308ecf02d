"""The ``fazhi`` command: check, outline, rules, explain, new, format, init.

Only argument handling lives here; the work is done in ``checker``. Heavy modules
are imported inside the commands that need them, so ``fazhi --version`` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checker import __version__
from checker.errors import FazhiError, UsageError

FAIL_LEVELS = ("error", "warning", "info", "never")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"fazhi：错误：{message}", err=True)
    sys.exit(code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FazhiError as err:
            _fail(str(err))
        except KeyboardInterrupt:
            _fail("已中断", 130)
        except BrokenPipeError:
            sys.exit(0)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="fazhi", message="%(prog)s %(version)s")
def main():
    """fazhi：法治政府建设年度报告检查、生成与批量审核工具。"""


def _parse_rule_settings(values) -> dict:
    settings = {}
    for item in values:
        rid, sep, value = item.partition("=")
        if not sep or not rid.strip() or not value.strip():
            raise UsageError(f"--rule 的写法应为 规则id=off|on|error|warning|info，实际是“{item}”")
        settings[rid.strip()] = value.strip()
    return settings


def _options(pack, config, rule, year, level):
    from checker.config import load_config
    from checker.runner import CheckOptions

    return CheckOptions(
        packs=list(pack) or None,
        rule_settings=_parse_rule_settings(rule),
        config=load_config(Path(config)) if config else None,
        year=year,
        level=level,
    )


def _emit(text: str, output: str | None, force: bool) -> None:
    if output:
        from checker.atomic import write_text

        write_text(output, text, force)
    else:
        click.echo(text, nl=False)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", default=None,
              help="输出格式：text、json、sarif、junit、github、gitlab、html（默认 text；在 GitHub Actions 中为 github）")
@click.option("-o", "--output", type=click.Path(), help="把结果写入文件（原子写入）")
@click.option("--force", is_flag=True, help="允许覆盖已存在的输出文件")
@click.option("--config", type=click.Path(), help="项目配置文件（默认从被检查文件所在目录向上查找 .fazhi.yaml）")
@click.option("--pack", multiple=True, help="规则包名称或 YAML 文件（可重复；替代默认规则包）")
@click.option("--rule", multiple=True, metavar="ID=VALUE", help="开关规则或改变严重程度，如 national.section-order=off")
@click.option("--year", type=click.IntRange(1990, 2100), help="要求的报告年度")
@click.option("--level", type=click.Choice(["government", "department"]), help="要求的报告主体层级")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="error", show_default=True,
              help="达到该严重程度即以退出码 1 结束")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, help="并行检查的进程数（默认 CPU 核数）")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False),
              help="为每个 .docx 生成带批注的副本，写入此文件夹")
def check(paths, fmt, output, force, config, pack, rule, year, level, fail_on, jobs, annotate_dir):
    """检查报告草稿（.docx、.txt、.md 或文件夹）。"""
    from checker.output import formatter
    from checker.runner import FileResult, check_paths, collect_inputs, is_ignored

    options = _options(pack, config, rule, year, level)
    render = formatter(fmt or _default_format())
    if output:
        from checker.atomic import ensure_writable

        ensure_writable(Path(output), force)
    files, problems = collect_inputs(list(paths))
    files = [f for f in files if not is_ignored(f, options)]
    jobs = jobs or os.cpu_count() or 1
    progress = _progress(len(files))
    results = check_paths(files, options, jobs=jobs, progress=progress)
    if progress:
        progress.close()
    results += [FileResult(str(p), "unreadable", error=reason) for p, reason in problems]
    if not results:
        raise UsageError("没有找到可检查的文件（支持 .docx、.txt、.md）")
    for r in results:
        if r.status == "unreadable":
            click.echo(f"fazhi：无法读取 {r.path}：{r.error}", err=True)
    if annotate_dir:
        from checker.output.annotate import annotate_all

        annotate_all(results, Path(annotate_dir), force=force)
    _emit(render.render(results), output, force)
    sys.exit(_exit_code(results, fail_on))


def _exit_code(results, fail_on: str) -> int:
    from checker.findings import Severity

    if any(r.status == "unreadable" for r in results):
        return 2
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on)
    return 1 if any(f.severity >= threshold for r in results for f in r.findings) else 0


class _Progress:
    def __init__(self, total: int):
        self.total, self.done = total, 0

    def __call__(self, n: int) -> None:
        self.done += n
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        click.echo(f"\r检查中 [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}", err=True, nl=False)

    def close(self) -> None:
        click.echo("\r" + " " * 60 + "\r", err=True, nl=False)


def _progress(total: int):
    if total < 2 or not sys.stderr.isatty():
        return None
    return _Progress(total)


@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--pack", help="用哪个规则包的部分模型（默认 national）")
@click.option("--config", type=click.Path(), help="项目配置文件")
def outline(path, fmt, pack, config):
    """显示识别出的标题层级，以及各部分的对应关系和依据。"""
    from checker.output.outline_format import render_json, render_text
    from checker.runner import CheckOptions, check_file

    options = _options([pack] if pack else [], config, [], None, None)
    result = check_file(Path(path), options)
    if result.status == "unreadable":
        _fail(f"无法读取 {path}：{result.error}")
    click.echo((render_json if fmt == "json" else render_text)(result.report), nl=False)


@main.group(context_settings=CONTEXT, cls=_Group)
def rules():
    """列出、查看和校验规则。"""


@rules.command("list")
@click.option("--pack", multiple=True, help="只列出这些规则包（名称或文件）")
def rules_list(pack):
    """列出内置规则包中的全部规则。"""
    from checker.rulesinfo import list_rules

    click.echo(list_rules(list(pack) or None), nl=False)


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id):
    """显示一条规则的说明、严重程度和依据。"""
    from checker.rulesinfo import explain

    click.echo(explain(rule_id), nl=False)


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def rules_validate(files):
    """校验自编规则包：报告文件、行号和错误原因。"""
    from checker.rulesinfo import validate

    ok, text = validate(list(files))
    click.echo(text, nl=False, err=not ok)
    sys.exit(0 if ok else 2)


@main.command(context_settings=CONTEXT)
@click.argument("rule_id")
def explain(rule_id):
    """解释一条规则：说明、依据、严重程度和示例。"""
    from checker.rulesinfo import explain as explain_rule

    click.echo(explain_rule(rule_id, examples=True), nl=False)


@main.command(context_settings=CONTEXT)
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
    from checker.scaffold import new_report

    messages = new_report(org=org, year=year, level=level, pack=pack, data=data_file, reference=reference,
                          template_dir=template_dir, output=output, force=force)
    for line in messages or []:
        click.echo(line, err=True)
    click.echo(f"已生成：{output}")


@main.command("format", context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=False))
@click.option("-o", "--output", required=True, type=click.Path(), help="输出 .docx 文件（不会覆盖输入文件）")
@click.option("--pack", default="gbt9704", show_default=True, help="格式规则包")
@click.option("--force", is_flag=True, help="允许覆盖已存在的输出文件")
def format_cmd(path, output, pack, force):
    """按 GB/T 9704 修复 .docx 版式，不改动任何文字。"""
    from checker.layout_repair import format_document

    messages = format_document(Path(path), Path(output), pack=pack, force=force)
    for line in messages or []:
        click.echo(line, err=True)
    click.echo(f"已生成：{output}")


@main.command(context_settings=CONTEXT)
@click.option("-o", "--output", default=".fazhi.yaml", show_default=True, type=click.Path())
@click.option("--force", is_flag=True, help="允许覆盖已存在的文件")
def init(output, force):
    """在当前目录写一个带注释的 .fazhi.yaml 示例。"""
    from checker.atomic import write_text
    from checker.resources import templates_dir

    write_text(output, (templates_dir() / "fazhi.example.yaml").read_text(encoding="utf-8"), force)
    click.echo(f"已生成：{output}")


if __name__ == "__main__":
    main()
