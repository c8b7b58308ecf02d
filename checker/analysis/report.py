"""Document -> analysed report (noise, outline, sections, meta): what checks look at."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.read.model import Block, Document
from checker.analysis.meta import LEVEL_NAMES, Meta, MetaModel, extract_meta
from checker.analysis.normalize import Normalised, Normalizer
from checker.read.noise import NoiseModel, classify
from checker.analysis.outline import Outline, build_outline
from checker.analysis.sections import Section, SectionModel


@dataclass
class Expectations:
    """What the project config says the report should be."""

    year: int | None = None
    level: str | None = None


class AnalysisModel:
    """Compiled reading/mapping cues of one pack (noise, meta, section model)."""

    def __init__(self, pack):
        self.pack = pack
        self.noise = NoiseModel(pack.noise)
        self.normalizer = Normalizer((pack.noise or {}).get("artefacts"))
        self.meta = MetaModel(pack.meta)
        self.sections = SectionModel(pack.sections or [])


def model_for(pack) -> AnalysisModel:
    """The compiled cues of ``pack``, built once and kept on the pack itself."""
    if pack.cache.get("analysis") is None:
        pack.cache["analysis"] = AnalysisModel(pack)
    return pack.cache["analysis"]


@dataclass
class Report:
    """What checks look at. ``document`` is the normalised view (simplified script,
    pinyin glosses removed); ``normalised`` leads back to the original text."""

    document: Document
    model: AnalysisModel
    noise: set[int]
    toc: set[int]
    meta: Meta
    outline: Outline
    sections: list[Section]
    assignment: dict[int, str | None]  # block index -> section key (None = preamble)
    expected: Expectations = field(default_factory=Expectations)
    normalised: Normalised | None = None
    # filled on first use by the checks, for this report only
    placeholders: dict | None = field(default=None, init=False, repr=False, compare=False)
    text_cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    layout: object | None = field(default=None, init=False, repr=False, compare=False)

    def release(self) -> None:
        """Drop what the checks built for this report (scan data, the layout view). The view
        refers back to the report: dropped here, both are freed at once instead of by the
        cycle collector. Either is built again if asked for."""
        self.text_cache.clear()
        self.layout = None

    @property
    def original(self) -> Document:
        """The document as read (what findings quote)."""
        return self.normalised.original if self.normalised is not None else self.document

    def original_text(self, index: int) -> str:
        return self.original.blocks[index - 1].text

    # -- lookups used by checks and formatters ---------------------------------------------
    def block(self, index: int) -> Block:
        return self.document.blocks[index - 1]

    def has_block(self, index: int) -> bool:
        return 1 <= index <= len(self.document.blocks)

    def section_of(self, index: int) -> str | None:
        return self.assignment.get(index)

    def content_blocks(self) -> list[Block]:
        skip = self.noise | self.toc | set(self.meta.title_blocks)
        return [b for b in self.document.blocks if b.index not in skip]

    def sections_by_key(self, key: str) -> list[Section]:
        return [s for s in self.sections if s.key == key]

    def section_blocks(self, key: str) -> list[Block]:
        return [b for b in self.content_blocks() if self.assignment.get(b.index) == key]

    def section_text(self, key: str, headings: bool = True) -> str:
        """All text of a part, inline parts included even when nested in another.
        With ``headings=False`` heading lines are left out (a heading that promises
        "原因" does not give one)."""
        indexes = set()
        for s in self.sections_by_key(key):
            indexes.update(range(s.start, s.end + 1))
        parts = []
        for b in self.content_blocks():
            if b.index not in indexes:
                continue
            heading = None if headings else self.outline.by_block.get(b.index)
            if heading is None:
                parts.append(b.text)
            elif heading.run_in:
                parts.append(b.text[b.text.find(heading.title) + len(heading.title):])
        return "\n".join(parts)

    def template_values(self) -> dict:
        year = self.meta.year
        issuer = self.meta.issuer
        return {
            "year": year if year else "",
            "next_year": year + 1 if year else "",
            "year_or_yyyy": year if year else "YYYY",
            "issuer": issuer or "",
            "issuer_or_org": issuer or "XX",
            "title": self.meta.title or "",
            "level": self.meta.level or "",
            "level_name": LEVEL_NAMES.get(self.meta.level or "", ""),
        }


def analyze(document: Document, model: AnalysisModel, expected: Expectations | None = None) -> Report:
    expected = expected or Expectations()
    normalised = model.normalizer.normalise(document)
    document = normalised.document
    noise, toc = classify(document.blocks, model.noise)
    meta = extract_meta(model.meta, document.blocks, noise, toc)
    noise -= set(meta.reclaimed)
    if meta.year is None and expected.year:
        meta.set("year", expected.year, "config")
    if meta.level is None and expected.level:
        meta.set("level", expected.level, "config")
    skip = noise | toc | set(meta.title_blocks)
    outline = build_outline(document.blocks, skip)
    content = [b for b in document.blocks if b.index not in skip]
    sections, assignment = model.sections.map(outline, content, meta.year)
    return Report(document, model, noise, toc, meta, outline, sections, assignment, expected, normalised)
