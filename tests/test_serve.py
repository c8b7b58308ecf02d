"""`fazhi serve` over HTTP (Starlette's test client): every route, with good and bad input."""

from __future__ import annotations

import io
import json
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

import lxml.html
import pytest
from click.testing import CliRunner
from servesamples import LINES, OLE_HEADER, TEXT, docx_bytes, zip_bomb
from servetools import MB, create_collection, csrf, links, make_client, set_password

from checker.cli import main
from checker.serve import security
from checker.serve.storage import BlobStore, Store

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    # FAZHI_SOFFICE=none: the readers act as if LibreOffice were not installed
    with make_client(tmp_path_factory.mktemp("desk"), max_upload=2 * MB, worker_env={"FAZHI_SOFFICE": "none"}) as c:
        yield c


@pytest.fixture(scope="module")
def reviewer(client):
    set_password(client, PASSWORD)
    return client


@pytest.fixture(scope="module")
def collection(reviewer):
    return create_collection(reviewer, ["示例县交通运输局", "示例县教育局", "示例镇人民政府"])


@pytest.fixture(scope="module")
def handed_in(reviewer, collection):
    """The transport bureau hands in two versions, the town one; the education bureau nothing."""
    names = links(reviewer, collection)
    link = names["示例县交通运输局"]
    token = csrf(reviewer, link)
    r = upload(reviewer, link, TEXT.encode("utf-8"), "第一稿.txt", token=token)
    assert r.status_code == 303 and r.headers["location"] == link
    assert upload(reviewer, link, docx_bytes(), "第二稿.docx", token=token).status_code == 303
    assert upload(reviewer, names["示例镇人民政府"], TEXT.encode(), "镇政府的稿子.txt").status_code == 303
    return names


def upload(client, path, data, name="报告.docx", token=None, **kw):
    token = token or csrf(client)
    return client.post(path, data={"csrf": token}, files={"file": (name, data)}, follow_redirects=False, **kw)


# ---- public: health, start page, check API -------------------------------------------

