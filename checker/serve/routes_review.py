"""The reviewer: first-start password, sign-in, collections, the dashboard and its exports."""

from __future__ import annotations

import functools
from datetime import date

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from checker.serve import exports, security, worker
from checker.serve.requests import base_url, desk_of
from checker.serve.jobs import Busy, TaskFailed
from checker.serve.routes_public import attachment
from checker.serve.submit import Refused, parse_form, read_upload
from checker.serve.views import body_rows, history, report_view, when

MAX_BODIES = 2000
MAX_BODY_NAME = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def routes() -> list[Route]:
    return [
        Route("/setup", setup, methods=["GET", "POST"]),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/review", collections_page, methods=["GET"]),
        Route("/review/new", new_collection, methods=["GET", "POST"]),
        Route("/review/c/{cid:int}", dashboard, methods=["GET"]),
        Route("/review/c/{cid:int}/b/{bid:int}", body_page, methods=["GET"]),
        Route("/review/c/{cid:int}/export.xlsx", export_xlsx, methods=["GET"]),
        Route("/review/c/{cid:int}/report.html", export_html, methods=["GET"]),
        Route("/review/c/{cid:int}/drafts.zip", export_zip, methods=["GET"]),
    ]


def reviewer(endpoint):
    """Only for a signed-in reviewer; others are sent to sign in (or to the first-start notice)."""

    @functools.wraps(endpoint)
    async def wrapper(request: Request):
        desk = desk_of(request)
        if not desk.signed_in(request):
            if not desk.has_password:
                return desk.page(request, "setup_needed.html", status=403)
            return RedirectResponse("/login", status_code=303)
        return await endpoint(request)

    return wrapper


def of_collection(endpoint):
    """A reviewer's page of one collection (path ``cid``): called as ``endpoint(request, desk,
    collection)``; a collection that does not exist is a 404 page."""

    @reviewer
    @functools.wraps(endpoint)
    async def wrapper(request: Request):
        desk = desk_of(request)
        collection = _collection(request)
        if collection is None:
            return desk.error(request, "找不到这个收集", 404)
        return await endpoint(request, desk, collection)

    return wrapper


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


# first start and sign-in ------------------------------------------------------

async def setup(request: Request):
    desk = desk_of(request)
    if desk.has_password:
        return desk.error(request, "审核人密码已设置；如需重设，请在服务器上运行 fazhi serve --reset-password", 404)
    if request.method == "GET":
        key = request.query_params.get("key", "")
        if not security.tokens_equal(key, desk.setup_key):
            return desk.page(request, "setup_needed.html", status=403)
        return desk.page(request, "setup.html", key=key, problem=None)
    form = await request.form(max_files=0, max_fields=10)
    key = str(form.get("key", ""))
    if not desk.csrf_ok(request, form):
        return desk.error(request, "页面已过期，请刷新后重试", 403)
    if not security.tokens_equal(key, desk.setup_key):
        return desk.page(request, "setup_needed.html", status=403)
    password, repeated = str(form.get("password", "")), str(form.get("repeat", ""))
    problem = security.password_problem(password, repeated)
    if problem:
        return desk.page(request, "setup.html", status=400, key=key, problem=problem)
    desk.store.set_setting("password", security.hash_password(password))
    response = RedirectResponse("/review", status_code=303)
    desk.start_session(response)
    return response


async def login(request: Request):
    desk = desk_of(request)
    if not desk.has_password:
        return desk.page(request, "setup_needed.html", status=403)
    if request.method == "GET":
        return desk.page(request, "login.html", problem=None)
    form = await request.form(max_files=0, max_fields=10)
    if not desk.csrf_ok(request, form):
        return desk.error(request, "页面已过期，请刷新后重试", 403)
    client = client_of(request)
    if desk.throttle.blocked(client):
        return desk.page(request, "login.html", status=429, problem="密码错误次数过多，请 5 分钟后再试")
    if not security.verify_password(str(form.get("password", "")), desk.store.get_setting("password")):
        desk.throttle.failed(client)
        return desk.page(request, "login.html", status=401, problem="密码不正确")
    desk.throttle.succeeded(client)
    response = RedirectResponse("/review", status_code=303)
    desk.start_session(response)
    return response


async def logout(request: Request):
    desk = desk_of(request)
    form = await request.form(max_files=0, max_fields=10)
    if not desk.csrf_ok(request, form):
        return desk.error(request, "页面已过期，请刷新后重试", 403)
    response = RedirectResponse("/", status_code=303)
    desk.end_session(request, response)
    return response


# collections ------------------------------------------------------------------

@reviewer
async def collections_page(request: Request):
    desk = desk_of(request)
    return desk.page(request, "collections.html", collections=desk.store.list_collections())


def _defaults() -> dict:
    year = date.today().year - 1 if date.today().month <= 6 else date.today().year
    return {"name": "", "year": year, "due": f"{year + 1}-03-01", "publish_by": f"{year + 1}-04-01",
            "packs": [], "bodies": ""}


def pack_choices() -> list[tuple[str, str]]:
    from checker.errors import PackError
    from checker.packs.loader import load_pack, shipped_pack_names

    out = []
    for name in shipped_pack_names():
        try:
            out.append((name, load_pack(name).name or name))
        except PackError:
            continue
    return out


def body_names(text: str) -> list[str]:
    """One body per line; blank lines, duplicates and surrounding spaces dropped, order kept."""
    out, seen = [], set()
    for line in text.splitlines():
        name = " ".join(line.split()).strip()
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return out


