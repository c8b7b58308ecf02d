"""The ready-made CI files: each parses, and the fazhi commands in it run as written on a
folder of real reports (seed texts, .docx built from them, a broken file, a Word lock file)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import FAZHI, ROOT, SCHEMAS, report_texts
from docxbuild import build_seed
from lxml import etree

BIN = Path(sys.executable).parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
GITHUB = ROOT / "docs" / "ci" / "github-actions.yml"
GITLAB = ROOT / "docs" / "ci" / "gitlab-ci.yml"


def make_folder(root: Path, broken: bool = True) -> Path:
    root.mkdir(parents=True)
    for i, seed in enumerate(report_texts()):  # numbered: the walk keeps this order
        copy = root / f"{i:02d}-{seed.name}"
        shutil.copy(seed, copy)
        build_seed(copy, "styles", root)
    sub = root / "部门"
    sub.mkdir()
    build_seed(report_texts()[0], "autonum", sub)
    (root / "~$锁定文件.docx").write_bytes(b"\0lock")  # Word lock file: skipped
    if broken:
        (root / "损坏.docx").write_bytes(b"PK\x03\x04broken")
    return root


def _command_dir() -> Path:
    """A folder with the `fazhi` command: the installed script's, or one with a wrapper
    that runs this checkout's code."""
    if len(FAZHI) == 1:
        return Path(FAZHI[0]).parent
    shim = Path(tempfile.mkdtemp(prefix="fazhi-bin-"))
    script = shim / "fazhi"
    script.write_text("#!/bin/sh\nexec " + shlex.join(FAZHI) + ' "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return shim


COMMAND_DIR = _command_dir()


def shell(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    full = {**os.environ, **env, "PATH": f"{COMMAND_DIR}{os.pathsep}{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    if "GITHUB_ACTIONS" not in env:  # this test suite may itself run in GitHub Actions
        full.pop("GITHUB_ACTIONS", None)
        full.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=600)


def expected_exit(paths: list[Path]) -> int:
    """The exit-code contract (design.md) with the default --fail-on error, from an
    in-process check of the same files."""
    from checker.findings import Severity
    from checker.runner import CheckOptions, check_paths, collect_inputs

    files, problems = collect_inputs([str(p) for p in paths])
    results = check_paths(files, CheckOptions(), jobs=1)
    if problems or any(r.status == "unreadable" for r in results):
        return 2
    return 1 if any(f.severity == Severity.ERROR for r in results for f in r.findings) else 0


def validate_sarif(path: Path) -> dict:
    import jsonschema

    data = json.loads(path.read_text(encoding="utf-8"))
    schema_path = SCHEMAS / "sarif-schema-2.1.0.json"
    if schema_path.is_file():
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft4Validator(schema).iter_errors(data))
        assert not errors, errors[0].message
    return data


# ---- pre-commit ----

def test_pre_commit_hook(tmp_path):
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert {"id", "name", "entry", "language", "files"} <= set(hook)
    assert hook["files"] == r"\.(docx|txt|md)$"
    pattern = re.compile(hook["files"])
    exclude = re.compile(hook.get("exclude", "^$"))

    def selected(name: str) -> bool:  # how pre-commit filters staged files
        return bool(pattern.search(name)) and not exclude.search(name)

    for name, expected in (("a.docx", True), ("b.txt", True), ("c.md", True), ("d.doc", False),
                           ("e.pdf", False), ("f.docx.bak", False), ("~$g.docx", False),
                           ("部门/~$h.docx", False), ("部门/i~$.docx", True)):
        assert selected(name) is expected, name
    folder = make_folder(tmp_path / "repo")
    # pre-commit runs `entry [args] FILE…` with the staged files it selects (paths relative
    # to the repository root)
    staged = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    matching = [f for f in staged if selected(f)]
    command = shlex.split(hook["entry"]) + hook.get("args", [])
    assert command[:2] == ["fazhi", "check"]
    proc = shell(shlex.join(command + matching), folder, {})
    assert proc.returncode == 2, proc.stderr  # the broken file
    assert "损坏.docx" in proc.stderr and "锁定文件" not in proc.stdout + proc.stderr
    assert "共检查" in proc.stdout
    clean = [f for f in matching if "损坏" not in f]
    codes = set()
    for files in (clean, [f for f in clean if f.endswith(".txt")], [f for f in clean if f.endswith(".docx")]):
        proc = shell(shlex.join(command + files), folder, {})
        assert proc.returncode == expected_exit([folder / f for f in files]), proc.stdout
        assert "共检查" in proc.stdout
        codes.add(proc.returncode)
    assert codes - {2}


def test_pre_commit_accepts_the_manifest():
    clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit 未安装，跳过清单校验")
    hooks = clientlib.load_manifest(str(HOOKS))  # raises InvalidManifestError on a bad file
    assert [h["id"] for h in hooks] == ["fazhi-check"]


# ---- GitHub Actions ----

def _github_env(job: dict, step: dict, folder: Path, tmp_path: Path) -> dict:
    env = {k: str(v) for k, v in (job.get("env") or {}).items()}
    env.update({k: str(v) for k, v in (step.get("env") or {}).items()})
    env.update({"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "step_summary.md"),
                "REPORTS": env.get("REPORTS", "")})
    return env


def test_github_workflow(tmp_path):
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    job = workflow["jobs"]["fazhi"]
    reports = job["env"]["REPORTS"]
    assert all(f"{reports}/**" in triggers[event]["paths"] for event in ("push", "pull_request"))
    steps = job["steps"]
    fazhi_steps = [s for s in steps if "run" in s and s["run"].lstrip().startswith("fazhi ")]
    assert len(fazhi_steps) == 3
    workspace = tmp_path / "workspace"
    make_folder(workspace / reports)
    outcomes = {}
    for step in fazhi_steps:
        proc = shell(step["run"], workspace, _github_env(job, step, workspace, tmp_path))
        outcomes[step["name"]] = proc
        if not step.get("continue-on-error"):
            assert proc.returncode == 2, proc.stderr  # the broken file fails the gate
    # SARIF for the upload step
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    sarif = validate_sarif(workspace / upload["with"]["sarif_file"])
    results = sarif["runs"][0]["results"]
    assert results and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "%E6%8F%90%E4%BA%A4/") for r in results)  # "提交/" percent-encoded, relative to the checkout
    assert sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    # HTML report for the artifact step
    artifact = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    page = (workspace / artifact["with"]["path"]).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "损坏.docx" in page
    # the gate: annotations and the job summary
    gate = outcomes["检查报告"]
    lines = gate.stdout.splitlines()
    assert lines[0].startswith(f"::error file={reports}/") and "title=无法读取" in lines[0]
    assert any(line.startswith("::error file=") and "national.section-missing" in line for line in lines)
    summary = (tmp_path / "step_summary.md").read_text(encoding="utf-8")
    assert summary.count("## fazhi 检查结果") == 1 and "⛔ 无法读取" in summary


