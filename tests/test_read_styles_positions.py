"""The style-sheet index (value -> positions of ``:attribute=value``) is the one the plain
search loop below finds, on any bytes: a guard for rewrites of that hot loop (a regular
expression pass ran fewer bytecodes but scanned a 350 KB sheet more slowly)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.read.package import _positions


def _loop(blob: bytes, attribute: bytes, first: int, root_close: int) -> dict:
    needle = b":" + attribute + b"="
    found: dict = {}
    pos = blob.find(needle, first)
    while 0 <= pos < root_close:
        at = pos + len(needle)
        quote = blob[at:at + 1]
        if quote == b'"' or quote == b"'":
            end = blob.find(quote, at + 1)
            if end >= 0:
                found.setdefault(blob[at + 1:end], []).append(pos)
        pos = blob.find(needle, at)
    return found


_PIECES = st.sampled_from([b":styleId=", b'"', b"'", b"a", b"H1", b":default=", b"<w:style ", b">", b"\n",
                           b"</w:style>", b"w", b"=", b":", b"styleId", b" "])


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.integers(0, 40), st.integers(0, 200))
def test_positions_match_the_search_loop(pieces, first, root_close):
    blob = b"".join(pieces)
    for attribute in (b"styleId", b"default"):
        assert _positions(blob, attribute, first, root_close) == _loop(blob, attribute, first, root_close)


def test_positions_examples():
    blob = b"""<w:style w:styleId="a" w:default='1'><w:style w:styleId='b"c'/><w:style w:styleId="x"""
    assert _positions(blob, b"styleId", 0, len(blob)) == {b"a": [10], b"b\"c": [47]}
    assert _positions(blob, b"default", 0, len(blob)) == {b"1": [24]}
    assert _positions(blob, b"styleId", 11, len(blob)) == {b"b\"c": [47]}
    assert _positions(blob, b"styleId", 0, 47) == {b"a": [10]}
