"""``fazhi check``: check drafts and folders, print or write the findings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checker.cli.common import CONTEXT, Command, check_options, debug_option, debugging, emit
from checker.cli.types import Choice, Range
from checker.errors import UsageError

FAIL_LEVELS = ("error", "warning", "info", "never")

def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"




@click.command(cls=Command, context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-f", "--format", "fmt", default=None,
              help="输出格式：text、json、jsonl、sarif、junit、github、gitlab、html（默认 text；在 GitHub Actions 中为 github）")
@click.option("-o", "--output", type=click.Path(), help="把结果写入文件（原子写入）")
@click.option("--force", is_flag=True, help="允许覆盖已存在的输出文件（-o、--annotate、--write-baseline）")
@click.option("--config", type=click.Path(), help="项目配置文件（默认从被检查文件所在目录向上查找 .fazhi.yaml）")
@click.option("--pack", multiple=True, help="规则包名称或 YAML 文件（可重复；替代默认规则包）")
@click.option("--rule", multiple=True, metavar="ID=VALUE", help="开关规则或改变严重程度，如 national.section-order=off")
@click.option("--year", type=click.IntRange(1990, 2100), help="要求的报告年度")
@click.option("--level", type=click.Choice(["government", "department"]), help="要求的报告主体层级")
@click.option("--fail-on", type=Choice(FAIL_LEVELS), default="error", show_default=True,
              help="达到该严重程度即以退出码 1 结束")
@click.option("-j", "--jobs", type=Range(1, 256, "进程数"), default=None, help="并行检查的进程数（默认：文件少时逐个检查，文件多时用全部 CPU 核；不超过 CPU 核数）")
@click.option("--annotate", "annotate_dir", type=click.Path(file_okay=False),
              help="为每个 .docx 生成带批注的副本，写入此文件夹")
@click.option("--previous", type=click.Path(), help="上一年度报告（或按发文机关查找的文件夹），与之比较")
@click.option("--baseline", type=click.Path(), help="基线文件：其中已接受的结果不再报告")
@click.option("--write-baseline", type=click.Path(), help="把本次的全部结果写入基线文件（即接受这些结果）")
@debug_option
def check(paths, fmt, output, force, config, pack, rule, year, level, fail_on, jobs, annotate_dir,
          previous, baseline, write_baseline):
    """检查报告草稿（.docx、.wps、.doc、.txt、.md 或文件夹）。"""
    from checker.config import run_inputs
    from checker.output import formatter
    from checker.output.stream import compact, streamer
    from checker.output.text import printable
    from checker.runner import FileResult, collect_inputs, is_ignored, iter_check, plan_jobs

    options = check_options(pack, config, rule, year, level)
    accepted = _previous_and_baseline(options, previous, baseline)
    name = fmt or _default_format()
    render = formatter(name)
    skipped: list = []
    files, problems = collect_inputs(list(paths), skipped, exclude=(annotate_dir,) if annotate_dir else ())
    files = [f for f in files if not is_ignored(f, options)]
    inputs = run_inputs(files, options)
    from checker.atomic import ensure_writable

    for target in (output, write_baseline):
        if target:
            ensure_writable(target, force, inputs=inputs)
    for path, reason in skipped:
        click.echo(f"fazhi：已跳过 {printable(str(path))}：{reason}", err=True)
    if not files and not problems:
        raise UsageError("没有找到可检查的文件（支持 .docx、.wps、.doc、.txt、.md）")
    annotate = None
    if annotate_dir:
        from checker.output.annotate import prepare

        annotate = prepare(files, Path(annotate_dir), force, inputs)
    stream = streamer(name, render)
    pieces: list[str] = []
    write = pieces.append if (output or stream is None) else _echo
    if stream:
        write(stream.start())
    progress = _progress(len(files)) if (output or stream is None or not sys.stdout.isatty()) else None
    kept: list = []  # full results (formats rendered at the end) or compact ones (streamed)
    everything: list = []  # for --write-baseline: every finding, accepted or not
    results = iter_check(files, options, jobs=plan_jobs(jobs, len(files)), annotate=annotate)
    try:
        for result in results:
            _report_side_lines(result)
            if write_baseline:
                everything.append(result)
            if accepted is not None:
                from checker.baseline import without_accepted

                result = without_accepted([result], accepted)[0]
            if stream:
                write(stream.file(result, not kept))
            kept.append(compact(result) if stream else result)
            if progress:
                progress(1)
    finally:
        results.close()  # on an interrupt: stop the workers now
        if progress:
            progress.close()
    for path, reason in problems:
        result = FileResult(str(path), "unreadable", error=reason)
        _report_side_lines(result)
        if stream:
            write(stream.file(result, not kept))
        kept.append(result)
    if write_baseline:
        from checker import baseline as baseline_file
        from checker.atomic import write_text

        write_text(write_baseline, baseline_file.render(everything), force, inputs)
    if stream:
        write(stream.end(kept))
    elif annotate and name == "html":  # the page links each annotated copy
        write(render.render(kept, annotated=_annotated_links(kept, annotate, output)))
    else:
        write(render.render(kept))
    if pieces:
        emit("".join(pieces), output, force, inputs=inputs)
    sys.exit(_exit_code(kept, fail_on))


def _echo(text: str) -> None:
    if text:
        click.echo(text, nl=False)
        sys.stdout.flush()


def _report_side_lines(result) -> None:
    from checker.output.text import printable

    if result.internal:
        click.echo(f"fazhi：{printable(result.path)}：{printable(result.error)}"
                   + ("" if debugging() else "；加 --debug 显示详情"), err=True)
        if debugging() and result.trace:
            click.echo(result.trace, err=True, nl=False)
    elif result.status == "unreadable":
        click.echo(f"fazhi：无法读取 {printable(result.path)}：{printable(result.error)}", err=True)
    if result.annotate_note:
        click.echo(f"fazhi：{printable(result.annotate_note)}", err=True)


def _annotated_links(results, annotate, page: str | None) -> list:
    """The href of each result's annotated copy relative to the page's folder (None where
    no copy was written)."""
    from urllib.parse import quote

    base = Path(page).absolute().parent if page else Path.cwd()
    links = []
    for r in results:
        target = annotate.targets.get(Path(r.path))
        written = r.status == "checked" and target is not None and not r.annotate_note and target.exists()
        links.append(quote(Path(os.path.relpath(target.absolute(), base)).as_posix()) if written else None)
    return links


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
    """click's progress bar on stderr, advanced as results arrive."""

    def __init__(self, total: int):
        self.bar = click.progressbar(length=total, label="检查中", file=sys.stderr)
        self.bar.__enter__()

    def __call__(self, n: int) -> None:
        self.bar.update(n)

    def close(self) -> None:
        self.bar.__exit__(None, None, None)


def _progress(total: int):
    if total < 2 or not sys.stderr.isatty():
        return None
    return _Progress(total)
