"""The normalised view analysis reads, and the way back to the original text.

Web mirrors republish reports in traditional script, splice pinyin after characters
(``區(qū)``) or destroy characters (``?`` in place of Chinese). Outline, sections, meta
and text rules read a normalised copy of each block: glosses removed, traditional
converted to simplified with OpenCC. Findings still quote the original: every
normalised block keeps, for each of its characters, the offset of the character it
came from (:meth:`Normalised.original_span`).

Plain simplified text (the usual case) costs one OpenCC conversion of the whole text
and two regular-expression scans; the original Document is then used as it is. Other
text is converted as a whole too (once per scheme of the chain) and split back into
its blocks; a block whose share does not line up is converted on its own.

The cues (gloss and garble patterns, OpenCC schemes, the share of changed characters
that makes a text "traditional") come from the pack's ``noise.artefacts`` block.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from checker import regexcache
from checker.analysis.probe import Probe
from checker.errors import PackError
from checker.read.model import Document

_CJK = regexcache.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

DEFAULTS = {
    # a pinyin syllable with a tone mark, in brackets, right after a character
    "pinyin": r"(?<=[\u3400-\u9fff\uf900-\ufaff])[（(](?=[a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])"
              r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[）)]",
    # neutral-tone syllables carry no tone mark: removed only when toned glosses are present
    "pinyin_toneless": r"(?<=[\u3400-\u9fff\uf900-\ufaff])[（(][a-zü]{1,6}[）)]",
    "garbled": [r"\?{2,}", r"(?<=[\u4e00-\u9fff])\?(?=[\u4e00-\u9fff])", "\ufffd+"],
    # a single "?" ending a clause with an interrogative word is a question mark
    "question": r"(如何|怎样|怎么|什么|为何|为什么|是否|多少|哪|谁|吗|呢|吧)[^。；！!，,?？]{0,12}$",
    "detect": "hk2s",
    "traditional": ["tw2s", "hk2s"],
    "traditional_share": 0.1,
}


@lru_cache(maxsize=None)
def opencc_converter(config: str):
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")


def split_lines(converted: str, count: int) -> list[str] | None:
    """The lines of ``converted``, a conversion of ``count`` texts joined with newlines,
    when it has exactly that many (no text held a newline of its own). OpenCC matches
    no phrase across a newline, so line *i* is what converting text *i* alone gives."""
    lines = converted.split("\n")
    return lines if len(lines) == count else None


@dataclass(frozen=True)
class Artefact:
    """One web-conversion artefact, at original offsets of a block."""

    block: int
    start: int
    end: int
    text: str  # as in the original
    replacement: str = ""  # what analysis reads instead ("" for a removed gloss)


@dataclass
class Normalised:
    """The document analysis reads, the original, and the way back."""

    document: Document  # normalised (the original itself when nothing changed)
    original: Document
    offsets: dict = field(default_factory=dict)  # block index -> original offset per char (+ end)
    pinyin: list = field(default_factory=list)  # Artefact per removed gloss
    traditional: list = field(default_factory=list)  # Artefact per converted character
    garbled: list = field(default_factory=list)  # Artefact per run of destroyed characters
    script: str = "simplified"  # simplified | mixed | traditional

    @property
    def changed(self) -> bool:
        return self.document is not self.original

    def original_text(self, index: int) -> str:
        return self.original.blocks[index - 1].text

    def original_span(self, index: int, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span [start, end) of block ``index``
        (a gloss after the last character is included)."""
        table = self.offsets.get(index)
        if table is None:
            return start, end
        start = max(0, min(start, len(table) - 1))
        end = max(start, min(end, len(table) - 1))
        return table[start], table[end] if end > start else table[start]

    def quote(self, index: int | None, excerpt: str | None) -> str | None:
        """``excerpt`` (taken from the normalised text of block ``index``, with "…"
        where it was cut) as it reads in the original; unchanged when not found."""
        if not excerpt or not self.changed:
            return excerpt
        head = excerpt.startswith("…")
        tail = excerpt.endswith("…") and len(excerpt) > 1
        core = excerpt[1 if head else 0: len(excerpt) - 1 if tail else len(excerpt)]
        if not core:
            return excerpt
        order = [index] if index else []
        order += [b.index for b in self.document.blocks if b.index != index]
        for i in order:
            if not 1 <= i <= len(self.document.blocks):
                continue
            pos = self.document.blocks[i - 1].text.find(core)
            if pos < 0:
                continue
            if i not in self.offsets:
                return excerpt  # the block reads as it was
            s, e = self.original_span(i, pos, pos + len(core))
            return ("…" if head else "") + self.original_text(i)[s:e] + ("…" if tail else "")
        return excerpt


