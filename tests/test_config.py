"""Project config .fazhi.yaml: discovery, per-path settings, ignore, errors, fazhi init."""

from __future__ import annotations

import json

from click.testing import CliRunner

from checker.cli import main
from conftest import LINJIANG, NANHU, QINGSHI


def run(*args, cwd=None):
    runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def _tree(tmp_path, config: str):
    (tmp_path / ".fazhi.yaml").write_text(config, encoding="utf-8")
    for folder, prefix, text in (("区政府", "000", QINGSHI), ("部门/司法局", "003", NANHU), ("归档", "002", LINJIANG)):
        target = tmp_path / folder
        target.mkdir(parents=True)
        (target / f"{prefix}.txt").write_bytes(text.read_bytes())
    return tmp_path


def test_paths_set_expected_year_and_level_per_glob(tmp_path):
    root = _tree(tmp_path, "packs: [national]\nyear: 2023\npaths:\n  - files: '部门/**'\n    year: 2022\n"
                           "    level: department\nignore: ['归档/**']\n")
    data = json.loads(run("check", "-f", "json", "--fail-on", "never", root).output)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in data["files"]}
    assert set(by_name) == {"000.txt", "003.txt"}  # 归档/ ignored
    rules = {n: {x["rule"] for x in f["findings"]} for n, f in by_name.items()}
    assert "national.year-expected" not in rules["000.txt"]  # 2023 as expected
    assert "national.year-expected" not in rules["003.txt"]  # 2022 for 部门/**
    assert "national.level-expected" not in rules["003.txt"]


def test_expected_year_mismatch_is_reported(tmp_path):
    root = _tree(tmp_path, "packs: [national]\nyear: 2024\n")
    data = json.loads(run("check", "-f", "json", "--fail-on", "never", root / "区政府").output)
    finding = next(x for x in data["files"][0]["findings"] if x["rule"] == "national.year-expected")
    assert "2023" in finding["message"] and "2024" in finding["message"]


def test_command_line_year_overrides_config(tmp_path):
    root = _tree(tmp_path, "packs: [national]\nyear: 2024\n")
    data = json.loads(run("check", "-f", "json", "--year", "2023", "--fail-on", "never", root / "区政府").output)
    assert "national.year-expected" not in {x["rule"] for x in data["files"][0]["findings"]}


def test_bad_config_names_file_and_line(tmp_path):
    root = _tree(tmp_path, "packs: [national]\nyear: 二〇二四\n")
    r = run("check", root / "区政府")
    assert r.exit_code == 2
    assert ".fazhi.yaml:2" in r.output and "year" in r.output
    (tmp_path / ".fazhi.yaml").write_text("colour: red\n", encoding="utf-8")
    r = run("check", root / "区政府")
    assert r.exit_code == 2 and ".fazhi.yaml:1" in r.output and "colour" in r.output


def test_explicit_config_option(tmp_path):
    cfg = tmp_path / "elsewhere.yaml"
    cfg.write_text("rules:\n  national.title-missing: off\n", encoding="utf-8")
    data = json.loads(run("check", "-f", "json", "--config", cfg, "--pack", "national", LINJIANG).output)
    assert "national.title-missing" not in {x["rule"] for x in data["files"][0]["findings"]}


def test_init_writes_a_valid_commented_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("init")
    assert r.exit_code == 0
    text = (tmp_path / ".fazhi.yaml").read_text(encoding="utf-8")
    assert text.startswith("#") and "ignore" in text
    assert run("init").exit_code == 2  # never overwrites without --force
    from checker.config import load_config

    config = load_config(tmp_path / ".fazhi.yaml")
    assert config.ignore == ["归档/**"]
    # every commented setting is valid once uncommented, last year's report included
    lines = [line for line in text.splitlines() if line.startswith("# previous:")]
    assert len(lines) == 1
    uncommented = tmp_path / "uncommented.yaml"
    uncommented.write_text(text.replace("# previous:", "previous:"), encoding="utf-8")
    assert load_config(uncommented).previous == str(tmp_path / "../2024/2024年法治政府建设年度报告.docx")
