"""What every route asks of a request: the shared desk, and whether it wants JSON.
Apart from ``app`` so that the route modules do not import the module that imports them."""

from __future__ import annotations

from starlette.requests import Request


def desk_of(request: Request):
    """The app's ``Desk`` (settings, store, pool, templates), set by ``create_app``."""
    return request.app.state.desk


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def base_url(request: Request) -> str:
    """Where this desk is reached: ``--public-url`` when given, else the address of the request."""
    public = request.app.state.desk.settings.public_url
    return (public or str(request.base_url)).rstrip("/")
