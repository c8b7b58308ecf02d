"""Receive one uploaded draft, check it in the pool, store bytes and result."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.requests import Request

from checker.serve import security, worker
from checker.serve.jobs import Busy, TaskFailed
from checker.serve.uploads import UploadRefused, display_name, kind_of, sniff

READ_CHUNK = 1024 * 1024


class Refused(Exception):
    """An upload refused before checking; ``str()`` is the Chinese reason."""

    def __init__(self, reason: str, status: int):
        super().__init__(reason)
        self.status = status


@dataclass
class Upload:
    data: bytes
    name: str  # display name
    suffix: str  # sniffed


async def read_upload(form, max_upload: int) -> Upload:
    item = form.get("file")
    if not isinstance(item, UploadFile):
        raise Refused("没有收到文件：请选择或拖入一个报告文件（表单字段 file）", 400)
    chunks, size = [], 0
    while True:
        chunk = await item.read(READ_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_upload:
            raise Refused(f"文件超过 {max_upload // (1024 * 1024)} MB 上限，请压缩图片或删去附件后再上传", 413)
        chunks.append(chunk)
    data = b"".join(chunks)
    try:
        suffix = sniff(data, item.filename)
    except UploadRefused as err:
        raise Refused(str(err), err.status) from None
    return Upload(data, display_name(item.filename), suffix)


async def parse_form(request: Request):
    """The multipart form, or Refused for a body that is not one."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise Refused("请求格式不对：上传文件应使用 multipart/form-data", 400)
    try:
        return await request.form(max_files=2, max_fields=50)
    except Exception as exc:  # malformed multipart bodies
        if type(exc).__name__ == "TooLarge":
            raise
        raise Refused("上传的内容不完整或格式不对，请重新上传", 400) from None


async def check_and_store(desk, upload: Upload, packs: list[str] | None = None, year: int | None = None) -> tuple[str, dict]:
    """Store the bytes, check them in the pool, store the result; return (check id, JSON document)."""
    sha = desk.store.blobs.put(upload.data)
    try:
        outcome = await desk.pool.run(worker.check_upload, upload.data, upload.suffix, upload.name, packs, year)
    except Busy as err:
        raise Refused(str(err), 503) from None
    except TaskFailed as err:
        outcome = failed_outcome(upload.name, str(err))
    check_id = security.new_token()
    desk.store.add_check(check_id, sha, upload.name, kind_of(upload.suffix), outcome["document"], outcome["view"])
    return check_id, outcome["document"]


def failed_outcome(name: str, reason: str) -> dict:
    from checker import __version__

    record = {"path": name, "status": "unreadable", "error": reason, "meta": None, "sections": [], "findings": []}
    summary = {"files": 1, "unreadable": 1, "error": 0, "warning": 0, "info": 0}
    document = {"tool": {"name": "fazhi", "version": __version__}, "files": [record], "summary": summary}
    return {"document": document, "view": {"kind": None, "blocks": [], "headings": []}}
