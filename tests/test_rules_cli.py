"""For rule authors: validate lists every problem, `rules test` runs a pack's examples,
`explain` / `rules show` read a user's pack, `rules list` shows messages as users see them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli import main

GOOD = """id: mine
name: 我的规则
applies_to: [text]
rules:
  - id: no-draft-mark
    check: existence
    severity: warning
    tokens: ['征求意见稿']
    message: 正文中有“{match}”字样
    basis: 本单位发布要求
    examples:
      - fail: |
          示例区2024年法治政府建设年度报告
          （征求意见稿）
        pass: |
          示例区2024年法治政府建设年度报告
          2024年，我区扎实推进法治政府建设。
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_validate_reports_every_problem_at_once(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: mine\nname: 我的\nrules:\n"
                   "  - id: r1\n    check: section-present\n    severity: fatal\n    message: m\n    basis: b\n"
                   "    sections: [a]\n"
                   "  - id: r2\n    check: nope\n    severity: error\n    message: m\n    basis: b\n"
                   "  - id: r3\n    check: meta-present\n    severity: error\n    message: m\n    basis: b\n"
                   "    field: title\n    colour: red\n"
                   "  - id: r3\n    check: meta-present\n    severity: error\n    message: m\n    basis: b\n"
                   "    field: title\n", encoding="utf-8")
    r = run("rules", "validate", bad)
    assert r.exit_code == 2
    assert "4 处错误" in r.output
    for where, words in (("bad.yaml:6", "severity"), ("bad.yaml:11", "nope"), ("bad.yaml:21", "colour"),
                         ("bad.yaml:22", "重复")):
        assert any(where in line and words in line for line in r.output.splitlines()), (where, r.output)


def test_validate_lists_every_bad_top_level_key(tmp_path):
    bad = tmp_path / "keys.yaml"
    bad.write_text("id: mine\nname: 我的\nrulez: []\napplies_to: [text, pdf]\ndefault: 是\nbasis: b\n"
                   "colour: red\nrules:\n"
                   "  - id: r1\n    check: nope\n    severity: error\n    message: m\n    basis: b\n",
                   encoding="utf-8")
    r = run("rules", "validate", bad)
    assert r.exit_code == 2
    assert "5 处错误" in r.output, r.output
    for where, words in (("keys.yaml:3", "未知的键 rulez"), ("keys.yaml:4", "pdf"), ("keys.yaml:5", "default"),
                         ("keys.yaml:7", "未知的键 colour"), ("keys.yaml:10", "nope")):
        assert any(where in line and words in line for line in r.output.splitlines()), (where, r.output)


def test_a_bad_top_level_key_still_stops_loading(tmp_path):
    from checker.errors import PackError
    from checker.packs.loader import load_pack

    bad = tmp_path / "keys.yaml"
    bad.write_text("id: mine\nrulez: []\ncolour: red\nrules: []\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(bad)
    assert caught.value.line == 2 and "rulez" in caught.value.reason


def test_explain_shows_last_years_text_of_an_example():
    out = run("explain", "reviewer.previous-repeated").output
    examples = out.split("示例：", 1)[1].splitlines()
    assert examples[1].strip() == "上年报告：某区2022年法治政府建设年度报告"
    assert any("一是基层行政执法人员法律素养有待提高，执法程序不够规范" in line for line in examples[:5])
    assert any(line.strip().startswith("不通过：某区2023年") for line in examples)


def test_validate_good_and_overriding_packs(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    over = tmp_path / "over.yaml"
    over.write_text("id: over\nname: 覆盖\nextends: national\nrules:\n  - id: section-order\n    severity: info\n"
                    "  - id: section-missing\n    severity: fatal\n", encoding="utf-8")
    assert run("rules", "validate", good).exit_code == 0
    r = run("rules", "validate", over)
    assert r.exit_code == 2 and "over.yaml:8" in r.output and "1 处错误" in r.output


def test_rules_test_runs_the_packs_examples(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    r = run("rules", "test", good)
    assert r.exit_code == 0, r.output
    assert "2 个示例，2 个符合预期，0 个不符合" in r.output
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(GOOD.replace("（征求意见稿）", "（送审稿）"), encoding="utf-8")
    r = run("rules", "test", wrong)
    assert r.exit_code == 1
    assert "mine.no-draft-mark 示例1（不通过示例" in r.output and "应触发规则，但没有触发" in r.output


def test_rules_test_on_a_shipped_pack():
    r = run("rules", "test", "terms")
    assert r.exit_code == 0 and "0 个不符合" in r.output


def test_explain_and_show_read_a_users_pack(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    for args in (["explain", "mine.no-draft-mark"], ["rules", "show", "no-draft-mark"]):
        assert run(*args).exit_code == 2  # not among the shipped packs
        r = run(*args, "--pack", good)
        assert r.exit_code == 0 and "本单位发布要求" in r.output


def test_list_fills_placeholders_from_an_example(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    out = run("rules", "list", "--pack", good).output
    assert "正文中有“征求意见稿”字样" in out and "{match}" not in out
    shipped = run("rules", "list").output
    assert "缺少“" in shipped and "{section_name}" not in shipped
