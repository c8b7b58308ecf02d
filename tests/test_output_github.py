"""GitHub Actions output: workflow commands, escaping, per-level limits, job summary."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FAZHI, QINGSHI
from docxbuild import build_seed

from checker.findings import Finding, Location, Severity
from checker.output import github
from checker.runner import CheckOptions, FileResult, check_paths, collect_inputs

COMMAND = re.compile(r"^::(error|warning|notice)( [^:]*)?::")


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Twelve copies of a report that has an error, as text and as .docx, plus a broken file."""
    seed = QINGSHI
    root = tmp_path_factory.mktemp("github") / "提交"
    root.mkdir()
    for i in range(6):
        shutil.copy(seed, root / f"区县{i:02d}.txt")
        build_seed(seed, "plain", root).rename(root / f"部门{i:02d}.docx")
    (root / "坏的.docx").write_bytes(b"PK\x03\x04 truncated")
    files, _ = collect_inputs([str(root)])
    return root, [r.detached() for r in check_paths(files, CheckOptions(), jobs=1)]


@pytest.fixture(autouse=True)
def no_summary(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_escape_data_and_properties():
    assert github.escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert github.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    line = github.command("error", "x::y", file="目录,1/a:b.txt", line="3", title="t")
    assert line == "::error file=目录%2C1/a%3Ab.txt,line=3,title=t::x::y"


def test_document_text_cannot_inject_commands():
    evil = Finding("national.title-form", Severity.WARNING, "标题有误\n::add-mask::secret\r::stop-commands::x",
                   Location(block=2, line=2), excerpt="50% 完成\n::error::伪造", suggestion="改,为:正式写法")
    out = github.render([FileResult("a,b:c.txt", "checked", kind="text", findings=[evil])])
    lines = out.split("\n")
    # the plain-text details sit between ::stop-commands::TOKEN and ::TOKEN::
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].split("::")[2]
    end = lines.index(f"::{token}::")
    assert start < end and token not in "".join(lines[start + 1:end])
    assert "::error::伪造" in lines[start + 1:end]  # present in the details, but inert
    active = lines[:start] + lines[end + 1:]
    annotations = [line for line in active if COMMAND.match(line)]
    assert len(annotations) == 1
    assert annotations[0].startswith("::warning file=a%2Cb%3Ac.txt,line=2,title=national.title-form")
    assert "%0A::add-mask::secret%0D::stop-commands::x" in annotations[0]
    assert not any(line.startswith("::add-mask") or line.startswith("::error") for line in active)


def test_limits_per_level(many):
    _, results = many
    out = github.render(results)
    lines = out.splitlines()
    counts = {level: sum(1 for line in lines if line.startswith(f"::{level} ")) for level in ("error", "warning", "notice")}
    errors = sum(r.count(Severity.ERROR) for r in results) + 1  # + unreadable
    warnings = sum(r.count(Severity.WARNING) for r in results)
    notices = sum(r.count(Severity.INFO) for r in results)
    assert errors > github.LIMIT and warnings > github.LIMIT and notices > github.LIMIT
    assert counts == {"error": github.LIMIT, "warning": github.LIMIT, "notice": github.LIMIT}
    assert f"另有 {errors - github.LIMIT} 个错误未显示为注释" in out
    assert f"另有 {warnings - github.LIMIT} 个警告未显示为注释" in out
    assert f"另有 {notices - github.LIMIT} 个提示未显示为注释" in out
    first_error = next(line for line in lines if line.startswith("::error "))
    assert "title=无法读取" in first_error and "%E5" not in first_error  # unreadable first, UTF-8 kept


def test_docx_line_is_paragraph_index(many):
    _, results = many
    out = github.render(results)
    result = next(r for r in results if r.kind == "docx" and r.findings)
    finding = next(f for f in result.findings if f.severity == Severity.ERROR)
    line = next(line for line in out.splitlines()
                if line.startswith("::error ") and Path(result.path).name in line)
    assert f"line={finding.location.block}," in line
    assert f"（第{finding.location.block}段）" in line


def test_step_summary_appended(many, tmp_path, monkeypatch):
    root, results = many
    summary = tmp_path / "summary.md"
    summary.write_text("# 之前的步骤\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    github.render(results)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# 之前的步骤\n## fazhi 检查结果")
    table = [line for line in text.splitlines() if line.startswith("| ") and ("⛔" in line or "❌" in line or "✅" in line)]
    assert len(table) == len(results)
    finding_rows = [line for line in text.splitlines() if line.startswith("| 第") or line.startswith("| 全文")]
    assert len(finding_rows) == sum(len(r.findings) for r in results)  # the full table, not just 10


def test_step_summary_cut_at_size_limit(many, monkeypatch):
    _, results = many
    full = github.step_summary(results)
    monkeypatch.setattr(github, "SUMMARY_BUDGET", len(full.encode("utf-8")) // 2)
    cut = github.step_summary(results)
    assert len(cut.encode("utf-8")) <= github.SUMMARY_BUDGET + 200
    assert "1 MiB 上限" in cut and "个文件的明细从略" in cut
    assert cut.split("### ")[0] == full.split("### ")[0]  # the file table is always complete


def test_step_summary_escapes_markdown_and_html(tmp_path, monkeypatch):
    summary = tmp_path / "s.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    f = Finding("national.title-form", Severity.ERROR, "标题<script>alert(1)</script>|第二列", Location(block=1))
    github.render([FileResult("a_b.docx", "checked", kind="docx", findings=[f])])
    text = summary.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    row = next(line for line in text.splitlines() if "alert" in line)
    assert row.count(" | ") == 5 and "\\|第二列" in row


def test_unwritable_summary_is_a_warning_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no-such-dir" / "s.md"))
    out = github.render([FileResult("a.txt", "checked", kind="text")])
    assert any(line.startswith("::warning ") and "无法写入作业摘要" in line for line in out.splitlines())


def test_no_summary_without_env(many, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    github.render(many[1])
    assert list(tmp_path.iterdir()) == []


def test_cli_defaults_to_github_in_actions(many, tmp_path):
    root, _ = many
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    proc = subprocess.run([*FAZHI, "check", "提交", "-j", "2"], cwd=root.parent, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 2  # one unreadable file
    assert proc.stdout.startswith("::error file=提交/")
    assert "## fazhi 检查结果" in summary.read_text(encoding="utf-8")
