"""`fazhi serve` in a real browser: Playwright drives Debian's Chromium against a live server on
127.0.0.1 (no browser download). Skipped with a reason when Chromium or Playwright is missing."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from servesamples import docx_bytes

CHROMIUM = os.environ.get("FAZHI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = os.environ.get("FAZHI_SCREENSHOT")  # where to keep the start-page screenshot (docs/)

sync_api = pytest.importorskip("playwright.sync_api", reason="没有安装 playwright（pip install playwright），跳过浏览器测试")
if not Path(CHROMIUM).exists():
    pytest.skip(f"没有找到 Chromium（{CHROMIUM}；Debian：apt-get install chromium），跳过浏览器测试",
                allow_module_level=True)

PASSWORD = "browser test password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from checker.serve.app import Settings, create_app

    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("desk"), workers=2))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("server did not start")
        time.sleep(0.05)
    yield app, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def _drop(page, selector: str, name: str, data: bytes) -> None:
    transfer = page.evaluate_handle(
        """([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], name));
            return dt;
        }""", [name, base64.b64encode(data).decode("ascii")])
    page.dispatch_event(selector, "dragenter", {"dataTransfer": transfer})
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def test_drop_a_draft_and_see_its_findings(server, browser, tmp_path):
    _, base = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    problems = _watch(page)
    page.goto(base + "/")
    _drop(page, ".drop-target", "图片.docx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    page.locator(".upload-status.failed", has_text="无法识别的文件类型").wait_for(state="visible")
    problems.clear()  # the browser logs the refused upload's HTTP 415
    _drop(page, ".drop-target", "交通局报告.docx", docx_bytes())
    page.wait_for_url("**/r/**", timeout=30000)
    finding = page.locator("li.finding.error[data-rule='national.section-missing']")
    finding.wait_for(state="visible")
    assert "党政主要负责人" in finding.inner_text()
    assert page.locator("h3.part", has_text="主要举措和成效").is_visible()
    assert page.locator(".para", has_text="全年办理行政处罚案件126件").is_visible()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, clip={"x": 0, "y": 0, "width": 1280, "height": 760})
    page.locator("input.sev-filter[value=error]").uncheck()
    assert not finding.is_visible()
    page.locator("input.sev-filter[value=error]").check()
    assert finding.is_visible()
    page.locator("input.only-findings").check()
    assert not page.locator(".para", has_text="全年办理行政处罚案件126件").is_visible()
    assert problems == []
    page.close()


def test_reviewer_collection_department_upload_dashboard_and_xlsx(server, browser, tmp_path):
    from openpyxl import load_workbook

    app, base = server
    reviewer = browser.new_context(locale="zh-CN")
    page = reviewer.new_page()
    problems = _watch(page)
    page.goto(f"{base}/setup?key={app.state.desk.setup_key}")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=repeat]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/review")
    page.click("text=新建收集")
    page.fill("input[name=year]", "2024")
    # the form's script fills in the dates from the year: wait for it rather than read at once
    sync_api.expect(page.locator("input[name=due]")).to_have_value("2025-03-01")
    sync_api.expect(page.locator("input[name=publish_by]")).to_have_value("2025-04-01")
    page.fill("textarea[name=bodies]", "示例县交通运输局\n示例县教育局")
    page.click("text=创建并生成上传链接")
    page.wait_for_url("**/review/c/*")
    link = page.locator("tr", has_text="示例县交通运输局").locator("input.link-copy").input_value()
    assert link.startswith(base + "/c/")

    department = browser.new_context(locale="zh-CN").new_page()
    dept_problems = _watch(department)
    department.goto(link)
    department.set_input_files("input[type=file]", files=[{"name": "交通局报告.docx", "mimeType": "application/octet-stream",
                                                           "buffer": docx_bytes()}])
    department.locator("li.finding[data-rule='national.section-missing']").wait_for(state="visible", timeout=30000)
    assert department.locator("table.history tbody tr").count() == 1
    assert "示例县教育局" not in department.content()

    page.reload()
    row = page.locator("#bodies tbody tr", has_text="示例县交通运输局")
    assert row.get_attribute("data-state") == "error"
    assert "党政主要负责人" in row.inner_text()
    if SCREENSHOT:
        page.screenshot(path=str(Path(SCREENSHOT).with_name("dashboard.png")), full_page=True)
        department.screenshot(path=str(Path(SCREENSHOT).with_name("department.png")), full_page=False)
    page.select_option("select.table-filter-state", "missing")
    assert not row.is_visible()
    assert page.locator("#bodies tbody tr", has_text="示例县教育局").is_visible()
    page.select_option("select.table-filter-state", "")
    page.click("#bodies th:has-text('报告主体')")
    with page.expect_download() as info:
        page.click("text=导出 Excel")
    target = tmp_path / "提交情况.xlsx"
    info.value.save_as(target)
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    row_values = next(r for r in rows if r[1] == "示例县交通运输局")
    assert row_values[2] == "有错误" and row_values[5] == 1
    assert problems == [] and dept_problems == []
    reviewer.close()