def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_start_page_headers_cookies_and_no_inline_script(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "把报告草稿拖到这里" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    page = lxml.html.fromstring(r.text)
    assert all(s.get("src") for s in page.xpath("//script"))
    assert not page.xpath("//*[@style] | //*[starts-with(name(@*), 'on')]")
    for asset in page.xpath("//script/@src | //link/@href"):
        assert asset.startswith("/static/") and client.get(asset).status_code == 200


def test_templates_have_no_inline_script_or_style():
    from checker.serve.app import PACKAGE_DIR

    for template in (PACKAGE_DIR / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\s(style|on[a-z]+)=", text), template.name


@pytest.mark.parametrize("kind", ["docx", "txt"])
def test_api_check_is_the_cli_json_for_the_same_bytes(client, tmp_path, monkeypatch, kind):
    data = docx_bytes() if kind == "docx" else TEXT.encode("utf-8")
    name = f"交通局报告.{kind}"
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    cli = CliRunner().invoke(main, ["check", "--format", "json", name], catch_exceptions=False)
    expected = json.loads(cli.output)
    r = client.post("/api/check", files={"file": (name, data)})
    assert r.status_code == 200
    assert r.json() == expected
    assert any(f["rule"] == "national.section-missing" for f in expected["files"][0]["findings"])


def test_api_check_sniffs_the_type_not_the_name(client):
    r = client.post("/api/check", files={"file": ("草稿.pdf", docx_bytes())})
    record = r.json()["files"][0]
    assert record["status"] == "checked" and record["meta"]["title"] == LINES[0]
    r = client.post("/api/check", files={"file": ("../../etc/草稿.docx", TEXT.encode("gb18030"))})
    record = r.json()["files"][0]
    assert record["status"] == "checked" and record["path"] == "草稿.docx"


@pytest.mark.parametrize("data,status,words", [
    (b"", 400, "空的"),
    (b"%PDF-1.7\n%\xe2\xe3", 415, "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 4, 415, "无法识别"),
])
def test_api_check_refuses_what_is_not_a_draft(client, data, status, words):
    r = client.post("/api/check", files={"file": ("x.docx", data)})
    assert r.status_code == status and words in r.json()["error"]


def test_api_check_bad_requests(client):
    r = client.post("/api/check", content=b"hello", headers={"content-type": "text/plain"})
    assert r.status_code == 400 and "multipart" in r.json()["error"]
    r = client.post("/api/check", data={"x": "1"}, files={"other": ("a.txt", b"abc")})
    assert r.status_code == 400 and "file" in r.json()["error"]
    r = client.post("/api/check", content=b"--b\r\nbroken", headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 400
    assert client.get("/api/check").status_code == 405


def test_oversize_upload_is_413_in_chinese(client):
    just_over = b"a" * (2 * MB + 10)
    r = client.post("/api/check", files={"file": ("big.txt", just_over)})
    assert r.status_code == 413 and "2 MB" in r.json()["error"]
    r = client.post("/api/check", files={"file": ("big.txt", b"a" * (3 * MB))})
    assert r.status_code == 413 and "上限" in r.json()["error"]
    r = upload(client, "/check", b"a" * (3 * MB), "big.txt")
    assert r.status_code == 413 and "上限" in r.text

    def chunked():  # no Content-Length: the body is counted as it arrives
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(40):
            yield b"a" * (128 * 1024)
        yield b"\r\n--b--\r\n"

    r = client.post("/api/check", content=chunked(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413 and "上限" in r.json()["error"]


def test_corrupt_docx_and_zip_bomb_are_unreadable_with_a_reason(client):
    corrupt = docx_bytes()[:3000]
    r = client.post("/api/check", files={"file": ("坏.docx", corrupt)})
    record = r.json()["files"][0]
    assert record["status"] == "unreadable" and "损坏" in record["error"]
    r = client.post("/api/check", files={"file": ("炸弹.docx", zip_bomb())})
    record = r.json()["files"][0]
    assert record["status"] == "unreadable" and "zip 炸弹" in record["error"]
    assert client.get("/healthz").status_code == 200


def test_doc_without_libreoffice_gets_a_clear_line(client):
    r = client.post("/api/check", files={"file": ("旧格式.doc", OLE_HEADER)})
    record = r.json()["files"][0]
    assert r.status_code == 200 and record["status"] == "unreadable"
    assert ".docx" in record["error"] and "Traceback" not in record["error"]


# ---- start page upload, report page, downloads --------------------------------------

@pytest.fixture(scope="module")
def report_url(client):
    r = upload(client, "/check", docx_bytes(), "交通局.docx")
    assert r.status_code == 303
    return r.headers["location"]


def test_report_page_text_with_findings_beside_paragraphs(client, report_url):
    r = client.get(report_url)
    assert r.status_code == 200
    page = lxml.html.fromstring(r.text)
    parts = [p.text_content() for p in page.xpath("//h3[@class='part']")]
    assert "主要举措和成效" in parts and "存在的不足和原因" in parts
    paragraphs = [p.text_content() for p in page.xpath("//div[contains(@class,'para')]")]
    assert any(LINES[4] in p for p in paragraphs)
    finding = page.xpath("//li[contains(@class,'finding')][@data-rule='national.section-missing']")[0]
    assert "党政主要负责人" in finding.text_content() and "error" in finding.get("class")
    assert page.xpath("//input[@class='sev-filter']/@value") == ["error", "warning", "info"]
    assert page.xpath("//nav[@class='outline']//a[contains(., '主要举措和成效')]")
    assert "示例县交通运输局" in page.xpath("string(//dl[@class='meta'])")
    hrefs = page.xpath("//a[@class='button']/@href")
    assert f"{report_url}/annotated.docx" in hrefs and f"{report_url}/formatted.docx" in hrefs


def test_downloads_annotated_formatted_and_skeleton(client, report_url):
    r = client.get(f"{report_url}/annotated.docx")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert "党政主要负责人" in zf.read("word/comments.xml").decode("utf-8")
    r = client.get(f"{report_url}/formatted.docx")
    assert r.status_code == 200
    import docx

    assert [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs if p.text][:2] == LINES[:2]
    r = client.get(f"{report_url}/new.docx")
    assert r.status_code == 200
    texts = [p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs]
    assert any("示例县交通运输局" in t and "2024" in t for t in texts)
    r = client.get(f"{report_url}/new.docx", params={"org": "", "year": "abc"})
    assert r.status_code == 400 and "报告年度" in r.text


def test_text_draft_has_no_layout_downloads(client):
    r = upload(client, "/check", TEXT.encode("utf-8"), "报告.txt")
    url = r.headers["location"]
    assert "annotated.docx" not in client.get(url).text
    assert client.get(f"{url}/annotated.docx").status_code == 404
    assert client.get(f"{url}/formatted.docx").status_code == 404


def test_check_form_needs_csrf_and_fetch_gets_json(client):
    r = client.post("/check", files={"file": ("a.txt", TEXT.encode())}, follow_redirects=False)
    assert r.status_code == 403 and "刷新" in r.text
    r = upload(client, "/check", TEXT.encode(), "a.txt", token="forged")
    assert r.status_code == 403
    token = csrf(client)
    r = client.post("/check", files={"file": ("a.txt", TEXT.encode())},
                    headers={"accept": "application/json", "x-csrf-token": token})
    assert r.status_code == 200 and r.json()["url"].startswith("/r/")


def test_text_and_names_are_escaped(client):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    text = TEXT.replace("现将有关情况报告如下。", f"现将有关情况报告如下{evil}。")
    r = upload(client, "/check", text.encode("utf-8"), f"{evil}.txt")
    page = client.get(r.headers["location"])
    tree = lxml.html.fromstring(page.text)
    assert all(s.get("src") for s in tree.xpath("//script")) and not tree.xpath("//img")
    assert evil in tree.xpath("string(//div[contains(@class,'para')][contains(., '现将有关情况')])")
    assert "<" not in tree.xpath("string(//h2[@class='file-name'])")


def test_unknown_pages_and_checks_are_404(client):
    assert client.get("/r/" + "A" * 43).status_code == 404
    assert client.get("/r/../../etc/passwd").status_code == 404
    assert client.get("/r/short").status_code == 404
    assert "找不到" in client.get("/nowhere").text


# ---- reviewer ----------------------------------------------------------------------

def test_reviewer_pages_need_sign_in(client, collection):
    anonymous = client.__class__(client.app)
    for path in ("/review", "/review/new", f"/review/c/{collection}", f"/review/c/{collection}/export.xlsx",
                 f"/review/c/{collection}/drafts.zip", f"/review/c/{collection}/report.html"):
        r = anonymous.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path


def test_pages_of_a_collection_that_does_not_exist_are_404(reviewer, collection):
    for path in ("/review/c/999", "/review/c/999/export.xlsx", "/review/c/999/drafts.zip",
                 "/review/c/999/report.html"):
        r = reviewer.get(path)
        assert r.status_code == 404 and "找不到这个收集" in r.text, path
    for path in ("/review/c/999/b/1", f"/review/c/{collection}/b/999"):
        r = reviewer.get(path)
        assert r.status_code == 404 and "找不到这个报告主体" in r.text, path


def test_setup_needs_the_printed_key_and_a_real_password(tmp_path):
    with make_client(tmp_path, workers=1) as c:
        assert c.get("/setup").status_code == 403
        assert c.get("/setup?key=wrong").status_code == 403
        assert c.get("/review", follow_redirects=False).status_code == 403
        key = c.app.state.desk.setup_key
        token = csrf(c, f"/setup?key={key}")
        r = c.post("/setup", data={"csrf": token, "key": key, "password": "short", "repeat": "short"})
        assert r.status_code == 400 and "至少" in r.text
        r = c.post("/setup", data={"csrf": token, "key": "bad", "password": PASSWORD, "repeat": PASSWORD})
        assert r.status_code == 403
        set_password(c, PASSWORD)
        stored = c.app.state.desk.store.get_setting("password")
        assert stored.startswith("scrypt$") and PASSWORD not in stored
        assert security.verify_password(PASSWORD, stored) and not security.verify_password("wrong", stored)
        assert c.get(f"/setup?key={key}").status_code == 404  # only once


def test_login_logout_and_throttle(tmp_path):
    with make_client(tmp_path, workers=1) as c:
        set_password(c, PASSWORD)
        token = csrf(c)
        c.post("/logout", data={"csrf": token})
        assert c.get("/review", follow_redirects=False).status_code == 303
        r = c.post("/login", data={"csrf": token, "password": "wrong"})
        assert r.status_code == 401 and "不正确" in r.text
        r = c.post("/login", data={"csrf": "x", "password": PASSWORD})
        assert r.status_code == 403
        r = c.post("/login", data={"csrf": token, "password": PASSWORD}, follow_redirects=False)
        assert r.status_code == 303 and "HttpOnly" in r.headers["set-cookie"]
        assert c.get("/review").status_code == 200
        c.post("/logout", data={"csrf": token})
        for _ in range(10):
            c.post("/login", data={"csrf": token, "password": "wrong"})
        r = c.post("/login", data={"csrf": token, "password": PASSWORD})
        assert r.status_code == 429


def test_new_collection_validation_and_xlsx_list(reviewer):
    token = csrf(reviewer, "/review/new")
    base = {"csrf": token, "year": "2024", "due": "2025-03-01", "publish_by": "2025-04-01"}
    r = reviewer.post("/review/new", data={**base, "bodies": ""}, files={"bodies_file": ("", b"")})
    assert r.status_code == 400 and "名单" in r.text
    r = reviewer.post("/review/new", data={**base, "year": "20x4", "bodies": "甲局"}, files={"bodies_file": ("", b"")})
    assert r.status_code == 400 and "年份" in r.text
    r = reviewer.post("/review/new", data={**base, "due": "3月1日", "bodies": "甲局"}, files={"bodies_file": ("", b"")})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    r = reviewer.post("/review/new", data={**base, "bodies": "甲局"}, files={"bodies_file": ("名单.xlsx", b"not xlsx")})
    assert r.status_code in (400, 415)
    from openpyxl import Workbook

    book = Workbook()
    for row in (["单位名称"], ["县财政局"], ["县民政局"], [None], ["县财政局"]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    r = reviewer.post("/review/new", data={**base, "bodies": "县审计局"},
                      files={"bodies_file": ("名单.xlsx", buffer.getvalue())}, follow_redirects=False)
    assert r.status_code == 303
    cid = int(r.headers["location"].rsplit("/", 1)[1])
    assert list(links(reviewer, cid)) == ["县审计局", "县财政局", "县民政局"]
    collection = reviewer.app.state.desk.store.get_collection(cid)
    assert str(collection.due) == "2025-03-01" and collection.year == 2024
    r = reviewer.post("/review/new", data={**base, "year": "2023", "due": "", "publish_by": "", "bodies": "甲局"},
                      files={"bodies_file": ("", b"")}, follow_redirects=False)
    collection = reviewer.app.state.desk.store.get_collection(int(r.headers["location"].rsplit("/", 1)[1]))
    assert (str(collection.due), str(collection.publish_by)) == ("2024-03-01", "2024-04-01")


def test_department_link_upload_history_and_dashboard(reviewer, collection, handed_in):
    link = handed_in["示例县交通运输局"]
    assert "示例县交通运输局" in reviewer.get(link).text
    page = lxml.html.fromstring(reviewer.get(link).text)
    assert [t.text_content() for t in page.xpath("//table[contains(@class,'history')]//td[3]")] == ["第二稿.docx", "第一稿.txt"]
    assert page.xpath("//li[@data-rule='national.section-missing']")
    board = lxml.html.fromstring(reviewer.get(f"/review/c/{collection}").text)
    rows = {r.xpath("string(td[2])"): r for r in board.xpath("//table[@id='bodies']/tbody/tr")}
    row = rows["示例县交通运输局"]
    assert row.get("data-state") == "error" and row.xpath("string(td[6])") == "2"
    assert "党政主要负责人" in row.xpath("string(td[9])")
    assert rows["示例县教育局"].get("data-state") == "missing"
    body_id = next(b.id for b in reviewer.app.state.desk.store.list_bodies(collection) if b.name == "示例县交通运输局")
    detail = reviewer.get(f"/review/c/{collection}/b/{body_id}")
    assert detail.status_code == 200 and "第一稿.txt" in detail.text and "第二稿.docx" in detail.text


def test_wrong_token_and_other_bodies(reviewer, collection, handed_in):
    names = handed_in
    assert reviewer.get(f"/c/{collection}/d/{'x' * 43}").status_code == 404
    other = create_collection(reviewer, ["另一个单位"])
    token = names["示例县教育局"].rsplit("/", 1)[1]
    assert reviewer.get(f"/c/{other}/d/{token}").status_code == 404  # a token opens its own collection only
    assert reviewer.get(f"/c/999/d/{token}").status_code == 404
    r = upload(reviewer, f"/c/{collection}/d/{'x' * 43}", TEXT.encode(), "a.txt")
    assert r.status_code == 404
    page = reviewer.get(names["示例县教育局"]).text
    assert "镇政府的稿子" not in page and "第二稿" not in page
    town = reviewer.get(names["示例镇人民政府"]).text
    assert "镇政府的稿子" in town and "第二稿" not in town


def test_api_submission_with_token(reviewer):
    collection = create_collection(reviewer, ["示例县教育局", "示例县卫生健康局"])
    names = links(reviewer, collection)
    token = names["示例县教育局"].rsplit("/", 1)[1]
    api = f"/api/collections/{collection}/submissions"
    r = reviewer.post(api, files={"file": ("教育局.docx", docx_bytes())}, headers={"x-fazhi-token": token})
    assert r.status_code == 200
    body = r.json()
    assert body["submission"]["body"] == "示例县教育局" and body["submission"]["version"] == 1
    assert body["files"][0]["status"] == "checked" and set(body) == {"tool", "files", "summary", "submission"}
    r = reviewer.post(api, files={"file": ("a.docx", docx_bytes())}, data={"token": "wrong"})
    assert r.status_code == 403 and "令牌" in r.json()["error"]
    r = reviewer.post(api, files={"file": ("a.docx", docx_bytes())})
    assert r.status_code == 403
    r = reviewer.post(api, files={"file": ("a.docx", b"")}, data={"token": token})
    assert r.status_code == 400


def test_concurrent_uploads_of_the_same_body_are_all_kept(reviewer):
    cid = create_collection(reviewer, ["并发单位"])
    token = links(reviewer, cid)["并发单位"].rsplit("/", 1)[1]
    api = f"/api/collections/{cid}/submissions"

    def send(n):
        text = TEXT.replace("126件", f"{100 + n}件")
        return reviewer.post(api, files={"file": (f"稿{n}.txt", text.encode())}, headers={"x-fazhi-token": token})

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    assert [a.status_code for a in answers] == [200] * 6
    assert sorted(a.json()["submission"]["version"] for a in answers) == [1, 2, 3, 4, 5, 6]
    store = reviewer.app.state.desk.store
    body = store.list_bodies(cid)[0]
    versions = store.submissions_of(body.id)
    assert len(versions) == 6 and len({store.get_check(v.check_id)["sha256"] for v in versions}) == 6


def test_exports_xlsx_html_and_zip(reviewer, collection, handed_in):
    from openpyxl import load_workbook

    r = reviewer.get(f"/review/c/{collection}/export.xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "报告主体", "状态")
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"示例县交通运输局", "示例县教育局", "示例镇人民政府"}
    assert by_name["示例县交通运输局"][2] == "有错误" and by_name["示例县交通运输局"][5] == 2
    r = reviewer.get(f"/review/c/{collection}/report.html")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    page = lxml.html.fromstring(r.text)
    head = [th.text_content() for th in page.xpath("//table[@class='summary']//th")]
    assert "报告主体" in head and "批注稿" in head
    bodies = page.xpath("//table[@class='summary']/tbody/tr/td[2]/text()")
    assert "示例县交通运输局" in bodies
    assert any(h.endswith("/annotated.docx") for h in page.xpath("//a[@class='annotated']/@href"))
    r = reviewer.get(f"/review/c/{collection}/drafts.zip")
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        names = sorted(zf.namelist())
        assert "示例县交通运输局.docx" in names and "示例镇人民政府.txt" in names
        stored = reviewer.app.state.desk.store
        latest = stored.latest_by_body(collection)
        for body in stored.list_bodies(collection):
            if body.id in latest:
                name = next(n for n in names if n.startswith(body.name))
                assert zf.read(name) == stored.blobs.get(latest[body.id][2]["sha256"])


def test_public_url_makes_the_links(tmp_path):
    with make_client(tmp_path, workers=1, public_url="https://fazhi.example.gov.cn/") as c:
        set_password(c, PASSWORD)
        cid = create_collection(c, ["甲局"])
        r = c.get(f"/review/c/{cid}/export.xlsx")
        from openpyxl import load_workbook

        link = load_workbook(io.BytesIO(r.content))["上传链接"]["B2"].value
        assert link.startswith(f"https://fazhi.example.gov.cn/c/{cid}/d/")
        assert c.get(link.replace("https://fazhi.example.gov.cn", "")).status_code == 200


def test_restart_keeps_everything(tmp_path):
    with make_client(tmp_path, workers=1) as c:
        set_password(c, PASSWORD)
        cid = create_collection(c, ["重启单位"])
        link = links(c, cid)["重启单位"]
        upload(c, link, TEXT.encode(), "稿.txt")
        report = c.post("/api/check", files={"file": ("x.txt", TEXT.encode())}).json()
    with make_client(tmp_path, workers=1) as c:
        assert c.get(link).status_code == 200 and "稿.txt" in c.get(link).text
        assert c.app.state.desk.has_password
        token = csrf(c)
        c.post("/login", data={"csrf": token, "password": PASSWORD})
        assert "重启单位" in c.get(f"/review/c/{cid}").text
        assert c.post("/api/check", files={"file": ("x.txt", TEXT.encode())}).json() == report


def test_blobs_are_content_addressed_and_never_overwritten(tmp_path):
    blobs = BlobStore(tmp_path)
    sha = blobs.put(b"draft one")
    assert blobs.put(b"draft one") == sha and blobs.get(sha) == b"draft one"
    other = blobs.put(b"draft two")
    assert other != sha and blobs.get(sha) == b"draft one"
    assert not list(tmp_path.rglob(".upload.*"))
    with pytest.raises(ValueError):
        blobs.path("../../etc/passwd")


def test_newer_schema_is_refused(tmp_path):
    from checker.errors import UsageError
    from checker.serve.storage import schema_info

    store = Store(tmp_path)
    with store.engine.begin() as conn:
        conn.execute(schema_info.update().values(version=99))
    with pytest.raises(UsageError, match="更新版本"):
        Store(tmp_path)


def test_doc_with_libreoffice_is_converted_and_checked(tmp_path):
    import importlib.util
    import shutil
    import subprocess

    if importlib.util.find_spec("checker.read.convert") is None:
        pytest.skip("this checker has no LibreOffice conversion")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("没有安装 LibreOffice（soffice），跳过 .doc 转换测试")
    (tmp_path / "草稿.docx").write_bytes(docx_bytes())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(tmp_path / "草稿.docx")],
                   capture_output=True, timeout=180, check=True)
    data = (tmp_path / "doc" / "草稿.doc").read_bytes()
    assert data.startswith(OLE_HEADER[:8])
    with make_client(tmp_path / "desk", workers=1) as c:
        record = c.post("/api/check", files={"file": ("旧稿.doc", data)}).json()["files"][0]
    assert record["status"] == "checked", record["error"]
    assert record["meta"]["title"] == LINES[0]
    assert any(f["rule"] == "national.section-missing" for f in record["findings"])
