"""Report facts: title, issuer, year, level, signature date, publication date.

All cues come from the pack's ``meta`` model (YAML), not from code.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from checker.read.model import Block
from checker.read.labels import parse_label
from checker.read.numerals import cn_int

_SENTENCE_PUNCT = re.compile(r"[。，,；;！!？?：:]")
LEVEL_NAMES = {"government": "人民政府", "department": "政府部门"}


@dataclass
class Meta:
    title: str | None = None
    title_blocks: tuple = ()
    issuer: str | None = None
    year: int | None = None
    year_source: str | None = None  # "title" | "text" | "config"
    level: str | None = None  # "government" | "department"
    date: str | None = None  # signature date, ISO
    date_block: int | None = None
    published: str | None = None  # publication date from the web page, ISO
    published_block: int | None = None

    def to_dict(self) -> dict:
        return {"title": self.title, "issuer": self.issuer, "year": self.year, "level": self.level,
                "date": self.date, "published": self.published}


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_int(text, positional=True)


def parse_date(match: re.Match) -> str | None:
    y, m, d = (_number(match.group(k)) for k in ("y", "m", "d"))
    if not (y and m and d) or not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


class MetaModel:
    def __init__(self, spec: dict | None):
        spec = spec or {}
        title = spec.get("title") or {}
        self.title_must = re.compile(title.get("must_match", "报告$"))
        self.title_cues = list(title.get("cues") or ["报告"])
        self.title_max = int(title.get("max_length", 70))
        self.title_search = int(title.get("search_blocks", 6))
        year = spec.get("year") or {}
        self.year_pattern = re.compile(year.get("pattern", r"((?:19|20)\d\d)\s*年"))
        self.year_search = int(year.get("search_blocks", 3))
        issuer = spec.get("issuer") or {}
        self.issuer_from_title = re.compile(issuer.get("from_title", r"^(?P<issuer>.+?)\d{4}年"))
        self.gov_suffixes = tuple(issuer.get("government_suffixes") or ())
        self.dept_suffixes = tuple(issuer.get("department_suffixes") or ())
        self.place_suffixes = tuple(issuer.get("place_suffixes") or ())
        self.gov_self = tuple(issuer.get("government_self") or ())
        self.dept_self = tuple(issuer.get("department_self") or ())
        date = spec.get("date") or {}
        self.date_patterns = [re.compile(p) for p in date.get("patterns") or []]
        self.date_search = int(date.get("search_blocks", 8))
        published = spec.get("published") or {}
        self.published_patterns = [re.compile(p) for p in published.get("patterns") or []]

    # -- title -------------------------------------------------------------------------------
    def _title_like(self, text: str) -> bool:
        return (len(text) <= self.title_max and not _SENTENCE_PUNCT.search(text)
                and parse_label(text) is None)

    def find_title(self, blocks: list[Block]) -> tuple[str | None, tuple]:
        """Title from the first blocks; joins a title split over two lines."""
        head = blocks[: self.title_search]
        for i, block in enumerate(head):
            text = block.text.strip()
            if not self._title_like(text):
                if parse_label(text) is not None or len(text) > self.title_max:
                    break  # the body has started
                continue
            if self.title_must.search(text) and any(c in text for c in self.title_cues):
                return text, (block.index,)
            if i + 1 < len(head):
                nxt = head[i + 1].text.strip()
                joined = text + nxt
                if self._title_like(nxt) and len(joined) <= self.title_max + 20 and \
                        self.title_must.search(joined) and any(c in joined for c in self.title_cues):
                    return joined, (block.index, head[i + 1].index)
        return None, ()

    # -- issuer and level ------------------------------------------------------------------
    def issuer_from(self, title: str | None) -> str | None:
        if not title:
            return None
        m = self.issuer_from_title.search(title)
        if not m:
            return None
        issuer = m.group("issuer").strip(" 　")
        return issuer or None

    def level_of(self, issuer: str | None, body: str) -> str | None:
        if issuer:
            name = issuer.split()[-1] if issuer.split() else issuer
            if name.endswith(self.gov_suffixes):
                return "government"
            if name.endswith(self.dept_suffixes):
                return "department"
            if name.endswith(self.place_suffixes):
                return "government"
        first = body[:400]
        dept = min((first.find(w) for w in self.dept_self if w in first), default=-1)
        gov = min((first.find(w) for w in self.gov_self if w in first), default=-1)
        if dept >= 0 and (gov < 0 or dept < gov):
            return "department"
        if gov >= 0:
            return "government"
        return None

    def year_in(self, text: str) -> int | None:
        m = self.year_pattern.search(text)
        return int(m.group(1)) if m else None

    def signature(self, blocks: list[Block]) -> tuple[str | None, int | None, str | None]:
        """(ISO date, block index, issuer line) of the signature block near the end."""
        tail = blocks[-self.date_search:]
        for pos in range(len(tail) - 1, -1, -1):
            text = tail[pos].text.strip().replace(" ", "")
            for pattern in self.date_patterns:
                m = pattern.search(text)
                if m:
                    iso = parse_date(m)
                    if iso:
                        issuer = None
                        if pos > 0:
                            prev = tail[pos - 1].text.strip()
                            if len(prev) <= 40 and not _SENTENCE_PUNCT.search(prev):
                                issuer = prev
                        return iso, tail[pos].index, issuer
        return None, None, None

    def published(self, blocks: list[Block]) -> tuple[str | None, int | None]:
        for block in blocks:
            for pattern in self.published_patterns:
                m = pattern.search(block.text)
                if m:
                    iso = parse_date(m)
                    if iso:
                        return iso, block.index
        return None, None


def extract_meta(model: MetaModel, blocks: list[Block], noise_blocks: list[Block]) -> Meta:
    meta = Meta()
    meta.title, meta.title_blocks = model.find_title(blocks)
    meta.issuer = model.issuer_from(meta.title)
    if meta.title:
        meta.year = model.year_in(meta.title)
        meta.year_source = "title" if meta.year else None
    body = [b for b in blocks if b.index not in meta.title_blocks]
    if meta.year is None:
        for block in body[: model.year_search]:
            meta.year = model.year_in(block.text[:120])
            if meta.year:
                meta.year_source = "text"
                break
    meta.date, meta.date_block, signer = model.signature(body)
    if meta.issuer is None and signer:
        meta.issuer = signer
    meta.level = model.level_of(meta.issuer, " ".join(b.text for b in body[:3]))
    meta.published, meta.published_block = model.published(noise_blocks)
    return meta


__all__ = ["Meta", "MetaModel", "extract_meta", "LEVEL_NAMES", "asdict"]
