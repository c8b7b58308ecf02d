"""HTML report: a self-contained page with summary, outline, findings and filters;
rendered in a real headless Chromium when one is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from shapecheck import check_folder, submission

from checker.findings import Finding, Location, Severity
from checker.output import html as html_format
from checker.runner import FileResult


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return check_folder(submission(tmp_path_factory.mktemp("html"), ["autonum"],
                                   ("损坏.docx", b"<html>not a docx</html>")))


@pytest.fixture(scope="module")
def page(results) -> str:
    return html_format.render(results)


def test_self_contained(page):
    doc = lxml.html.fromstring(page)
    assert not doc.xpath("//link | //script[@src] | //img | //iframe | //object | //embed")
    for el in doc.xpath("//*[@href]"):
        assert el.get("href").startswith("#"), el.get("href")
    assert not re.search(r"url\(|@import|https?://", page)
    assert doc.xpath("//style") and doc.xpath("//script")


def test_summary_row_per_file(page, results):
    doc = lxml.html.fromstring(page)
    rows = doc.xpath("//table[@class='summary']/tbody/tr")
    assert len(rows) == len(results)
    for row, result in zip(rows, results):
        assert row.xpath("string(td[1])") == result.path
        assert row.xpath("string(td[2])") == ((result.meta or {}).get("issuer") or "")
        counts = [int(row.xpath(f"string(td[{i}])")) for i in (5, 6, 7)]
        assert counts == [result.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
        target = row.xpath("td[1]/a/@href")[0][1:]
        assert doc.get_element_by_id(target) is not None


def test_outline_with_findings_beside_their_heading(page, results):
    doc = lxml.html.fromstring(page)
    checked = [(i, r) for i, r in enumerate(results) if r.status == "checked" and r.headings]
    assert checked
    for index, result in checked:
        section = doc.get_element_by_id(f"file-{index}")
        nodes = section.xpath(".//li[contains(@class, 'node')][@data-block!='0']")
        assert [int(n.get("data-block")) for n in nodes] == sorted(h["block"] for h in result.headings)
        starts = [int(n.get("data-block")) for n in nodes]
        placed = 0
        for node in nodes:
            for item in node.xpath(".//li[contains(@class, 'finding')]"):
                placed += 1
                at = int(item.get("data-block"))
                assert (item.get("data-rule"), at) in {(f.rule, f.location.block) for f in result.findings}
                block = int(node.get("data-block"))
                later = [s for s in starts if s > block]
                assert at >= block and (not later or at < later[0])
        loose = section.xpath(".//li[@data-block='0']//li[contains(@class, 'finding')]")
        assert placed + len(loose) == len(result.findings)


def test_unreadable_file_shown_with_reason(page, results):
    doc = lxml.html.fromstring(page)
    index = next(i for i, r in enumerate(results) if r.status == "unreadable")
    section = doc.get_element_by_id(f"file-{index}")
    assert results[index].error
    assert section.xpath("string(.//p[@class='unreadable-reason'])") == f"无法读取：{results[index].error}"


def test_summary_names_the_body_links_annotated_copies_and_gives_reasons(results):
    bodies = [f"单位{i}" for i in range(len(results))]
    links = [f"批注/{i}.docx" if r.status == "checked" else None for i, r in enumerate(results)]
    doc = lxml.html.fromstring(html_format.render(results, bodies=bodies, annotated=links))
    head = [th.text_content() for th in doc.xpath("//table[@class='summary']//th")]
    assert head[:2] == ["文件", "报告主体"] and head[-1] == "批注稿"
    assert all("sortable" in th.get("class", "") for th in doc.xpath("//table[@class='summary']//th")[:-1])
    for row, result, body, link in zip(doc.xpath("//table[@class='summary']/tbody/tr"), results, bodies, links):
        assert row.xpath("string(td[2])") == body
        assert row.xpath("td[9]/a/@href") == ([link] if link else [])
        if result.status == "unreadable":
            assert row.xpath("string(td[8]/span[@class='reason'])") == result.error


def test_all_text_escaped():
    evil = '<img src=x onerror="alert(1)">&amp;'
    f = Finding("national.title-form", Severity.ERROR, f"标题{evil}", Location(block=1), excerpt=evil, suggestion=evil)
    result = FileResult(f"报告{evil}.docx", "checked", kind="docx", meta={"title": evil},
                        headings=[{"block": 1, "depth": 1, "text": evil, "path": evil, "section": None}],
                        findings=[f])
    page = html_format.render([result])
    assert "<img" not in page
    doc = lxml.html.fromstring(page)
    assert evil in doc.xpath("string(//li[contains(@class,'finding')])")
    assert not doc.xpath("//img")


def test_filters_present_for_each_severity(page):
    doc = lxml.html.fromstring(page)
    values = doc.xpath("//input[@class='sev-filter']/@value")
    assert values == ["error", "warning", "info"]
    assert doc.xpath("//input[@id='only-findings']")


# ---- real browser ----

PROBE_HEAD = """<script>window.__probeErrors = [];
window.addEventListener("error", function (e) { window.__probeErrors.push(String(e.message)); });</script>"""

PROBE_BODY = """<script>(function () {
  function visible(el) {
    if (!el) { return null; }
    var r = el.getBoundingClientRect();
    return window.getComputedStyle(el).display !== "none" && r.width > 0 && r.height > 0;
  }
  var out = {};
  var error = document.querySelector("li.finding.error");
  var warning = document.querySelector("li.finding.warning");
  out.errorText = error ? error.textContent : null;
  out.errorVisible = visible(error);
  var box = document.querySelector("input.sev-filter[value=error]");
  box.click();
  out.errorHiddenByFilter = visible(error) === false;
  out.warningStillVisible = visible(warning);
  box.click();
  out.errorVisibleAgain = visible(error);
  document.getElementById("only-findings").click();
  out.quietHeadingHidden = visible(document.querySelector(".node:not(.has-findings)")) === false;
  out.errors = window.__probeErrors;
  document.body.setAttribute("data-probe", JSON.stringify(out));
})();</script>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("没有安装 Chromium（Debian：apt-get install chromium），跳过真实浏览器测试")