# ---- GitLab CI ----

def test_gitlab_job(tmp_path):
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    job = config["fazhi"]
    variables = {k: str(v) for k, v in job["variables"].items()}
    reports = variables["REPORTS"]
    assert any(reports in str(change) for rule in job["rules"] for change in rule["changes"])
    project = tmp_path / "project"
    make_folder(project / reports)
    commands = [c for c in job["script"] if c.lstrip().startswith("fazhi ")]
    assert len(commands) == len(job["script"]) == 4
    env = {**variables, "CI": "true", "GITLAB_CI": "true"}
    for command in commands[:-1]:
        proc = shell(command, project, env)
        assert proc.returncode == 0, proc.stderr  # `|| true`: report steps never stop the job
    gate = shell(commands[-1], project, env)
    assert gate.returncode == 2 and "损坏.docx" in gate.stderr and "共检查" in gate.stdout
    reports_cfg = job["artifacts"]["reports"]
    quality = json.loads((project / reports_cfg["codequality"]).read_text(encoding="utf-8"))
    assert quality and all(i["location"]["path"].startswith(f"{reports}/") for i in quality)
    assert any(i["severity"] == "blocker" for i in quality)
    junit = etree.parse(str(project / reports_cfg["junit"]))
    xsd = SCHEMAS / "junit.xsd"
    if xsd.is_file():
        schema = etree.XMLSchema(etree.parse(str(xsd)))
        assert schema.validate(junit), schema.error_log
    for path in job["artifacts"]["paths"]:
        assert (project / path).is_file()
    # reruns in the same workspace (shell executors) overwrite the reports
    assert shell(commands[0], project, env).returncode == 0


