"""Helpers for the web desk's tests: an app on a temporary data folder, CSRF, sign-in."""

from __future__ import annotations

import re
import warnings

with warnings.catch_warnings():  # starlette's note about a future httpx replacement
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from checker.serve.app import Settings, create_app

MB = 1024 * 1024


def make_client(data_dir, **settings) -> TestClient:
    settings.setdefault("workers", 2)
    app = create_app(Settings(data_dir=data_dir, **settings))
    return TestClient(app)


def csrf(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def set_password(client: TestClient, password: str = "correct horse battery") -> None:
    desk = client.app.state.desk
    token = csrf(client, f"/setup?key={desk.setup_key}")
    r = client.post("/setup", data={"csrf": token, "key": desk.setup_key, "password": password, "repeat": password},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def create_collection(client: TestClient, bodies: list[str], year: int = 2024, **extra) -> int:
    token = csrf(client, "/review/new")
    data = {"csrf": token, "year": str(year), "due": f"{year + 1}-03-01", "publish_by": f"{year + 1}-04-01",
            "bodies": "\n".join(bodies), **extra}
    r = client.post("/review/new", data=data, files={"bodies_file": ("", b"")}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def links(client: TestClient, cid: int) -> dict[str, str]:
    """body name -> upload path, from the store (what the dashboard shows)."""
    store = client.app.state.desk.store
    return {b.name: f"/c/{cid}/d/{b.token}" for b in store.list_bodies(cid)}
