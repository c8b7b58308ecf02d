"""The Starlette application: settings, shared state, middleware, page helpers.

Routes live in :mod:`checker.serve.routes_public` (start page, report pages, the check API),
:mod:`checker.serve.routes_review` (the reviewer) and :mod:`checker.serve.routes_department`
(upload links).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from checker import __version__
from checker.serve import security
from checker.serve.requests import base_url, desk_of, wants_json  # noqa: F401  (base_url: used by routes)
from checker.serve.jobs import Pool, default_workers
from checker.serve.storage import Store

PACKAGE_DIR = Path(__file__).resolve().parent
MULTIPART_OVERHEAD = 64 * 1024  # form fields and part headers around the file


@dataclass
class Settings:
    data_dir: Path = Path("fazhi-data")
    db_url: str | None = None
    max_upload: int = 20 * 1024 * 1024
    workers: int = field(default_factory=default_workers)
    memory_mb: int = 1536
    cpu_seconds: int = 60
    timeout: float = 90.0
    queue: int = 64
    secure_cookies: bool = False  # set when served over HTTPS (behind a proxy)
    worker_env: dict = field(default_factory=dict)  # environment variables for the check workers
    public_url: str | None = None  # the address departments use, for the links handed out


class Desk:
    """Everything the routes share: settings, store, pool, templates, secrets."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = Store(settings.data_dir, settings.db_url)
        self.pool = Pool(settings.workers, settings.memory_mb, settings.cpu_seconds, settings.timeout, settings.queue,
                         settings.worker_env)
        self.secret = self.store.setting_once("secret", security.new_token)
        self.setup_key = security.new_token()  # printed on the terminal while no password is set
        self.throttle = security.LoginThrottle()
        self.templates = Environment(loader=FileSystemLoader(str(PACKAGE_DIR / "templates")),
                                     autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
        self.templates.globals.update(version=__version__, max_upload_mb=settings.max_upload // (1024 * 1024))

    @property
    def has_password(self) -> bool:
        return self.store.get_setting("password") is not None

    # pages ----------------------------------------------------------------
    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        cookie = request.cookies.get(security.CSRF_COOKIE)
        fresh = not cookie or len(cookie) > 100
        if fresh:
            cookie = security.new_token()
        context.update(request=request, csrf=security.csrf_token(self.secret, cookie),
                       signed_in=self.signed_in(request))
        response = HTMLResponse(self.templates.get_template(name).render(context), status_code=status)
        if fresh:
            response.set_cookie(security.CSRF_COOKIE, cookie, httponly=True, samesite="strict",
                                secure=self.settings.secure_cookies, path="/")
        return response

    def error(self, request: Request, message: str, status: int) -> Response:
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=status)
        return self.page(request, "error.html", status=status, message=message)

    # CSRF and sessions ----------------------------------------------------
    def csrf_ok(self, request: Request, form=None) -> bool:
        sent = request.headers.get(security.CSRF_HEADER) or (form.get(security.CSRF_FIELD) if form else None)
        return security.csrf_ok(self.secret, request.cookies.get(security.CSRF_COOKIE), sent)

    def signed_in(self, request: Request) -> bool:
        value = request.cookies.get(security.SESSION_COOKIE)
        return bool(value) and len(value) < 100 and self.store.session_valid(security.digest(value))

    def start_session(self, response: Response) -> None:
        value = security.new_token()
        self.store.add_session(security.digest(value))
        response.set_cookie(security.SESSION_COOKIE, value, httponly=True, samesite="strict",
                            secure=self.settings.secure_cookies, path="/", max_age=12 * 3600)

    def end_session(self, request: Request, response: Response) -> None:
        value = request.cookies.get(security.SESSION_COOKIE)
        if value:
            self.store.delete_session(security.digest(value))
        response.delete_cookie(security.SESSION_COOKIE, path="/")


class TooLarge(Exception):
    pass


class LimitsMiddleware:
    """Security headers on every response; request bodies cut off at the upload limit (HTTP 413)."""

    def __init__(self, app, desk: Desk):
        self.app = app
        self.desk = desk

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.desk.settings.max_upload + MULTIPART_OVERHEAD
        headers = dict(scope.get("headers") or [])
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            return await self._too_large(scope, receive, send)
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge()
            return message

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in security.HEADERS.items() if k.encode() not in present]
                message = dict(message, headers=list(message.get("headers", [])) + extra)
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except TooLarge:
            if not started:
                await self._too_large(scope, receive, send_with_headers)

    async def _too_large(self, scope, receive, send):
        request = Request(scope, receive)
        mb = self.desk.settings.max_upload // (1024 * 1024)
        message = f"文件超过 {mb} MB 上限，请压缩图片或删去附件后再上传"
        response = JSONResponse({"error": message}, status_code=413) if wants_json(request) else \
            HTMLResponse(f"<!DOCTYPE html><meta charset='utf-8'><title>文件过大</title><p>{message}</p>",
                         status_code=413)
        response.headers.update(security.HEADERS)
        response.headers["connection"] = "close"
        await response(scope, receive, send)


def create_app(settings: Settings | None = None) -> Starlette:
    from checker.serve import routes_department, routes_public, routes_review

    desk = Desk(settings or Settings())

    @contextlib.asynccontextmanager
    async def lifespan(app):
        warming = asyncio.ensure_future(desk.pool.warm())
        yield
        warming.cancel()
        desk.pool.close()

    routes = routes_public.routes() + routes_review.routes() + routes_department.routes()
    routes.append(Mount("/static", app=StaticFiles(directory=str(PACKAGE_DIR / "static")), name="static"))
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: _not_found, 405: _not_allowed})
    app.state.desk = desk
    app.add_middleware(LimitsMiddleware, desk=desk)
    return app


async def _not_found(request: Request, exc) -> Response:
    return desk_of(request).error(request, "找不到这个页面（链接可能有误或已失效）", 404)


async def _not_allowed(request: Request, exc) -> Response:
    return desk_of(request).error(request, "不支持这种请求方式", 405)
