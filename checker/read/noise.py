"""Recognise web-page furniture (publication stamps, share buttons, table pipes)."""

from __future__ import annotations

import re

from checker.read.model import Block

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TOC_STYLE = re.compile(r"^(toc|目录)\s*\d*$", re.IGNORECASE)


class NoiseModel:
    def __init__(self, spec: dict | None):
        spec = spec or {}
        self.max_length = int(spec.get("max_length", 240))
        self.patterns = [re.compile(str(p)) for p in spec.get("patterns") or []]

    def is_noise(self, block: Block) -> bool:
        text = block.text
        if not _CJK.search(text):
            if len(text) < 80 and not any(ch.isdigit() for ch in text[:1]) or _only_pipes(text):
                return True
            return len(text) < 80 and any(p.search(text) for p in self.patterns)
        if len(text) > self.max_length:
            return False
        return any(p.search(text) for p in self.patterns)


def _only_pipes(text: str) -> bool:
    return bool(text) and set(text) <= set("|｜- \t")


def is_toc(block: Block) -> bool:
    return bool(block.style and _TOC_STYLE.match(block.style.strip()))


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
