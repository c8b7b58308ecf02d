"""A part is refused exactly when it holds a DTD or entity declaration, wherever it is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checker.errors import InputError
from checker.read.package import _safe

_PIECES = st.sampled_from([b"<!DOCTYPE", b"<!ENTITY", b"<!", b"!", b"<", b"DOCTYPE", b"ENTITY", b"<w:t>",
                           b"\xef\xbc\x81", b"x" * 50])


def _refused(blob: bytes) -> bool:
    try:
        _safe("x.docx", "word/document.xml", blob)
    except InputError:
        return True
    return False


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_refused_exactly_when_a_declaration_is_present(pieces):
    blob = b"".join(pieces)
    assert _refused(blob) == (b"<!DOCTYPE" in blob or b"<!ENTITY" in blob)


@pytest.mark.parametrize("blob,refused", [
    (b"<w:t>\xef\xbc\x81</w:t>", False),  # a full-width exclamation mark is no "!" byte
    (b"<w:t>Hello!</w:t>", False),
    (b"<w:t>x</w:t><!-- <!ENTITY a 'b'> -->", True),
    (b'<?xml version="1.0"?><!DOCTYPE d>', True),
])
def test_examples(blob, refused):
    assert _refused(blob) == refused
