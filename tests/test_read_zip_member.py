"""Members read straight with zlib are exactly what ``ZipFile.read`` gives, also on damaged
archives: whenever the short-cut answers, ``ZipFile.read`` succeeds with the same bytes."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings, strategies as st

from checker.read.package import _member

_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "word/document.xml": "<w:document>二〇二三年法治政府建设情况报告</w:document>".encode() * 40,
    "word/styles.xml": b"<w:styles>" + b"<w:style w:styleId='a'/>" * 200 + b"</w:styles>",
    "docProps/app.xml": b"<Properties/>",
}


def _archive(compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in _PARTS.items():
            zf.writestr(name, data)
        zf.writestr("word/媒体.xml", b"<x/>")  # a UTF-8 name
    return out.getvalue()


def _read(data: bytes, name: str):
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read(name)
    except Exception as exc:  # noqa: BLE001 - any failure of the reference reader
        return type(exc)


def test_members_match_zipfile():
    for compression in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
        data = _archive(compression)
        zf = zipfile.ZipFile(io.BytesIO(data))
        for info in zf.infolist():
            assert _member(zf, info.filename) == zf.read(info.filename)


def test_other_compression_is_left_to_zipfile():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("word/document.xml", b"<w:document/>")
    assert _member(zipfile.ZipFile(io.BytesIO(out.getvalue())), "word/document.xml") is None


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_damaged_archives(data):
    archive = bytearray(_archive(data.draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))))
    for _ in range(data.draw(st.integers(1, 4))):
        archive[data.draw(st.integers(0, len(archive) - 1))] = data.draw(st.integers(0, 255))
    archive = bytes(archive)
    try:
        zf = zipfile.ZipFile(io.BytesIO(archive))
        infos = zf.infolist()
    except Exception:  # noqa: BLE001 - the directory itself is broken: nothing to compare
        return
    for info in infos:
        fast = _member(zf, info.filename)
        if fast is not None:
            assert _read(archive, info.filename) == fast