def _run_chromium(browser: str, url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
         "--dump-dom", url],
        capture_output=True, text=True, timeout=120)


def test_loads_in_headless_chromium_without_console_messages(page, tmp_path):
    browser = _chromium()
    path = tmp_path / "报告.html"
    path.write_text(page, encoding="utf-8")
    proc = _run_chromium(browser, path.as_uri(), tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert not console, console
    dom = lxml.html.fromstring(proc.stdout)
    assert dom.xpath("//li[contains(@class,'finding')]")


def test_finding_visible_and_filters_work_in_chromium(page, tmp_path):
    browser = _chromium()
    probed = page.replace("<head>", "<head>" + PROBE_HEAD, 1).replace("</body>", PROBE_BODY + "</body>", 1)
    path = tmp_path / "probe.html"
    path.write_text(probed, encoding="utf-8")
    proc = _run_chromium(browser, path.as_uri(), tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    body = lxml.html.fromstring(proc.stdout).xpath("//body")[0]
    assert body.get("data-probe"), "the probe did not run"
    probe = json.loads(body.get("data-probe"))
    assert probe["errors"] == []
    first_error = lxml.html.fromstring(page).xpath("//li[contains(@class,'finding')][@data-severity='error']")[0]
    assert probe["errorVisible"] is True and probe["errorText"] == first_error.text_content()
    assert probe["errorHiddenByFilter"] and probe["warningStillVisible"] is True
    assert probe["errorVisibleAgain"] is True
    assert probe["quietHeadingHidden"]


def test_cli_html_links_the_annotated_copies(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from servesamples import write_docx

    from checker.cli import main

    write_docx(tmp_path / "草稿.docx")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["check", "草稿.docx", "--annotate", "批注", "--format", "html", "-o", "out/报告.html"])
    assert r.exit_code == 1, r.output
    doc = lxml.html.fromstring((tmp_path / "out" / "报告.html").read_text(encoding="utf-8"))
    href = doc.xpath("//a[@class='annotated']/@href")
    from urllib.parse import unquote

    assert [unquote(h) for h in href] == ["../批注/草稿.docx"]
    assert (tmp_path / "out" / unquote(href[0])).resolve() == (tmp_path / "批注" / "草稿.docx").resolve()
