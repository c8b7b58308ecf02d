"""Honest errors: a defect of fazhi is an internal error (not an unreadable file), every
refusal of the command line is one Chinese line, --debug shows the traceback, every
--help ends with examples."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from click.testing import CliRunner

from checker import checks
from checker.analysis.report import Report
from checker.cli import main
from checker.runner import CheckOptions, check_file
from conftest import LINJIANG, NANHU, QINGSHI


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _broken_check(monkeypatch):
    module = checks.get("meta-present")

    def check(report, rule):
        raise ValueError("boom")

    monkeypatch.setattr(module, "check", check)


def test_defect_in_a_check_is_an_internal_error_not_unreadable(monkeypatch):
    _broken_check(monkeypatch)
    r = run("check", "-j", "1", "-f", "json", NANHU, LINJIANG)
    assert r.exit_code == 2
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 2 and all("内部错误" in x and "--debug" in x for x in lines)
    assert "nanhu_dept_2022.txt" in lines[0] and "无法读取" not in r.stderr
    assert "Traceback" not in r.output
    files = json.loads(r.stdout)["files"]
    assert all(f["error"].startswith("内部错误") and "ValueError: boom" in f["error"] for f in files)


def test_debug_prints_the_traceback_on_the_group_or_on_check(monkeypatch):
    _broken_check(monkeypatch)
    for args in (["--debug", "check", NANHU], ["check", "--debug", NANHU]):
        r = run(*args)
        assert r.exit_code == 2
        assert "Traceback" in r.stderr and "ValueError: boom" in r.stderr and "加 --debug" not in r.stderr


def test_defect_in_a_reader_is_an_internal_error(monkeypatch):
    import checker.runner as runner

    def read(*args):
        raise KeyError("no such part")

    monkeypatch.setattr(runner, "parse", read)
    result = check_file(NANHU)
    assert result.internal and result.status == "unreadable"
    assert result.error.startswith("内部错误：读取时") and "KeyError" in result.trace
    r = run("outline", NANHU)
    assert r.exit_code == 2 and "内部错误" in r.output and "无法读取" not in r.output


def test_defect_outside_a_file_is_one_line_exit_2(monkeypatch):
    from checker.output import text

    monkeypatch.setattr(text, "render", lambda *args, **kw: 1 / 0)
    monkeypatch.setattr(text, "render_file", lambda *args, **kw: 1 / 0)
    r = run("check", NANHU)
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and "内部错误" in r.stderr and "ZeroDivisionError" in r.stderr
    r = run("--debug", "check", NANHU)
    assert "Traceback" in r.stderr


def test_unreadable_file_is_still_unreadable(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    r = run("check", bad)
    assert r.exit_code == 2 and "无法读取" in r.stderr and "内部错误" not in r.stderr


@pytest.mark.parametrize("args, words", [
    (["check"], "缺少参数 PATHS"),
    (["new", "--year", "2024", "-o", "x.docx"], "缺少选项 --org"),
    (["check", "--jobs", "x", "a.txt"], "--jobs"),
    (["check", "--jobs", "0", "a.txt"], "--jobs"),
    (["check", "--fail-on", "sometimes", "a.txt"], "--fail-on"),
    (["check", "--level", "city", "a.txt"], "--level 只能是 government、department"),
    (["check", "--year", "3000", "a.txt"], "--year 应为 1990 到 2100 之间的整数"),
    (["check", "--fromat", "json", "a.txt"], "没有选项 --fromat（是不是 --format？）"),
    (["check", "a.txt", "-o"], "选项 -o 后面需要一个值"),
    (["chek", "a.txt"], "没有这个命令：chek"),
    (["outline", "a.txt", "b.txt"], "多余的参数：b.txt"),
    (["rules", "show"], "缺少参数 RULE_ID"),
    (["rules", "nope"], "没有这个命令：nope"),
])
def test_usage_errors_are_one_chinese_line(args, words):
    r = run(*args)
    assert r.exit_code == 2
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("fazhi：错误：") and words in lines[0], lines[0]
    assert "Error" not in lines[0] and "Usage" not in lines[0]


@pytest.mark.parametrize("args", [[], ["check"], ["outline"], ["rules"], ["rules", "list"], ["rules", "show"],
                                  ["rules", "validate"], ["rules", "test"], ["explain"], ["new"], ["format"],
                                  ["init"], ["serve"]])
def test_every_help_ends_with_examples(args):
    r = run(*args, "--help")
    assert r.exit_code == 0
    tail = r.output.rstrip().split("示例：")[-1].strip().splitlines()
    assert "示例：" in r.output and 2 <= len(tail) <= 3
    assert all(line.strip().startswith("fazhi ") for line in tail)
    assert "Show this message" not in r.output


def _command_paths(command, path=()):
    """Every command and subcommand of ``fazhi``, as the words that call it."""
    yield list(path)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _command_paths(sub, (*path, name))


ENGLISH_HELP = ("Usage:", "Options:", "Commands:", "Positional arguments:", "Show this message and exit",
                "[OPTIONS]", "COMMAND [ARGS]", "[default:", "[required]", "env var:")


@pytest.mark.parametrize("args", list(_command_paths(main)), ids=lambda a: " ".join(a) or "fazhi")
def test_help_has_no_english_headings(args):
    r = CliRunner().invoke(main, [*args, "--help"], prog_name="fazhi")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    group = hasattr(main.get_command(None, args[0]) if args else main, "commands") and len(args) < 2
    assert lines[0] == " ".join(["用法：fazhi", *args, "[选项]"]) + (" 命令 [参数]..." if group else "") or \
        lines[0].startswith(" ".join(["用法：fazhi", *args, "[选项]", ""])), lines[0]
    assert "选项：" in lines
    assert ("命令：" in lines) == group
    left = [word for word in ENGLISH_HELP if word in r.output]
    assert left == [], left


def _columns(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("args", list(_command_paths(main)), ids=lambda a: " ".join(a) or "fazhi")
def test_option_help_fits_the_terminal_and_keeps_words_whole(args):
    """Option descriptions are wrapped by display width (a Chinese character takes two
    columns) and never inside a Latin word: every option's words are found whole."""
    r = CliRunner().invoke(main, [*args, "--help"], prog_name="fazhi", terminal_width=80)
    command = main
    for name in args:
        command = command.get_command(None, name)
    lines = r.output.splitlines()
    options = lines[lines.index("选项："):]
    too_wide = [line for line in options if _columns(line) > 80 and " " in line.strip()]
    assert too_wide == [], too_wide
    flat = " ".join(line.strip() for line in options)
    for param in command.params:
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_.-]{3,}", getattr(param, "help", None) or ""):
            assert word in flat, (param.name, word)


def test_caches_are_fields_of_the_report():
    result = check_file(QINGSHI, CheckOptions())
    declared = {f.name for f in dataclasses.fields(Report)}
    assert set(vars(result.report)) <= declared
    assert result.report.placeholders is not None  # filled by the findings' messages


def test_a_bad_pack_is_refused_before_any_file_is_read(tmp_path, monkeypatch):
    import checker.runner as runner

    pack = tmp_path / "bad.yaml"
    pack.write_text("id: p\nname: x\nrules:\n  - id: r\n    check: grep\n    severity: error\n"
                    "    message: m\n    basis: b\n", encoding="utf-8")
    read = []
    monkeypatch.setattr(runner, "load", lambda *args: read.append(args))
    for jobs in ("1", "2"):
        r = run("check", "--pack", pack, "-j", jobs, NANHU, LINJIANG)
        assert r.exit_code == 2 and "bad.yaml:5" in r.output and "grep" in r.output
    assert read == []