class Normalizer:
    """Compiled normalisation cues of one pack."""

    def __init__(self, spec: dict | None):
        spec = {**DEFAULTS, **(spec or {})}
        try:
            self.pinyin = regexcache.compile(str(spec["pinyin"]))
            self.pinyin_toneless = regexcache.compile(str(spec["pinyin_toneless"]))
            garbled = spec["garbled"]
            garbled = [garbled] if isinstance(garbled, str) else list(garbled or [])
            self.garbled = regexcache.compile("|".join(f"(?:{p})" for p in garbled)) if garbled else None
            self.question = regexcache.compile(str(spec["question"])) if spec.get("question") else None
        except re.error as exc:
            raise PackError("national", None, f"noise.artefacts 中的正则表达式无效：{exc}") from None
        # most texts hold no tone mark and no "?": the probes say so without trying the
        # patterns (which start with a lookbehind) at every position
        self._pinyin_probe = Probe(self.pinyin)
        self._garbled_probe = Probe(self.garbled) if self.garbled is not None else None
        self.detect = str(spec["detect"])
        chain = spec["traditional"]
        self.chain = tuple([chain] if isinstance(chain, str) else chain)
        self.share = float(spec["traditional_share"])

    # -- the whole document ----------------------------------------------------------------
    def normalise(self, document: Document) -> Normalised:
        blocks = document.blocks
        whole = "\n".join(b.text for b in blocks)
        detect = opencc_converter(self.detect).convert
        simplified = detect(whole)
        glossed = self._pinyin_probe.may_match(whole) and self.pinyin.search(whole) is not None
        garbled = self._garbled(blocks) if self.garbled is not None and self._garbled_probe.may_match(whole) \
            and self.garbled.search(whole) else []
        if simplified == whole and not glossed:
            return Normalised(document, document, garbled=garbled)  # fast path: nothing to change
        script = "simplified"
        if simplified != whole:
            changed = sum(map(operator.ne, whole, simplified)) if len(simplified) == len(whole) \
                else len(_CJK.findall(whole))
            cjk = max(1, len(_CJK.findall(whole)))
            script = "traditional" if changed / cjk >= self.share else "mixed"
        chain = self.chain if script == "traditional" else (self.detect,)
        convert = [opencc_converter(c).convert for c in chain] if script != "simplified" else []
        whole_converted = simplified if script == "mixed" else self._convert_lines(whole, convert)
        pieces = split_lines(whole_converted, len(blocks)) if convert else None
        out = Normalised(document, document, garbled=garbled, script=script)
        new_blocks = []
        for i, block in enumerate(blocks):
            text, table, glosses = self._strip_glosses(block)
            out.pinyin.extend(glosses)
            if pieces is not None and text is block.text and len(pieces[i]) == len(text):
                converted = pieces[i]  # this block's share of the one conversion of the whole text
            else:
                converted = self._convert(text, convert)
            if converted != text:
                for i, (a, b) in enumerate(zip(text, converted)):
                    if a != b:
                        out.traditional.append(Artefact(block.index, table[i], table[i] + 1, a, b))
            if converted == block.text:
                new_blocks.append(block)
                continue
            out.offsets[block.index] = table
            new_blocks.append(replace(block, text=converted))
        out.document = replace(document, blocks=new_blocks)
        return out

    # -- pieces ----------------------------------------------------------------------------
    def _garbled(self, blocks) -> list[Artefact]:
        out = []
        for b in blocks:
            for m in self.garbled.finditer(b.text):
                if m.group() == "?" and self.question is not None and \
                        self.question.search(b.text, max(0, m.start() - 24), m.start()):
                    continue
                out.append(Artefact(b.index, m.start(), m.end(), m.group()))
        return out

    def _strip_glosses(self, block) -> tuple[str, list[int], list[Artefact]]:
        """The block text without glosses, the original offset of each remaining
        character (plus the end), and the glosses removed."""
        text = block.text
        spans = [m.span() for m in self.pinyin.finditer(text)]
        if spans:
            spans += [m.span() for m in self.pinyin_toneless.finditer(text)
                      if not any(s <= m.start() < e for s, e in spans)]
            spans.sort()
        if not spans:
            return text, list(range(len(text) + 1)), []
        kept, table, last = [], [], 0
        for s, e in spans:
            kept.append(text[last:s])
            table.extend(range(last, s))
            last = e
        kept.append(text[last:])
        table.extend(range(last, len(text) + 1))
        glosses = [Artefact(block.index, s, e, text[s:e]) for s, e in spans]
        return "".join(kept), table, glosses

    @staticmethod
    def _convert_lines(whole: str, convert) -> str:
        for step in convert:
            whole = step(whole)
        return whole

    @staticmethod
    def _convert(text: str, convert) -> str:
        if not convert:
            return text
        out = text
        for step in convert:
            out = step(out)
        if len(out) == len(text):
            return out
        # a phrase changed length: convert character by character to keep offsets
        chars = []
        for ch in text:
            c = ch
            for step in convert:
                c = step(c)
            chars.append(c if len(c) == 1 else ch)
        return "".join(chars)