@reviewer
async def new_collection(request: Request):
    desk = desk_of(request)
    choices = pack_choices()
    if request.method == "GET":
        return desk.page(request, "new_collection.html", values=_defaults(), choices=choices, problem=None)
    try:
        form = await parse_form(request)
    except Refused as err:
        return desk.error(request, str(err), err.status)
    if not desk.csrf_ok(request, form):
        return desk.error(request, "页面已过期，请刷新后重试", 403)
    values = {"name": str(form.get("name", "")).strip(), "year": str(form.get("year", "")).strip(),
              "due": str(form.get("due", "")).strip(), "publish_by": str(form.get("publish_by", "")).strip(),
              "packs": [str(p) for p in form.getlist("packs")], "bodies": str(form.get("bodies", ""))}

    def again(problem: str, status: int = 400):
        return desk.page(request, "new_collection.html", status=status, values=values, choices=choices,
                         problem=problem)

    if not values["year"].isdigit() or not 1990 <= int(values["year"]) <= 2100:
        return again("报告年度应为 1990—2100 之间的年份")
    year = int(values["year"])
    try:
        due = date.fromisoformat(values["due"]) if values["due"] else date(year + 1, 3, 1)
        publish_by = date.fromisoformat(values["publish_by"]) if values["publish_by"] else date(year + 1, 4, 1)
    except ValueError:
        return again("日期格式应为 YYYY-MM-DD，如 2025-03-01")
    known = {name for name, _ in choices}
    if any(p not in known for p in values["packs"]):
        return again("选择了不存在的规则包")
    names = body_names(values["bodies"])
    upload = form.get("bodies_file")
    if upload is not None and getattr(upload, "filename", None):
        try:
            sheet = await read_upload(form_with(form, "bodies_file"), desk.settings.max_upload)
            names += [n for n in await desk.pool.run(worker.xlsx_names, sheet.data) if n not in names]
        except Refused as err:
            return again(str(err), err.status)
        except (Busy, TaskFailed) as err:
            return again(str(err))
        except ValueError as err:
            return again(str(err))
    if not names:
        return again("请填写报告主体名单（每行一个），或上传含名单的 .xlsx")
    if len(names) > MAX_BODIES:
        return again(f"名单过长（最多 {MAX_BODIES} 个报告主体）")
    if any(len(n) > MAX_BODY_NAME for n in names):
        return again(f"报告主体名称过长（每个最多 {MAX_BODY_NAME} 个字）")
    name = values["name"][:200] or f"{year}年度法治政府建设年度报告"
    cid = desk.store.add_collection(name, year, due, publish_by, values["packs"], names, security.new_token)
    return RedirectResponse(f"/review/c/{cid}", status_code=303)


def form_with(form, field: str):
    """A view of ``form`` whose ``file`` is ``field`` (read_upload reads ``file``)."""
    return {"file": form.get(field)}


def _collection(request: Request):
    desk = desk_of(request)
    return desk.store.get_collection(request.path_params["cid"])


def upload_link(request: Request, collection, body) -> str:
    return f"{base_url(request)}/c/{collection.id}/d/{body.token}"


def _rows(desk, collection):
    bodies = desk.store.list_bodies(collection.id)
    return bodies, body_rows(bodies, desk.store.latest_by_body(collection.id))


@of_collection
async def dashboard(request: Request, desk, collection):
    bodies, rows = _rows(desk, collection)
    for row in rows:
        row["link"] = upload_link(request, collection, row["body"])
        row["when"] = when(row["submitted"])
    tally = {"total": len(rows), "missing": sum(r["state"] == "missing" for r in rows),
             "late": sum(bool(r["late"]) for r in rows),
             "error": sum(r["state"] in ("error", "unreadable") for r in rows),
             "ok": sum(r["state"] in ("ok", "warning") for r in rows)}
    return desk.page(request, "dashboard.html", collection=collection, rows=rows, tally=tally)


@reviewer
async def body_page(request: Request):
    desk = desk_of(request)
    collection = _collection(request)
    body = desk.store.get_body(request.path_params["cid"], request.path_params["bid"]) if collection else None
    if body is None:
        return desk.error(request, "找不到这个报告主体", 404)
    versions = history(desk.store, body)
    report = report_view(desk.store.get_check(versions[0]["check_id"])) if versions else None
    return desk.page(request, "body.html", collection=collection, body=body, history=versions,
                     report=report, link=upload_link(request, collection, body))


@of_collection
async def export_xlsx(request: Request, desk, collection):
    _, rows = _rows(desk, collection)
    links = [upload_link(request, collection, r["body"]) for r in rows]
    data = exports.dashboard_xlsx(collection, rows, links)
    return attachment(data, f"{collection.name}-提交情况.xlsx", XLSX_TYPE)


@of_collection
async def export_html(request: Request, desk, collection):
    bodies = desk.store.list_bodies(collection.id)
    latest = desk.store.latest_by_body(collection.id)
    base = base_url(request)
    items = []
    for body in bodies:
        if body.id not in latest:
            continue
        check = desk.store.get_check(latest[body.id][2]["id"])
        href = f"{base}/r/{check['id']}/annotated.docx" if check["kind"] == "docx" and check["status"] == "checked" else None
        items.append((body.name, check, href))
    page = exports.html_report(items)
    return attachment(page.encode("utf-8"), f"{collection.name}-检查报告.html", "text/html; charset=utf-8")


@of_collection
async def export_zip(request: Request, desk, collection):
    latest = desk.store.latest_by_body(collection.id)
    items = [(b.name, latest[b.id][2]["name"], latest[b.id][2]["kind"], desk.store.blobs.get(latest[b.id][2]["sha256"]))
             for b in desk.store.list_bodies(collection.id) if b.id in latest]
    return attachment(exports.drafts_zip(items), f"{collection.name}-最新稿.zip", "application/zip")
