"""``--previous`` (last year's report) and ``--baseline`` / ``--write-baseline``
(accepted findings), through the command line and the library."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.runner import CheckOptions, check_file
from conftest import seed_path

LAST = """某区2022年法治政府建设年度报告
2022年，我区坚持以习近平法治思想为指导，全面贯彻落实党中央、国务院关于法治政府建设的决策部署，统筹推进依法行政各项工作，法治政府建设取得新成效。
一、主要举措和成效
全年办理行政复议案件60件，审结58件。
二、存在的不足和原因
一是基层行政执法人员法律素养有待提高，执法程序不够规范。二是法治宣传的针对性不强，群众参与度较低。
三、2023年工作安排
一是推进镇街综合行政执法规范化建设。二是开展行政规范性文件集中清理。三是建设行政复议网上申请平台。
"""

THIS = """某区2023年法治政府建设年度报告
2023年，我区坚持以习近平法治思想为指导，全面贯彻落实党中央、国务院关于法治政府建设的决策部署，统筹推进依法行政各项工作，法治政府建设取得新成效。
一、主要举措和成效
推进镇街综合行政执法规范化建设，10个镇街全部完成。全年办理行政复议案件64件。
二、存在的不足和原因
一是基层行政执法人员法律素养有待提高，执法程序还不够规范。二是行政复议案件同比增加27%，办案力量不足。
三、2024年工作安排
一是充实行政复议办案力量。二是加强执法人员培训。
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def previous_findings(result):
    return {f.rule.split(".")[-1]: f for f in result.findings if f.rule.startswith("reviewer.previous-")}


@pytest.fixture
def pair(tmp_path):
    last, this = tmp_path / "2022年报告.txt", tmp_path / "2023年报告.txt"
    last.write_text(LAST, encoding="utf-8")
    this.write_text(THIS, encoding="utf-8")
    return last, this


def test_three_comparisons_with_last_years_report(pair):
    last, this = pair
    found = previous_findings(check_file(this, CheckOptions(packs=["reviewer"], previous=str(last))))
    assert set(found) == {"previous-repeated", "previous-followup", "previous-copied"}
    repeated = found["previous-repeated"].message
    assert "基层行政执法人员法律素养有待提高，执法程序还不够规范" in repeated
    assert "上一年度写的是“基层行政执法人员法律素养有待提高，执法程序不够规范”" in repeated
    assert re.search(r"相似度9\d%", repeated)
    followup = found["previous-followup"].message
    assert "2项工作" in followup and "开展行政规范性文件集中清理" in followup
    assert "建设行政复议网上申请平台" in followup and "镇街综合行政执法" not in followup
    assert found["previous-copied"].location.block == 2  # the opening, only the year changed


def test_nothing_without_a_previous_report(pair):
    _, this = pair
    assert previous_findings(check_file(this, CheckOptions(packs=["reviewer"]))) == {}


def test_the_previous_report_must_be_the_year_before(pair, tmp_path):
    last, this = pair
    older = tmp_path / "2021年报告.txt"
    older.write_text(LAST.replace("2022年", "2021年").replace("2023年工作安排", "2022年工作安排"), encoding="utf-8")
    r = run("check", this, "--previous", older, "--pack", "reviewer")
    assert r.exit_code == 2
    assert "是2021年度的，本报告是2023年度的，应当与2022年度的报告比较" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("content, reason", [(None, "不存在"), (b"PK\x03\x04broken", "无法读取上一年度报告")])
def test_unreadable_previous_is_one_chinese_line_exit_2(pair, tmp_path, content, reason):
    _, this = pair
    bad = tmp_path / "上年.docx"
    if content is not None:
        bad.write_bytes(content)
    r = run("check", this, "--previous", bad)
    assert r.exit_code == 2
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("fazhi：错误：") and reason in lines[0]


def test_previous_from_the_project_config_per_path(pair, tmp_path):
    last, this = pair
    (tmp_path / ".fazhi.yaml").write_text(
        f"packs: [reviewer]\npaths:\n  - files: '{this.name}'\n    previous: '{last.name}'\n", encoding="utf-8")
    assert "previous-copied" in previous_findings(check_file(this))
    assert previous_findings(check_file(last)) == {}  # no previous for last year's own report


def test_previous_folder_matched_by_issuer(pair, tmp_path):
    last, this = pair
    folder = tmp_path / "上年"
    folder.mkdir()
    last.rename(folder / "某区.txt")
    (folder / "别区.txt").write_text(LAST.replace("某区", "别区"), encoding="utf-8")
    (folder / "某区2021.txt").write_text(LAST.replace("2022年", "2021年"), encoding="utf-8")
    result = check_file(this, CheckOptions(packs=["reviewer"], previous=str(folder)))
    assert "previous-repeated" in previous_findings(result)
    other = tmp_path / "他区.txt"
    other.write_text(THIS.replace("某区", "他区"), encoding="utf-8")
    assert previous_findings(check_file(other, CheckOptions(packs=["reviewer"], previous=str(folder)))) == {}


