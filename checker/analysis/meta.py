"""Report facts: title, issuer, year, level, signature date, publication date.

Reports are read as drafts and as published web pages: a title line or a title inside
a line of page furniture (breadcrumbs, accessibility bars, table debris, a flattened
page), a 公文 metadata block (发文机关 / 成文日期 / 标题), the subject of the first
sentence when there is no title (``区政府坚持……``), a signature, the page's
publication stamp. Each value records where it came from (``Meta.sources``): rules
that rely on an inferred value report it one severity lower.

All cues come from the pack's ``meta`` model (YAML), not from code.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from itertools import islice

from checker import regexcache
from checker.analysis.probe import Probe
from checker.read.model import Block
from checker.read.labels import parse_label
from checker.read.numerals import cn_int

_SENTENCE_PUNCT = regexcache.compile(r"[。，,；;！!？?：:]")
_SENTENCE_END = regexcache.compile(r"[。；;！!？?]")
_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})  # full-width digits
_BRACKETED = regexcache.compile(r"[（(][^（）()]{0,20}[）)]")
_YEAR_WORD = regexcache.compile(r"(?:19|20)\d\d\s*年?度?")
_TRAILING_DEBRIS = regexcache.compile(r"[\s|｜\-_=*#·•]+$")
_BOUNDARY = " \t\u3000|｜>＞»›】：:"
LEVEL_NAMES = {"government": "人民政府", "department": "政府部门"}
SOURCE_NAMES = {"title": "标题", "metadata": "公文信息栏", "first_sentence": "首句", "signature": "落款",
                "page": "网页", "date": "日期推断", "config": "配置"}
FIELDS = ("title", "issuer", "year", "level", "date", "published")


@dataclass
class Meta:
    title: str | None = None
    title_blocks: tuple = ()
    issuer: str | None = None
    year: int | None = None
    level: str | None = None  # "government" | "department"
    date: str | None = None  # signature date (成文日期), ISO
    date_block: int | None = None
    published: str | None = None  # publication date from the web page, ISO
    published_block: int | None = None
    number: str | None = None  # 发文字号 from a metadata block
    sources: dict = field(default_factory=dict)  # field -> title | metadata | first_sentence | …
    title_span: tuple | None = None  # (block, start, end) of a title inside a longer line
    reclaimed: tuple = ()  # blocks read as page furniture that hold the title

    @property
    def year_source(self) -> str | None:
        return self.sources.get("year")

    def set(self, name: str, value, source: str) -> None:
        setattr(self, name, value)
        if value in (None, ""):
            self.sources.pop(name, None)
        else:
            self.sources[name] = source

    def to_dict(self) -> dict:
        return {"title": self.title, "issuer": self.issuer, "year": self.year, "level": self.level,
                "date": self.date, "published": self.published,
                "sources": {k: self.sources[k] for k in FIELDS if k in self.sources}}


def _year(text: str) -> int | None:
    """A year written in digits or in Chinese numerals (二〇二三)."""
    value = _number(text)
    return value if value and 1900 <= value <= 2099 else None


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_int(text, positional=True)


def parse_date(match: re.Match) -> str | None:
    y, m, d = (_number(match.group(k)) for k in ("y", "m", "d"))
    if not (y and m and d) or not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _compile(patterns) -> list[re.Pattern]:
    if isinstance(patterns, str):
        patterns = [patterns]
    return [regexcache.compile(str(p)) for p in patterns or []]


def _blank(text: str, patterns: list[re.Pattern], probes: list[Probe] | None = None) -> str:
    """``text`` with the spans of ``patterns`` replaced by spaces (offsets kept); a pattern
    whose probe (one per pattern, if given) refuses the text has no span in it."""
    for p, probe in zip(patterns, probes or [None] * len(patterns)):
        if probe is None or probe.may_match(text):
            text = p.sub(lambda m: " " * len(m.group()), text)
    return text


@dataclass
class _Title:
    text: str
    block: int
    start: int
    end: int
    whole: bool  # the block holds nothing but the title (and debris)
    blocks: tuple = ()
    year: int | None = None


class MetaModel:
    def __init__(self, spec: dict | None):
        spec = spec or {}
        self.reliable = frozenset(spec.get("reliable") or ("title", "metadata", "signature", "page", "config"))
        title = spec.get("title") or {}
        self.title_must = regexcache.compile(title.get("must_match", "报告$"))
        self.title_cues = list(title.get("cues") or ["报告"])
        self.title_max = int(title.get("max_length", 70))
        self.title_search = int(title.get("search_blocks", 6))
        token = title.get("token")
        self.title_token = regexcache.compile(token) if token else None
        end = title.get("token_end")
        self.token_end = regexcache.compile(end) if end else None
        self.strip_prefix = _compile(title.get("strip_prefix"))
        self.strip_suffix = _compile(title.get("strip_suffix"))
        year = spec.get("year") or {}
        self.year_pattern = regexcache.compile(year.get("pattern", r"((?:19|20)\d\d)\s*年"))
        self.year_search = int(year.get("search_blocks", 3))
        issuer = spec.get("issuer") or {}
        self.issuer_from_title = regexcache.compile(issuer.get("from_title", r"^(?P<issuer>.+?)\d{4}年"))
        self.gov_suffixes = tuple(issuer.get("government_suffixes") or ())
        self.dept_suffixes = tuple(issuer.get("department_suffixes") or ())
        self.place_suffixes = tuple(issuer.get("place_suffixes") or ())
        self.gov_self = tuple(issuer.get("government_self") or ())
        self.dept_self = tuple(issuer.get("department_self") or ())
        subject = spec.get("subject") or {}
        self.subject_lead = _compile(subject.get("lead"))
        verbs = subject.get("verbs")
        self.subject_verbs = regexcache.compile(verbs) if verbs else None
        self.subject_max = int(subject.get("max_length", 24))
        self.subject_sentences = int(subject.get("sentences", 3))
        metadata = spec.get("metadata") or {}
        self.md_search = int(metadata.get("search_blocks", 40))
        self.md = {k: regexcache.compile(metadata[k]) for k in ("issuer", "date", "title", "number") if metadata.get(k)}
        date = spec.get("date") or {}
        self.date_patterns = _compile(date.get("patterns"))
        self.date_search = int(date.get("search_blocks", 8))
        published = spec.get("published") or {}
        self.published_patterns = _compile(published.get("patterns"))
        self.published_search = int(published.get("search_blocks", 12))
        # literal pre-tests: most documents hold no metadata block and no page stamp
        self._md_probes = {k: Probe(p) for k, p in self.md.items()}
        self._published_probes = [Probe(p) for p in self.published_patterns]
        self.page_spans = _compile(spec.get("page_spans"))
        self._page_span_probes = [Probe(p) for p in self.page_spans]
        self._token_probe = Probe(self.title_token) if self.title_token is not None else None

    # -- title -------------------------------------------------------------------------------
    def _title_like(self, text: str) -> bool:
        return (len(text) <= self.title_max and not _SENTENCE_PUNCT.search(text)
                and parse_label(text) is None)

    def is_title(self, text: str) -> bool:
        """A whole text reads as a report title: names its subject (法治), or at least
        a year or an issuer (a column name such as 工作报告 names neither)."""
        if not (4 <= len(text) and self._title_like(text) and self.title_must.search(text)):
            return False
        return any(c in text for c in self.title_cues) or bool(self.year_in(text)) or \
            self.issuer_from(text) is not None

    def clean_title(self, text: str) -> str:
        """Furniture joined to the front of a title removed while a title remains."""
        text = _TRAILING_DEBRIS.sub("", text.strip())
        for p in self.strip_suffix:
            m = p.search(text)
            if m and m.start() > 0 and self.is_title(text[: m.start()]):
                text = text[: m.start()]
        changed = True
        while changed:
            changed = False
            for p in self.strip_prefix:
                m = p.match(text)
                if m and m.end() > 0:
                    rest = text[m.end():].lstrip(" 　|｜>＞»›")
                    if len(rest) >= 8 and self.is_title(rest):
                        text, changed = rest, True
        return text

    def _tokens(self, block: Block):
        """Title tokens of a line: runs without white space, pipes or arrows that read as
        a title (joint issuers separated by one space are kept together)."""
        text = block.text
        if self.title_token is None or not self._token_probe.may_match(text):
            return
        for m in self.title_token.finditer(text):
            start, end = m.start(), m.end()
            if start > 0 and text[start - 1] not in _BOUNDARY:
                continue
            if self.token_end is not None and not self.token_end.match(text[end:]):
                continue
            # words before it across single spaces: a year or an issuer written apart
            # (示范区 2019 年…, 中共XX市委 XX市人民政府…)
            while True:
                prev = text[:start].rstrip(" \t\u3000")
                gap = start - len(prev)
                if not 0 < gap <= 2:
                    break
                word = re.split(r"[\s|｜>＞»›】：:]", prev)[-1]
                if not (2 <= len(word) <= 20 and (self.valid_issuer(word) or _YEAR_WORD.fullmatch(word))):
                    break
                if not self.is_title(self.clean_title(text[len(prev) - len(word):end])):
                    break
                start = len(prev) - len(word)
            yield start, end

    def find_title(self, blocks: list[Block], noise: set, skip: set) -> _Title | None:
        """The report title among the first blocks (before the body starts)."""
        head, counted = [], 0
        for block in blocks:
            if block.index in skip:
                continue
            head.append(block)
            if block.index in noise:
                continue
            counted += 1
            text = block.text.strip()
            if parse_label(text) is not None or (len(text) > self.title_max and _SENTENCE_PUNCT.search(text)):
                break  # the body has started
            if counted >= self.title_search:
                break
        candidates: list[_Title] = []
        for i, block in enumerate(head):
            text = block.text
            stripped = _TRAILING_DEBRIS.sub("", text.strip())
            in_noise = block.index in noise
            if not in_noise and self.is_title(self.clean_title(stripped)):
                title = self.clean_title(stripped)
                candidates.append(_Title(title, block.index, 0, len(text), True, (block.index,)))
                continue
            for start, end in self._tokens(block):
                title = self.clean_title(text[start:end])
                if not self.is_title(title):
                    continue
                whole = not _SENTENCE_END.search(text) and len(text) <= self.title_max * 2
                candidates.append(_Title(title, block.index, start, end, whole, (block.index,) if whole else ()))
                break
            else:
                # a title split over two lines
                if in_noise or not self._title_like(stripped) or i + 1 >= len(head):
                    continue
                nxt = head[i + 1]
                second = _TRAILING_DEBRIS.sub("", nxt.text.strip())
                if nxt.index in noise or self.issuer_from(self.clean_title(second)):
                    continue  # the next line is a whole title of its own
                if not (self.valid_issuer(stripped) or self.year_in(stripped) or stripped.startswith("关于")):
                    continue  # a first half names the issuer or the year
                joined = stripped + second
                if len(joined) <= self.title_max + 20 and self.title_must.search(joined) and \
                        any(c in joined for c in self.title_cues) and self._title_like(nxt.text.strip()):
                    joined = self.clean_title(joined)
                    candidates.append(_Title(joined, block.index, 0, len(text), True, (block.index, nxt.index)))
        for c in candidates:
            c.year = self.year_in(c.text)
        # a title in page furniture or inside a flattened line must carry a year or an issuer
        candidates = [c for c in candidates if (c.whole and c.block not in noise) or c.year
                      or self.valid_issuer(self.issuer_from(c.text))]
        if not candidates:
            return None
        dated = [c for c in candidates if c.year] or candidates
        lines = [c for c in dated if c.whole and c.block not in noise]  # a title line of its own first
        return (lines or dated)[0]

    # -- issuer and level ------------------------------------------------------------------
    def issuer_from(self, title: str | None) -> str | None:
        if not title:
            return None
        m = self.issuer_from_title.search(title.translate(_DIGITS))
        if not m:
            return None
        issuer = m.group("issuer").strip(" 　")
        if issuer.endswith("关于"):
            issuer = issuer[:-2].strip(" 　")
        return issuer if self.valid_issuer(issuer) else None

    def valid_issuer(self, issuer: str | None) -> bool:
        if not issuer or len(issuer) < 2:
            return False
        name = issuer.split()[-1]
        return name.endswith(self.gov_suffixes + self.dept_suffixes + self.place_suffixes)

    def level_of(self, issuer: str | None, body: str) -> str | None:
        if issuer:
            name = issuer.split()[-1] if issuer.split() else issuer
            if name.endswith(self.gov_suffixes):
                return "government"
            if name.endswith(self.dept_suffixes):
                return "department"
            if name.endswith(self.place_suffixes):
                return "government"
        return self.self_level(body[:400])

    def self_level(self, text: str) -> str | None:
        """Level from the way a report names itself (我市 / 我局)."""
        dept = min((text.find(w) for w in self.dept_self if w in text), default=-1)
        gov = min((text.find(w) for w in self.gov_self if w in text), default=-1)
        if dept >= 0 and (gov < 0 or dept < gov):
            return "department"
        if gov >= 0:
            return "government"
        return None

    def subject(self, sentence: str) -> tuple[str | None, str | None]:
        """(issuer, level) from the subject of a sentence: ``区政府坚持……`` ->
        ("区政府", government); ``我局以……`` -> (None, department)."""
        text = sentence.strip(" 　")
        changed = True
        while changed:
            changed = False
            for p in self.subject_lead:
                m = p.match(text)
                if m and m.end() > 0:
                    text, changed = text[m.end():], True
        for words, level in ((self.gov_self, "government"), (self.dept_self, "department")):
            for w in words:
                if text.startswith(w):
                    return None, level
        if self.subject_verbs is None:
            return None, None
        best = None
        for m in self.subject_verbs.finditer(text, 0, self.subject_max + 16):
            # a body's other name in brackets: 市司法局（市委依法治市办）
            prefix = _BRACKETED.sub("", text[: m.start()]).strip(" 　")
            if len(prefix) > self.subject_max or _SENTENCE_PUNCT.search(prefix):
                break
            if len(prefix) >= 2 and self.valid_issuer(prefix):
                best = prefix
        if best is None:
            return None, None
        return best, self.level_of(best, "")

    # -- year ------------------------------------------------------------------------------
    def year_in(self, text: str) -> int | None:
        m = self.year_pattern.search(text.translate(_DIGITS))
        return _year(m.group(1)) if m else None

    def opening_year(self, text: str) -> int | None:
        """The report year in an opening text: a year that starts a sentence, else the
        first year outside book titles and brackets (a plan's range is no report year)."""
        text = text.translate(_DIGITS)
        for m in self.year_pattern.finditer(text):
            before = text[: m.start()].rstrip(" 　")
            if not before or before[-1] in "。；;！!？?":
                return _year(m.group(1))
        plain = re.sub(r"《[^》]{0,80}》|[（(][^）)]{0,40}[）)]", lambda m: " " * len(m.group()), text)
        return self.year_in(plain)

    # -- the rest ----------------------------------------------------------------------------
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
        joined = "\n".join(b.text for b in blocks)
        for pattern, probe in zip(self.published_patterns, self._published_probes):
            if not probe.may_match(joined):
                continue  # no block holds what a match needs
            for block in blocks:
                if not probe.may_match(block.text):
                    continue  # this block lacks what a match needs
                for m in pattern.finditer(block.text):
                    iso = parse_date(m)
                    if iso:
                        return iso, block.index
        return None, None

    def metadata(self, blocks: list[Block]) -> dict:
        """Fields of a 公文 metadata block (label and value in one line, in table cells
        joined by pipes, or in consecutive blocks)."""
        if not self.md:
            return {}
        joined, starts = "", []
        for b in blocks[: self.md_search]:
            starts.append((len(joined), b.index))
            joined += b.text + " | "
        out = {}
        for key, pattern in self.md.items():
            m = pattern.search(joined) if self._md_probes[key].may_match(joined) else None
            if not m:
                continue
            block = next(i for s, i in reversed(starts) if s <= m.start())
            if key == "date":
                iso = parse_date(m)
                if iso:
                    out[key] = (iso, block)
            else:
                value = m.group("value").strip(" 　|｜")
                if value:
                    out[key] = (value, block)
        return out


def _year_from_date(iso: str | None) -> int | None:
    """The report year a date belongs to: a report is signed or published early in the
    following year, or at the end of its own year."""
    if not iso:
        return None
    y, m = int(iso[:4]), int(iso[5:7])
    return y - 1 if m <= 6 else y


def extract_meta(model: MetaModel, blocks: list[Block], noise: set | None = None,
                 skip: set | None = None) -> Meta:
    """Meta of a document: ``blocks`` in reading order, ``noise`` the page-furniture
    blocks, ``skip`` blocks never read (table of contents)."""
    noise = set(noise or ())
    skip = set(skip or ())
    meta = Meta()
    usable = [b for b in blocks if b.index not in noise and b.index not in skip]
    readable = (b for b in blocks if b.index not in skip)  # the metadata block is read from the first ones
    metadata = model.metadata(list(islice(readable, model.md_search) if model.md_search >= 0 else readable))

    hit = model.find_title(blocks, noise, skip)
    if hit is not None:
        source = "title" if hit.whole and hit.block not in noise else "page"
        if "title" in metadata and metadata["title"][1] == hit.block:
            source = "metadata"  # the title field of a metadata block
        meta.set("title", hit.text, source)
        meta.title_blocks = hit.blocks
        if not hit.whole:
            meta.title_span = (hit.block, hit.start, hit.end)
        meta.reclaimed = tuple(i for i in hit.blocks if i in noise)
    elif "title" in metadata and model.is_title(model.clean_title(metadata["title"][0])):
        meta.set("title", model.clean_title(metadata["title"][0]), "metadata")
    if metadata.get("number"):
        meta.number = metadata["number"][0]

    # issuer: title, metadata block, signature, first sentence
    if meta.title:
        meta.set("issuer", model.issuer_from(meta.title), meta.sources["title"])
        meta.set("year", model.year_in(meta.title), "title")
    if meta.issuer is None and metadata.get("issuer") and model.valid_issuer(metadata["issuer"][0]):
        meta.set("issuer", metadata["issuer"][0], "metadata")
    title_blocks = set(meta.title_blocks)
    body = [b for b in usable if b.index not in title_blocks]
    meta.date, meta.date_block, signer = model.signature(body)
    if meta.date:
        meta.sources["date"] = "signature"
    elif metadata.get("date"):
        meta.set("date", metadata["date"][0], "metadata")
    if meta.issuer is None and signer and model.valid_issuer(signer):
        meta.set("issuer", signer, "signature")

    opening = _opening(model, body, blocks, meta)
    if meta.year is None:
        for text in opening[: model.year_search]:
            year = model.opening_year(text[:160])
            if year:
                meta.set("year", year, "first_sentence")
                break
    subject_issuer, subject_level = None, None
    for text in opening[:2]:
        for sentence in [s for s in _SENTENCE_END.split(text) if s.strip()][: model.subject_sentences]:
            subject_issuer, subject_level = model.subject(sentence)
            if subject_level:
                break
        if subject_level:
            break
    if meta.issuer is None and subject_issuer:
        meta.set("issuer", subject_issuer, "first_sentence")

    level = model.level_of(meta.issuer, "") if meta.issuer else None
    if level:
        meta.set("level", level, meta.sources["issuer"])
    elif subject_level:
        meta.set("level", subject_level, "first_sentence")
    else:
        meta.set("level", model.self_level(" ".join(opening)[:400]), "first_sentence")

    published_in = [b for b in blocks[: model.published_search] if b.index not in skip]
    taken = {b.index for b in published_in}
    published_in += [b for b in blocks if b.index in noise and b.index not in taken]
    meta.published, meta.published_block = model.published(published_in)
    if meta.published:
        meta.sources["published"] = "page"

    if meta.year is None:
        for name in ("date", "published"):
            year = _year_from_date(getattr(meta, name))
            if year:
                meta.set("year", year, "date")
                break
    return meta


def _opening(model: MetaModel, body: list[Block], blocks: list[Block], meta: Meta) -> list[str]:
    """The first texts of the report body (page stamps blanked): what a first sentence
    is read from. A title inside a flattened line starts it after that title."""
    texts = []
    if meta.title_span:
        index, _, end = meta.title_span
        texts.append(blocks[index - 1].text[end:] if 1 <= index <= len(blocks) else "")
    for b in body[: model.year_search + 2]:
        if meta.title_span and b.index == meta.title_span[0]:
            continue
        texts.append(b.text)
    return [_blank(t, model.page_spans, model._page_span_probes).strip() for t in texts if t.strip()]


__all__ = ["Meta", "MetaModel", "extract_meta", "LEVEL_NAMES", "SOURCE_NAMES", "asdict"]