def test_gitlab_gate_on_folder_without_broken_files(tmp_path):
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    job = config["fazhi"]
    variables = {k: str(v) for k, v in job["variables"].items()}
    project = tmp_path / "project"
    folder = make_folder(project / variables["REPORTS"], broken=False)
    gate = shell(job["script"][-1], project, variables)
    assert gate.returncode == expected_exit([folder]) != 2, gate.stderr


# ---- the batch features the CI files rely on (walking, --jobs, --fail-on, config, init) ----

def fazhi(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return shell(shlex.join(["fazhi", *args]), cwd, env or {})


def test_walk_skips_lock_hidden_and_unsupported_files(tmp_path):
    folder = make_folder(tmp_path / "提交", broken=False)
    (folder / ".隐藏草稿.txt").write_text("不应检查", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "说明.md").write_text("不应检查", encoding="utf-8")
    (folder / "附件.pdf").write_bytes(b"%PDF-1.4")
    (folder / "旧稿.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "data.json").write_text("{}", encoding="utf-8")
    proc = fazhi(["check", "提交", "-f", "json", "-j", "1"], tmp_path)
    files = json.loads(proc.stdout)["files"]
    checked = sorted(f["path"] for f in files if f["status"] == "checked")
    expected = sorted(str(p.relative_to(tmp_path)) for p in folder.rglob("*")
                      if p.suffix in (".docx", ".txt") and not p.name.startswith(("~$", ".")) and ".git" not in p.parts)
    assert checked == expected
    assert any("部门/" in p for p in checked)
    # documents in a format that cannot be checked are listed (so a wrong submission is noticed),
    # other files are not
    unreadable = {f["path"]: f["error"] for f in files if f["status"] == "unreadable"}
    assert set(unreadable) <= {"提交/附件.pdf", "提交/旧稿.doc"} and "提交/旧稿.doc" in unreadable
    assert all(".docx" in reason for reason in unreadable.values())
    assert proc.returncode == 2


def test_parallel_jobs_give_the_same_report(tmp_path):
    make_folder(tmp_path / "提交")
    one = fazhi(["check", "提交", "-f", "json", "-j", "1"], tmp_path)
    two = fazhi(["check", "提交", "-f", "json", "-j", "2"], tmp_path)
    assert one.returncode == two.returncode == 2
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_fail_on_levels(tmp_path):
    make_folder(tmp_path / "提交", broken=False)
    summary = json.loads(fazhi(["check", "提交", "-f", "json", "--fail-on", "never"], tmp_path).stdout)["summary"]
    expected = {"never": 0,
                "error": int(summary["error"] > 0),
                "warning": int(summary["error"] + summary["warning"] > 0),
                "info": int(summary["error"] + summary["warning"] + summary["info"] > 0)}
    assert expected["info"] == 1  # the seeds have findings
    for level, code in expected.items():
        assert fazhi(["check", "提交", "--fail-on", level], tmp_path).returncode == code, level


def test_init_and_config_found_upward(tmp_path):
    folder = make_folder(tmp_path / "提交", broken=False)
    assert fazhi(["init"], tmp_path).returncode == 0
    config = tmp_path / ".fazhi.yaml"
    example = config.read_text(encoding="utf-8")
    assert "ignore" in example
    again = fazhi(["init"], tmp_path)
    assert again.returncode == 2 and "已存在" in again.stderr
    assert config.read_text(encoding="utf-8") == example
    baseline = json.loads(fazhi(["check", "提交", "-f", "json"], tmp_path).stdout)
    rules = {f["rule"] for file in baseline["files"] for f in file["findings"]}
    assert "national.section-missing" in rules
    config.write_text("year: 2099\nrules:\n  national.section-missing: off\nignore:\n  - \"提交/部门/**\"\n",
                      encoding="utf-8")
    # run from inside the folder: the config is found upward from each checked file
    configured = json.loads(fazhi(["check", ".", "-f", "json"], folder).stdout)
    paths = [f["path"] for f in configured["files"]]
    assert paths and not any("部门" in p for p in paths)
    found = {f["rule"] for file in configured["files"] for f in file["findings"]}
    assert "national.section-missing" not in found
    assert "national.year-expected" in found
    config.write_text("year: [2099\n", encoding="utf-8")
    broken = fazhi(["check", "提交"], tmp_path)
    assert broken.returncode == 2 and ".fazhi.yaml:" in broken.stderr and "Traceback" not in broken.stderr
