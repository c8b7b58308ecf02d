"""Paragraph style facts needed by the reader: names, outline levels, linked numbering."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import regexcache
from checker.read.ooxml import W, first_children, small_int

_STYLE, _TYPE, _STYLE_ID, _DEFAULT = W + "style", W + "type", W + "styleId", W + "default"
_PPR, _NAME, _BASED_ON = W + "pPr", W + "name", W + "basedOn"
_NUMPR, _OUTLINE, _NUMID, _ILVL, _VAL = W + "numPr", W + "outlineLvl", W + "numId", W + "ilvl", W + "val"
_STYLE_FACTS = frozenset((_PPR, _NAME, _BASED_ON))
_PPR_FACTS = frozenset((_NUMPR, _OUTLINE))
_NUM_FACTS = frozenset((_NUMID, _ILVL))


def _val(found: dict, tag: str) -> str | None:
    """``w:val`` of the child ``tag`` found by :func:`first_children` (None if absent)."""
    el = found.get(tag)
    return el.get(_VAL) if el is not None else None


_HEADING_NAME = regexcache.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


@dataclass
class StyleInfo:
    style_id: str
    name: str
    based_on: str | None
    outline_level: int | None  # 0-based; 9 means body text in OOXML, stored as None
    num_id: str | None
    ilvl: int | None


class StyleTable:
    def __init__(self, styles_root):
        self.styles: dict[str, StyleInfo] = {}
        self.default_paragraph: str | None = None
        self._outline_levels: dict[str | None, int | None] = {}
        if styles_root is None:
            return
        for st in styles_root.iterchildren(_STYLE):
            if st.get(_TYPE) not in (None, "paragraph"):
                continue
            sid = st.get(_STYLE_ID) or ""
            facts = first_children(st, _STYLE_FACTS)
            ppr = facts.get(_PPR)
            ppr_facts = first_children(ppr, _PPR_FACTS) if ppr is not None else {}
            num_pr = ppr_facts.get(_NUMPR)
            num_facts = first_children(num_pr, _NUM_FACTS) if num_pr is not None else {}
            outline = _val(ppr_facts, _OUTLINE)
            info = StyleInfo(
                style_id=sid,
                name=_val(facts, _NAME) or sid,
                based_on=_val(facts, _BASED_ON),
                outline_level=small_int(outline) if (small_int(outline) or 0) < 9 else None,
                num_id=_val(num_facts, _NUMID) if num_pr is not None else None,
                ilvl=small_int(_val(num_facts, _ILVL)) if num_pr is not None else None,
            )
            if info.outline_level is None:
                m = _HEADING_NAME.match(info.name.strip())
                if m:
                    info.outline_level = int(m.group(1)) - 1
            self.styles[sid] = info
            if st.get(_DEFAULT) in ("1", "true"):
                self.default_paragraph = sid

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            info = self.styles[style_id]
            yield info
            style_id = info.based_on

    def name(self, style_id: str | None) -> str | None:
        info = self.styles.get(style_id or "")
        return info.name if info else style_id

    def outline_level(self, style_id: str | None) -> int | None:
        """The first outline level along the ``basedOn`` chain (asked once per paragraph, so
        remembered per style)."""
        try:
            return self._outline_levels[style_id]
        except KeyError:
            pass
        level = next((info.outline_level for info in self.chain(style_id) if info.outline_level is not None), None)
        self._outline_levels[style_id] = level
        return level

    def numbering(self) -> dict[str, tuple[str | None, int | None]]:
        """style id -> (numId, ilvl) inherited through basedOn (first definer wins)."""
        out = {}
        for sid in self.styles:
            num_id = ilvl = None
            for info in self.chain(sid):
                if num_id is None and info.num_id is not None:
                    num_id = info.num_id
                if ilvl is None and info.ilvl is not None:
                    ilvl = info.ilvl
            if num_id is not None:
                out[sid] = (num_id, ilvl)
        return out
