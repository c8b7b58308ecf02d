"""``fazhi check``: check drafts and folders, print or write the findings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checker.cli.common import CONTEXT, check_options, emit
from checker.cli.types import Choice, Range
from checker.errors import UsageError

FAIL_LEVELS = ("error", "warning", "info", "never")

def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"




@click.command(context_settings=CONTEXT)
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
@click.option("--fail-on", type=Choice(FAIL_LEVELS), default="error", show_default=True,
              help="达到该严重程度即以退出码 1 结束")
@click.option("-j", "--jobs", type=Range(1, 256, "进程数"), default=None, help="并行检查的进程数（默认 CPU 核数）")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False),
              help="为每个 .docx 生成带批注的副本，写入此文件夹")
@click.option("--previous", type=click.Path(), help="上一年度报告（或按发文机关查找的文件夹），与之比较")
@click.option("--baseline", type=click.Path(), help="基线文件：其中已接受的结果不再报告")
@click.option("--write-baseline", type=click.Path(), help="把本次的全部结果写入基线文件（即接受这些结果）")
def check(paths, fmt, output, force, config, pack, rule, year, level, fail_on, jobs, annotate_dir,
          previous, baseline, write_baseline):
    """检查报告草稿（.docx、.txt、.md 或文件夹）。"""
    from checker.config import run_inputs
    from checker.output import formatter
    from checker.output.text import printable
    from checker.runner import FileResult, check_paths, collect_inputs, is_ignored

    options = check_options(pack, config, rule, year, level)
    accepted = _previous_and_baseline(options, previous, baseline)
    render = formatter(fmt or _default_format())
    files, problems = collect_inputs(list(paths))
    files = [f for f in files if not is_ignored(f, options)]
    if output:
        from checker.atomic import ensure_writable

        ensure_writable(output, force, inputs=run_inputs(files, options))
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
            click.echo(f"fazhi：无法读取 {printable(r.path)}：{printable(r.error)}", err=True)
    if write_baseline:
        from checker import baseline as baseline_file
        from checker.atomic import write_text

        write_text(write_baseline, baseline_file.render(results), force=True)
    if accepted is not None:
        from checker.baseline import without_accepted

        results = without_accepted(results, accepted)
    if annotate_dir:
        from checker.output.annotate import annotate_all

        annotate_all(results, Path(annotate_dir), force=force)
    inputs = run_inputs(files, options)
    if annotate_dir and render.__name__.endswith(".html"):  # the page links each annotated copy
        emit(render.render(results, annotated=render.annotated_links(results, annotate_dir, output)), output, force,
             inputs=inputs)
    else:
        emit(render.render(results), output, force, inputs=inputs)
    sys.exit(_exit_code(results, fail_on))


def _previous_and_baseline(options, previous, baseline):
    """Check ``--previous`` and read ``--baseline`` before any work (one clear line if unusable)."""
    if previous:
        from checker.previous import validate

        validate(previous)
        options.previous = previous
    if baseline:
        from checker.baseline import load

        return load(baseline)
    return None


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
