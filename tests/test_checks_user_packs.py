"""User-written packs through the real entry points: the guide's province pack and
.fazhi.yaml (taken from docs/规则编写指南.md itself, so the guide cannot rot),
`fazhi rules validate`, `fazhi explain`, `--pack my.yaml` with `extends: national`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "规则编写指南.md"

REPORT = """某市2023年法治政府建设年度报告
2023年，我市深入推进依法行政。
一、2023年推进法治政府建设的主要举措和成效
按照省法制办的部署，全年办理行政复议案件64件，开展普法宣传120场。
二、2024年工作安排
2024年，我市将继续推进法治政府建设。
三、存在的不足和原因
一是执法力量不足，原因是编制紧张。二是普法针对性不强，原因是方式单一。
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def guide_files() -> dict[str, str]:
    """The guide's YAML blocks that start with a "# 文件：NAME" line."""
    text = GUIDE.read_text(encoding="utf-8")
    files = {}
    for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S):
        first = block.splitlines()[0]
        m = re.match(r"#\s*文件：(\S+)", first)
        if m:
            files[m.group(1)] = block
    return files


@pytest.fixture
def project(tmp_path) -> Path:
    files = guide_files()
    assert {"某省规则.yaml", ".fazhi.yaml"} <= set(files)
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "报告.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path


def test_guide_pack_validates(project):
    r = run("rules", "validate", project / "某省规则.yaml")
    assert r.exit_code == 0, r.output
    assert "规则包 mou-sheng，14 条规则" in r.output


def test_guide_config_adds_overrides_and_disables(project):
    r = run("check", "--format", "json", "--fail-on", "never", project / "报告.txt")
    assert r.exit_code == 0, r.output
    findings = json.loads(r.output)["files"][0]["findings"]
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f["rule"], []).append(f)
    # added rules of the province pack
    assert by_rule["mou-sheng.old-office-name"][0]["message"] == "“省法制办”已撤销，应为“省司法厅”"
    assert "mou-sheng.digital-government" in by_rule
    # override: the responsibility part missing is a warning in this province
    (missing,) = by_rule["national.section-missing"]
    assert missing["section"] == "responsibility" and missing["severity"] == "warning"
    # disabled in the pack: the plan before the shortcomings would be a section-order finding
    assert "national.section-order" not in by_rule
    # .fazhi.yaml settings: off, severity change
    assert "hygiene.half-width" not in by_rule
    empty = project / "empty-config.yaml"
    empty.write_text("rules: {}\n", encoding="utf-8")
    r2 = run("check", "--format", "json", "--fail-on", "never", "--config", empty, "--pack", "national",
             project / "报告.txt")
    assert "national.section-order" in {f["rule"] for f in json.loads(r2.output)["files"][0]["findings"]}


def test_config_severity_setting_on_a_reviewer_rule(project):
    (project / "报告.txt").write_text("2023年，我区推进依法行政，办理行政复议案件64件。\n", encoding="utf-8")
    r = run("check", "--format", "json", "--fail-on", "never", project / "报告.txt")
    findings = json.loads(r.output)["files"][0]["findings"]
    coverage = [f for f in findings if f["rule"] == "reviewer.coverage"]
    assert coverage and all(f["severity"] == "warning" for f in coverage)


def test_bad_user_pack_reports_file_and_line(tmp_path):
    pack = tmp_path / "my.yaml"
    pack.write_text("""id: my
name: 我的
basis: 测试
extends: national
rules:
  - id: term
    check: substitution
    severity: warning
    message: x
    basis: y
    swapp: {a: b}
""", encoding="utf-8")
    r = run("rules", "validate", pack)
    assert r.exit_code == 2
    assert re.search(r"my\.yaml:11：规则 term 有未知的键 swapp", r.output)


def test_nested_option_errors_stop_the_check_with_file_and_line(tmp_path):
    pack = tmp_path / "my.yaml"
    pack.write_text("""id: my
name: 我的
basis: 测试
rules:
  - id: term
    check: substitution
    severity: warning
    message: x
    basis: y
    swap: {"(a": b}
""", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("2023年，我区推进依法行政。\n", encoding="utf-8")
    r = run("check", "--pack", pack, report)
    assert r.exit_code == 2
    assert "my.yaml:10" in r.output and "swap" in r.output  # the line of the bad option


def test_pack_path_extends_national_relative(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "base.yaml").write_text("""id: base
name: 基础
basis: 测试
extends: national
rules:
  - id: fazhi
    check: substitution
    severity: error
    swap: {法制政府: 法治政府}
    message: “{match}”应为“{replacement}”
    basis: 测试
""", encoding="utf-8")
    (tmp_path / "my.yaml").write_text("""id: my
name: 我的
basis: 测试
extends: sub/base.yaml
disable: [section-missing]
rules:
  - id: fazhi
    severity: warning
""", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("2023年，我区加快建设法制政府。\n", encoding="utf-8")
    r = run("check", "--format", "json", "--fail-on", "never", "--pack", tmp_path / "my.yaml", report)
    findings = json.loads(r.output)["files"][0]["findings"]
    (f,) = [f for f in findings if f["rule"] == "base.fazhi"]
    assert f["severity"] == "warning" and f["suggestion"] is None
    assert not [f for f in findings if f["rule"] == "national.section-missing"]


def test_explain_prints_message_basis_severity_and_examples():
    r = run("explain", "terms.fazhi-zhengfu")
    assert r.exit_code == 0
    out = r.output
    assert "terms.fazhi-zhengfu" in out and "错误（error）" in out
    assert "“{match}”应为“{replacement}”" in out and "依据：" in out and "十八届四中全会" in out
    assert "不通过：我区坚持把法制政府建设" in out and "通过：我区坚持把法治政府建设" in out


def test_example_province_is_not_default_and_runs_when_chosen(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("2023年，我区推进依法行政，办理行政复议案件64件。\n", encoding="utf-8")
    default = json.loads(run("check", "--format", "json", "--fail-on", "never", report).output)
    assert not [f for f in default["files"][0]["findings"] if f["rule"].startswith("example-province.")]
    chosen = json.loads(run("check", "--format", "json", "--fail-on", "never", "--pack", "example-province",
                            report).output)
    rules = {f["rule"] for f in chosen["files"][0]["findings"]}
    assert "example-province.demonstration" in rules and "national.section-unheaded" not in rules
