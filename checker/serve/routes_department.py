"""A body's private upload link: hand in a draft, see its findings, hand in again.

The link is ``/c/{collection}/d/{token}``; the token is compared in constant time against
every body of that collection, so a link opens exactly one body and shows only its versions.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from checker.serve import security
from checker.serve.requests import base_url, desk_of
from checker.serve.storage import now
from checker.serve.submit import Refused, check_and_store, parse_form, read_upload
from checker.serve.views import history, is_late, report_view

TOKEN_HEADER = "x-fazhi-token"


def routes() -> list[Route]:
    return [
        Route("/c/{cid:int}/d/{token}", department_page, methods=["GET"]),
        Route("/c/{cid:int}/d/{token}", department_upload, methods=["POST"]),
        Route("/api/collections/{cid:int}/submissions", api_submission, methods=["POST"]),
    ]


def find_body(desk, cid: int, token: str | None):
    """(collection, body) whose token equals ``token``, else (collection or None, None)."""
    collection = desk.store.get_collection(cid)
    if collection is None or not token:
        return collection, None
    found = None
    for body in desk.store.list_bodies(cid):
        if security.tokens_equal(body.token, token) and found is None:
            found = body
    return collection, found


async def department_page(request: Request):
    desk = desk_of(request)
    collection, body = find_body(desk, request.path_params["cid"], request.path_params["token"])
    if body is None:
        return desk.error(request, "上传链接无效：请向审核人员索取本单位的链接", 404)
    versions = history(desk.store, body)
    report = report_view(desk.store.get_check(versions[0]["check_id"])) if versions else None
    return desk.page(request, "department.html", collection=collection, body=body, history=versions,
                     report=report, action=request.url.path)


async def _submit(request: Request, desk, collection, body, form):
    upload = await read_upload(form, desk.settings.max_upload)
    check_id, document = await check_and_store(desk, upload, collection.packs or None, collection.year)
    at = now()
    late = is_late(at, collection.due)
    sub_id = desk.store.add_submission(body.id, check_id, late, at)
    return check_id, document, at, late, sub_id


async def department_upload(request: Request):
    desk = desk_of(request)
    collection, body = find_body(desk, request.path_params["cid"], request.path_params["token"])
    if body is None:
        return desk.error(request, "上传链接无效：请向审核人员索取本单位的链接", 404)
    try:
        form = await parse_form(request)
        if not desk.csrf_ok(request, form):
            return desk.error(request, "页面已过期，请刷新后重新上传", 403)
        await _submit(request, desk, collection, body, form)
    except Refused as err:
        return desk.error(request, str(err), err.status)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"url": request.url.path})
    return RedirectResponse(request.url.path, status_code=303)


async def api_submission(request: Request):
    """Hand in a draft for the body whose token is sent (header X-Fazhi-Token or field ``token``);
    answer with the check's JSON document plus ``submission`` (version, time, late)."""
    desk = desk_of(request)
    try:
        form = await parse_form(request)
    except Refused as err:
        return JSONResponse({"error": str(err)}, status_code=err.status)
    token = request.headers.get(TOKEN_HEADER) or form.get("token")
    collection, body = find_body(desk, request.path_params["cid"], str(token) if token else None)
    if body is None:
        return JSONResponse({"error": "令牌无效：请使用审核人员发给本单位的上传链接中的令牌"}, status_code=403)
    try:
        check_id, document, at, late, sub_id = await _submit(request, desk, collection, body, form)
    except Refused as err:
        return JSONResponse({"error": str(err)}, status_code=err.status)
    version = [s.id for s in desk.store.submissions_of(body.id)].index(sub_id) + 1
    payload = dict(document)
    payload["submission"] = {"body": body.name, "version": version, "time": at.isoformat(), "late": late,
                             "report": f"{base_url(request)}/r/{check_id}"}
    return JSONResponse(payload)
