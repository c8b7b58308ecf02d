"""Small OOXML helpers shared by the readers and layout code."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
_W_VAL = W + "val"


def wattr(el, name: str) -> str | None:
    """Attribute ``w:name`` of ``el`` (None if absent or el is None)."""
    if el is None:
        return None
    return el.get(W + name)


def child_val(el, tag: str) -> str | None:
    """``w:val`` of the child ``w:tag`` of ``el``."""
    if el is None:
        return None
    child = el.find(W + tag)
    return None if child is None else child.get(_W_VAL)


def on_off(el, tag: str) -> bool | None:
    """OOXML toggle property: present without val or with a true val means on."""
    if el is None:
        return None
    child = el.find(W + tag)
    if child is None:
        return None
    return child.get(_W_VAL) not in ("0", "false", "off")


def first_children(el, tags) -> dict:
    """tag -> first element child of ``el`` with that tag, for the ``tags`` present: what
    ``el.find(tag)`` gives for each, in one pass over the children instead of one
    ElementPath search per tag."""
    found = {}
    for child in el:
        tag = child.tag
        if tag in tags and tag not in found:
            found[tag] = child
    return found


def small_int(text: str | None) -> int | None:
    """A small non-negative ST_DecimalNumber (levels, indexes); None for anything else,
    also for ``²`` (a digit to ``str.isdigit``, not to ``int``) and for 10^5000."""
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > 6:
        return None
    return int(text)
