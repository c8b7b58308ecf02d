"""The `fazhi` command line: contracts of check/outline/rules, exit codes, bad input."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from checker.cli import main
from conftest import DOCX_FIXTURES, LINJIANG, NANHU, QINGSHI, seed_path
from docxbuild import build_seed


def run(*args, **kw):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)
    return result


def test_version_and_help():
    assert run("--version").output.startswith("fazhi ")
    out = run("--help").output
    assert "检查报告草稿" in out and "outline" in out


def test_python_m_checker_is_the_fazhi_command(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

    def python_m(*args):
        return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=300)

    version = python_m("--version")
    assert version.returncode == 0 and version.stdout.startswith("fazhi "), version.stderr
    helped = python_m("--help")
    assert helped.returncode == 0 and helped.stdout.startswith("用法：fazhi ")
    checked = python_m("check", QINGSHI, LINJIANG, "-f", "json", "-j", "2")  # the workers start too
    assert checked.returncode == 1, checked.stderr
    assert json.loads(checked.stdout) == json.loads(run("check", QINGSHI, LINJIANG, "-f", "json").stdout)
    refused = python_m("chek")
    assert refused.returncode == 2 and refused.stderr.startswith("fazhi：错误：没有这个命令")


def test_check_text_output_names_place_rule_severity_and_fix():
    r = run("check", QINGSHI)
    assert r.exit_code == 1  # an error finding (responsibility missing)
    out = r.output
    assert "错误" in out and "[national.section-missing]" in out
    assert "缺少“党政主要负责人履行推进法治建设第一责任人职责情况”部分" in out
    assert "建议：" in out
    assert "第35行" in out  # the inline shortcomings paragraph is line 35 of the page
    assert out.strip().splitlines()[-1].startswith("共检查 1 个文件：1 个错误")


def test_check_real_page_names_its_line():
    out = run("check", seed_path("000")).output
    assert "第83行" in out  # the inline shortcomings paragraph is line 83 of the page


def test_check_json_contract(tmp_path):
    docx_path = build_seed(NANHU, "styles", tmp_path)
    r = run("check", "--format", "json", "--pack", "national", docx_path)
    data = json.loads(r.output)
    assert set(data) == {"tool", "files", "summary"}
    assert data["tool"]["name"] == "fazhi"
    f = data["files"][0]
    assert set(f) == {"path", "status", "error", "meta", "sections", "findings"}
    assert f["status"] == "checked" and f["error"] is None
    assert {"title", "issuer", "year", "level", "date"} <= set(f["meta"])
    assert f["meta"]["year"] == 2022 and f["meta"]["level"] == "department"
    for s in f["sections"]:
        assert set(s) == {"key", "title", "headed", "start", "end"}
        assert 1 <= s["start"] <= s["end"]
    for finding in f["findings"]:
        assert set(finding) == {"rule", "severity", "message", "section", "location", "excerpt", "suggestion"}
        assert set(finding["location"]) == {"block", "line", "heading"}
        assert finding["location"]["line"] is None  # .docx has blocks, not lines
        assert finding["rule"].startswith("national.")
    assert data["summary"] == {"files": 1, "unreadable": 0,
                               "error": sum(x["severity"] == "error" for x in f["findings"]),
                               "warning": sum(x["severity"] == "warning" for x in f["findings"]),
                               "info": sum(x["severity"] == "info" for x in f["findings"])}
    assert r.exit_code == (1 if data["summary"]["error"] else 0)


@pytest.mark.parametrize("fail_on,expected", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(fail_on, expected):
    assert run("check", "--fail-on", fail_on, QINGSHI).exit_code == expected


def test_fail_on_warning_without_errors():
    # no title (a warning), every part present (no error)
    assert run("check", "--pack", "national", LINJIANG).exit_code == 0
    assert run("check", "--pack", "national", "--fail-on", "warning", LINJIANG).exit_code == 1


def test_rule_switch_from_command_line():
    r = run("check", "--rule", "national.section-missing=off", "--format", "json", QINGSHI)
    rules = {f["rule"] for f in json.loads(r.output)["files"][0]["findings"]}
    assert "national.section-missing" not in rules
    r = run("check", "--rule", "section-missing=warning", "--format", "json", QINGSHI)
    sev = {f["rule"]: f["severity"] for f in json.loads(r.output)["files"][0]["findings"]}
    assert sev["national.section-missing"] == "warning"


def test_rule_switch_from_project_config(tmp_path):
    (tmp_path / ".fazhi.yaml").write_text(
        "rules:\n  national.section-missing:\n    severity_by_section: {responsibility: info}\n"
        "  national.web-noise: off\n", encoding="utf-8")
    target = tmp_path / "sub" / "report.txt"
    target.parent.mkdir()
    target.write_bytes(QINGSHI.read_bytes())
    r = run("check", "--format", "json", target)
    findings = json.loads(r.output)["files"][0]["findings"]
    assert {f["rule"]: f["severity"] for f in findings}["national.section-missing"] == "info"
    assert "national.web-noise" not in {f["rule"] for f in findings}
    assert r.exit_code == 0


def test_bad_rule_setting_is_a_usage_error():
    r = run("check", "--rule", "national.no-such-rule=off", QINGSHI)
    assert r.exit_code == 2
    assert "no-such-rule" in r.output
    r = run("check", "--rule", "oops", QINGSHI)
    assert r.exit_code == 2 and "--rule" in r.output


def _bad_inputs(tmp_path):
    files = {}
    files["not_zip.docx"] = b"this is not a zip at all" * 10
    good = build_seed(NANHU, "plain", tmp_path)
    data = good.read_bytes()
    files["truncated.docx"] = data[: len(data) // 2]
    files["empty.docx"] = b""
    files["empty.txt"] = b""
    files["report.pdf"] = b"%PDF-1.4"
    files["legacy.docx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    nozip = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(nozip, "w") as zf:
        zf.writestr("hello.txt", "hi")
    files["nodoc.docx"] = nozip.read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    for name, payload in files.items():
        (folder / name).write_bytes(payload)
    (folder / "good.docx").write_bytes(data)
    return folder


def test_bad_inputs_one_line_each_exit_2_others_checked(tmp_path):
    folder = _bad_inputs(tmp_path)
    paths = sorted(folder.iterdir())
    r = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "1", *map(str, paths)],
                           catch_exceptions=False)
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    by_name = {p["path"].rsplit("/", 1)[-1]: p for p in data["files"]}
    assert by_name["good.docx"]["status"] == "checked"
    unreadable = {n for n, p in by_name.items() if p["status"] == "unreadable"}
    assert unreadable == {"not_zip.docx", "truncated.docx", "empty.docx", "empty.txt", "report.pdf",
                          "legacy.docx", "nodoc.docx"}
    assert "另存为" in by_name["legacy.docx"]["error"]
    assert "zip" in by_name["truncated.docx"]["error"] or "损坏" in by_name["truncated.docx"]["error"]
    errors = [line for line in r.stderr.splitlines() if line.startswith("fazhi：无法读取")]
    assert len(errors) == len(unreadable)
    assert "Traceback" not in r.output


def test_bad_yaml_pack_names_file_and_line(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("id: mine\nname: 我的\nrules:\n  - id: x\n    check: no-such-check\n    severity: error\n"
                    "    message: m\n    basis: b\n", encoding="utf-8")
    r = run("check", "--pack", pack, QINGSHI)
    assert r.exit_code == 2
    assert f"{pack.resolve()}:5" in r.output and "no-such-check" in r.output
    pack.write_text("id: mine\nrules: [\n", encoding="utf-8")
    r = run("check", "--pack", pack, QINGSHI)
    assert r.exit_code == 2 and "YAML" in r.output and "bad.yaml:" in r.output


def test_missing_input_and_unknown_folder_content(tmp_path):
    r = run("check", tmp_path / "nope.docx")
    assert r.exit_code == 2 and "不存在" in r.output
    r = run("check", tmp_path)  # empty folder
    assert r.exit_code == 2 and "没有找到可检查的文件" in r.output


def test_outline_shows_tree_and_mapping():
    out = run("outline", NANHU).output
    assert "标题：南湖县市场监督管理局2022年法治政府建设年度报告" in out
    assert "第3行 一、2022年推进法治政府建设的主要举措和成效  → 主要举措和成效" in out
    assert "第18行 11.党政主要负责人履行推进法治建设第一责任人职责 ［段首标题］" in out
    assert "党政主要负责人履行推进法治建设第一责任人职责情况：有标题，第18–19行" in out
    assert "存在的不足和原因：在段落中，第19行" in out
    assert "依据：标题含“第一责任人”" in out and "依据：段落含“还存在以下问题”" in out
    assert "其他需要报告的情况：未找到（没有标题或段落提到“其他需要报告”" in out
    assert "achievements" not in out and "(" not in out.split("报告部分：")[1]  # no keys, no regexes


def test_outline_and_check_place_text_findings_on_the_same_lines():
    outline = run("outline", QINGSHI).output
    check = run("check", "--pack", "national", QINGSHI).output
    assert "存在的不足和原因：在段落中，第35行" in outline
    assert "第35行" in check and "[national.section-unheaded]" in check


def test_outline_of_docx_counts_paragraphs(tmp_path):
    out = run("outline", build_seed(NANHU, "styles", tmp_path)).output
    assert "第3段 一、2022年推进法治政府建设的主要举措和成效" in out


def test_outline_json():
    data = json.loads(run("outline", "--format", "json", QINGSHI).output)
    assert data["missing"] == ["responsibility", "other"]
    assert data["headings"][0]["label"] == "一、"


def test_outline_autonumber_labels(tmp_path):
    out = run("outline", build_seed(NANHU, "autonum", tmp_path)).output
    assert "一、2022年推进法治政府建设的主要举措和成效" in out
    assert "（一）加强组织领导" in out and "1.健全领导机制" in out and "11.党政主要负责人" in out


def test_outline_real_docx_autonumber_labels(docx_dir):
    out = run("outline", DOCX_FIXTURES / "gongwen_reference_styled_numbering_msword.dotx").output
    assert "一、一级标题a" in out and "（一）二级标题a" in out and "1.三级标题a" in out


def test_rules_list_show_explain():
    out = run("rules", "list").output
    assert "national.section-missing" in out and "national.publication-late" in out
    shown = run("rules", "show", "national.section-missing").output
    assert "厅字〔2019〕28号" in shown and "错误" in shown
    assert run("explain", "publication-late").exit_code == 0
    r = run("explain", "national.nope")
    assert r.exit_code == 2 and "没有规则" in r.output


def test_rules_validate(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("id: mine\nname: 我的规则\nextends: national\nrules:\n  - id: section-order\n"
                    "    severity: info\n", encoding="utf-8")
    assert run("rules", "validate", good).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: mine\nname: 我的规则\nrules:\n  - id: r1\n    check: section-present\n"
                   "    severity: fatal\n    message: m\n    basis: b\n    sections: [a]\n", encoding="utf-8")
    r = run("rules", "validate", bad)
    assert r.exit_code == 2 and "bad.yaml:6" in r.output and "severity" in r.output


def test_output_file_is_atomic_and_not_overwritten(tmp_path):
    out = tmp_path / "out.json"
    assert run("check", "--format", "json", "-o", out, "--fail-on", "never", LINJIANG).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["meta"]["year"] == 2024
    r = run("check", "--format", "json", "-o", out, LINJIANG)
    assert r.exit_code == 2 and "--force" in r.output
    assert run("check", "--format", "json", "-o", out, "--force", "--fail-on", "never", NANHU).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["meta"]["year"] == 2022
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_folder_walk_skips_lock_and_hidden_files_and_parallel_matches_serial(tmp_path):
    for prefix, text in (("000", QINGSHI), ("002", LINJIANG), ("003", NANHU)):
        (tmp_path / f"{prefix}.txt").write_bytes(text.read_bytes())
    (tmp_path / "~$003.docx").write_bytes(b"lock")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    serial = json.loads(run("check", "-f", "json", "-j", "1", tmp_path).output)
    parallel = json.loads(run("check", "-f", "json", "-j", "2", tmp_path).output)
    assert [f["path"].rsplit("/", 1)[-1] for f in serial["files"]] == ["000.txt", "002.txt", "003.txt"]
    assert serial == parallel
