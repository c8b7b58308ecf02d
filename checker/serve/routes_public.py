"""Routes anyone may use: the start page, a check's report and its downloads, the check API."""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from checker.errors import FazhiError
from checker.serve import worker
from checker.serve.requests import desk_of, wants_json
from checker.serve.jobs import Busy, TaskFailed
from checker.serve.submit import Refused, check_and_store, parse_form, read_upload
from checker.serve.views import report_view

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CHECK_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def routes() -> list[Route]:
    return [
        Route("/", index, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/check", check_page, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/r/{check_id}", report_page, methods=["GET"]),
        Route("/r/{check_id}/annotated.docx", annotated, methods=["GET"]),
        Route("/r/{check_id}/formatted.docx", formatted, methods=["GET"]),
        Route("/r/{check_id}/new.docx", skeleton, methods=["GET"]),
    ]


def attachment(data: bytes, name: str, media_type: str) -> Response:
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


async def index(request: Request):
    return desk_of(request).page(request, "index.html")


async def healthz(request: Request):
    desk = desk_of(request)
    return JSONResponse({"status": "ok", "schema": desk.store.schema_version()})


async def check_page(request: Request):
    """The start page's upload (form or fetch): check, then go to the report."""
    desk = desk_of(request)
    try:
        form = await parse_form(request)
        if not desk.csrf_ok(request, form):
            return desk.error(request, "页面已过期，请刷新后重新上传", 403)
        upload = await read_upload(form, desk.settings.max_upload)
        check_id, _ = await check_and_store(desk, upload)
    except Refused as err:
        return desk.error(request, str(err), err.status)
    url = request.url_for("report_page", check_id=check_id).path
    if wants_json(request):
        return JSONResponse({"url": url})
    return RedirectResponse(url, status_code=303)


async def api_check(request: Request):
    """``fazhi check --format json`` over one uploaded file (multipart field ``file``)."""
    desk = desk_of(request)
    try:
        form = await parse_form(request)
        upload = await read_upload(form, desk.settings.max_upload)
        _, document = await check_and_store(desk, upload)
    except Refused as err:
        return JSONResponse({"error": str(err)}, status_code=err.status)
    return JSONResponse(document)


def load_check(request: Request) -> dict | None:
    check_id = request.path_params["check_id"]
    if not _CHECK_ID.match(check_id):
        return None
    return desk_of(request).store.get_check(check_id)


async def report_page(request: Request):
    desk = desk_of(request)
    check = load_check(request)
    if check is None:
        return desk.error(request, "找不到这份检查结果（链接可能有误）", 404)
    return desk.page(request, "report.html", report=report_view(check), back=None)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


async def _generate(request: Request, fn, *args):
    desk = desk_of(request)
    try:
        return await desk.pool.run(fn, *args), None
    except (Busy, TaskFailed, FazhiError) as err:
        reason = err.reason if hasattr(err, "reason") else str(err)
        return None, desk.error(request, f"无法生成：{reason}", 503 if isinstance(err, Busy) else 422)


async def annotated(request: Request):
    desk = desk_of(request)
    check = load_check(request)
    if check is None or check["kind"] != "docx" or check["status"] != "checked":
        return desk.error(request, "只有读取成功的 .docx 才能生成带批注的副本", 404)
    record = check["document"]["files"][0]
    data, failure = await _generate(request, worker.annotated_copy, desk.store.blobs.get(check["sha256"]),
                                    record["findings"], (record.get("meta") or {}).get("title"))
    return failure or attachment(data, f"{_stem(check['name'])}（批注）.docx", DOCX_TYPE)


async def formatted(request: Request):
    desk = desk_of(request)
    check = load_check(request)
    if check is None or check["kind"] != "docx" or check["status"] != "checked":
        return desk.error(request, "只有读取成功的 .docx 才能修复版式（纯文本没有版式）", 404)
    out, failure = await _generate(request, worker.formatted_copy, desk.store.blobs.get(check["sha256"]))
    return failure or attachment(out[0], f"{_stem(check['name'])}（版式修复）.docx", DOCX_TYPE)


async def skeleton(request: Request):
    desk = desk_of(request)
    check = load_check(request)
    if check is None:
        return desk.error(request, "找不到这份检查结果（链接可能有误）", 404)
    meta = check["document"]["files"][0].get("meta") or {}
    org = (request.query_params.get("org") or meta.get("issuer") or "").strip()
    year_text = (request.query_params.get("year") or str(meta.get("year") or "")).strip()
    if not org or not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
        return desk.error(request, "请填写报告主体和报告年度（1990—2100）后再生成框架", 400)
    if len(org) > 60:
        return desk.error(request, "报告主体名称过长（最多 60 个字）", 400)
    data, failure = await _generate(request, worker.skeleton, org, int(year_text))
    return failure or attachment(data, f"{org}{year_text}年法治政府建设年度报告（框架）.docx", DOCX_TYPE)