def test_a_real_report_against_itself_a_year_on():
    """Seed 000 (花都区 2019) as last year's report of a copy dated 2020: its passages and its
    shortcomings come back as copied and repeated, each shortcoming quoted from both years."""
    seed = seed_path("000")
    text = seed.read_text(encoding="utf-8")
    this = seed.parent.parent / "unused"  # never written: the copy is checked from memory
    from checker.runner import check_text

    copy = re.sub(r"2019年", "2020年", re.sub(r"2020年", "2021年", text))
    result = check_text(copy, CheckOptions(packs=["reviewer"], previous=str(seed)), name=str(this) + ".txt")
    found = [f for f in result.findings if f.rule.startswith("reviewer.previous-")]
    copied = [f for f in found if f.rule == "reviewer.previous-copied"]
    assert len(copied) >= 10 and "同类问题另有" in copied[-1].message  # max_findings: 10
    repeated = [f for f in found if f.rule == "reviewer.previous-repeated"]
    assert repeated and all("相似度100%" in f.message for f in repeated)


# -- baseline --------------------------------------------------------------------------------
def test_write_baseline_then_only_new_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "报告.txt"
    head = "某区2023年法治政府建设年度报告\n一、主要举措和成效\n2023年，我区推进法制政府建设。\n"
    draft.write_text(head, encoding="utf-8")
    first = run("check", draft.name, "--pack", "terms", "--write-baseline", "accepted.json", "-f", "json")
    assert first.exit_code == 1  # terms.fazhi-zhengfu is an error
    baseline = json.loads((tmp_path / "accepted.json").read_text(encoding="utf-8"))
    assert [e["rule"] for e in baseline["findings"]] == ["terms.fazhi-zhengfu"]
    # the accepted finding is gone; the exit code follows what is left
    again = run("check", draft.name, "--pack", "terms", "--baseline", "accepted.json", "-f", "json")
    assert again.exit_code == 0
    assert json.loads(again.output)["files"][0]["findings"] == []
    # a new finding is reported, the accepted one still is not
    draft.write_text(head + "贯彻习近平法制思想。\n", encoding="utf-8")
    third = run("check", draft.name, "--pack", "terms", "--baseline", "accepted.json", "-f", "json")
    messages = [f["message"] for f in json.loads(third.output)["files"][0]["findings"]]
    assert messages == ["“习近平法制思想”应为“习近平法治思想”"]
    assert third.exit_code == 1


def test_write_baseline_refuses_an_existing_file_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "报告.txt"
    draft.write_text("2023年，我区推进法制政府建设。\n", encoding="utf-8")
    (tmp_path / "accepted.json").write_text("上次接受的结果", encoding="utf-8")
    r = run("check", draft.name, "--pack", "terms", "--write-baseline", "accepted.json", "-f", "json")
    assert r.exit_code == 2
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "accepted.json" in lines[0] and "已存在" in lines[0] and "--force" in lines[0]
    assert (tmp_path / "accepted.json").read_text(encoding="utf-8") == "上次接受的结果"
    r = run("check", draft.name, "--pack", "terms", "--write-baseline", "accepted.json", "-f", "json", "--force")
    assert r.exit_code == 1
    baseline = json.loads((tmp_path / "accepted.json").read_text(encoding="utf-8"))
    assert [e["rule"] for e in baseline["findings"]] == ["terms.fazhi-zhengfu"]
    # refreshing the baseline it reads: allowed with --force, the old one is read first
    r = run("check", draft.name, "--pack", "terms", "--baseline", "accepted.json", "--write-baseline",
            "accepted.json", "-f", "json", "--force")
    assert r.exit_code == 0 and json.loads(r.stdout)["files"][0]["findings"] == []
    baseline = json.loads((tmp_path / "accepted.json").read_text(encoding="utf-8"))
    assert [e["rule"] for e in baseline["findings"]] == ["terms.fazhi-zhengfu"]


def test_write_baseline_is_never_an_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "报告.txt"
    draft.write_text("2023年，我区推进法制政府建设。\n", encoding="utf-8")
    r = run("check", draft.name, "--write-baseline", draft.name, "--force")
    assert r.exit_code == 2 and draft.read_text(encoding="utf-8") == "2023年，我区推进法制政府建设。\n"


def test_baseline_matches_the_sarif_fingerprint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "报告.txt"
    draft.write_text("2023年，我区推进法制政府建设，法制政府建设成效明显。\n", encoding="utf-8")
    sarif = json.loads(run("check", draft.name, "--pack", "terms", "-f", "sarif", "--write-baseline", "b.json").output)
    prints = [r["partialFingerprints"]["fazhi/v1"] for r in sarif["runs"][0]["results"]]
    baseline = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert prints == [e["fingerprint"] for e in baseline["findings"]] and len(set(prints)) == 2


@pytest.mark.parametrize("content, reason", [
    (None, "不存在"), ("{not json", "不是有效的 JSON"), ('{"findings": []}', "不是 fazhi 的基线文件")])
def test_bad_baseline_is_one_chinese_line_exit_2(tmp_path, content, reason):
    draft = tmp_path / "报告.txt"
    draft.write_text("2023年，我区推进法治政府建设。\n", encoding="utf-8")
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    r = run("check", draft, "--baseline", path)
    assert r.exit_code == 2
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and reason in lines[0]
