"""Recognise web-page furniture (publication stamps, share buttons, table pipes)."""

from __future__ import annotations

import re
from functools import lru_cache

from checker import regexcache
from checker.checks._prefilter import requirements
from checker.read.model import Block

_CJK = regexcache.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TOC_STYLE = regexcache.compile(r"^(toc|目录)\s*\d*$", re.IGNORECASE)


class NoiseModel:
    def __init__(self, spec: dict | None):
        spec = spec or {}
        self.max_length = int(spec.get("max_length", 240))
        self.patterns = [regexcache.compile(str(p)) for p in spec.get("patterns") or []]
        self._by_char, self._always = _candidates(self.patterns)
        self._probe = regexcache.compile("[" + "".join(map(re.escape, sorted(self._by_char))) + "]") \
            if self._by_char else None
        self._keyed: dict[frozenset, tuple] = {}  # key characters found -> the patterns they key

    def is_noise(self, block: Block) -> bool:
        text = block.text
        if not _CJK.search(text):
            if len(text) < 80 and not any(ch.isdigit() for ch in text[:1]) or _only_pipes(text):
                return True
            return len(text) < 80 and self._matches(text)
        if len(text) > self.max_length:
            return False
        return self._matches(text)

    def _matches(self, text: str) -> bool:
        """Whether any pattern matches ``text``: only the patterns whose key characters
        the text holds are searched, each once (one C scan finds those characters)."""
        if self._probe is not None:
            keys = self._probe.findall(text)
            if keys:
                keys = frozenset(keys)
                patterns = self._keyed.get(keys)
                if patterns is None:
                    patterns = tuple(dict.fromkeys(p for ch in sorted(keys) for p in self._by_char[ch]))
                    if len(self._keyed) < _KEYED_MAX:
                        self._keyed[keys] = patterns
                for pattern in patterns:
                    if pattern.search(text):
                        return True
        for pattern in self._always:
            if pattern.search(text):
                return True
        return False


_KEYED_MAX = 4096  # sets of key characters remembered per model


def _candidates(patterns: list[re.Pattern]) -> tuple[dict[str, list[re.Pattern]], list[re.Pattern]]:
    """(key character -> patterns, patterns always searched). Every match of a pattern
    holds one literal of each of its requirement sets (``_prefilter.requirements``), so a
    text holding none of the first characters of one set's literals cannot match it; the
    set with the fewest first characters gives the keys. Patterns without such a set
    (flags, nothing literal) are always searched."""
    by_char: dict[str, list[re.Pattern]] = {}
    always = []
    for pattern in patterns:
        found = requirements(pattern.pattern) if not pattern.flags & ~re.UNICODE else []
        if not found:
            always.append(pattern)
            continue
        firsts = min((dict.fromkeys(needle[0] for needle in needles) for needles in found), key=len)
        for first in firsts:
            by_char.setdefault(first, []).append(pattern)
    return by_char, always


def _only_pipes(text: str) -> bool:
    return bool(text) and set(text) <= set("|｜- \t")


def is_toc(block: Block) -> bool:
    return bool(block.style) and _toc_style(block.style)


@lru_cache(maxsize=512)
def _toc_style(style: str) -> bool:
    """Whether a style names a table-of-contents entry (a document has a few styles)."""
    return bool(_TOC_STYLE.match(style.strip()))


def classify(blocks: list[Block], model: NoiseModel) -> tuple[set[int], set[int]]:
    """(noise block indexes, table-of-contents block indexes)."""
    noise, toc = set(), set()
    for block in blocks:
        if block.in_table:
            continue
        if is_toc(block):
            toc.add(block.index)
        elif model.is_noise(block):
            noise.add(block.index)
    return noise, toc
