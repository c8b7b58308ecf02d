"""Meta reads the metadata block from the first readable blocks only, and changed
characters are counted in C: the same facts as reading every block, counting in Python."""

from __future__ import annotations

import operator

from checker.analysis.meta import extract_meta
from checker.analysis.report import model_for
from checker.packs.loader import analysis_model, select_packs
from checker.read.document import read_document
from checker.read.model import Block
from conftest import report_texts

MODEL = model_for(analysis_model(select_packs(None, "text", None)))


def test_metadata_from_the_first_blocks_is_metadata_from_all():
    for path in report_texts():
        blocks = read_document(path).blocks
        assert MODEL.meta.metadata(blocks[:MODEL.meta.md_search]) == MODEL.meta.metadata(blocks), path.name


def test_metadata_beyond_the_searched_blocks_is_not_read():
    model = MODEL.meta
    filler = [Block(index=i, text=f"第{i}段正文。") for i in range(1, model.md_search + 1)]
    late = Block(index=model.md_search + 1, text="发文机关：某市司法局")
    assert extract_meta(model, filler + [late]).sources.get("issuer") != "metadata"
    early = [Block(index=1, text="发文机关：某市司法局")] + [
        Block(index=i, text=f"第{i}段正文。") for i in range(2, 5)]
    assert extract_meta(model, early).issuer == "某市司法局"


def test_changed_characters_counted_alike():
    for a, b in (("", ""), ("國家", "国家"), ("abc", "abd"), ("區區區", "区区区")):
        assert sum(map(operator.ne, a, b)) == sum(1 for x, y in zip(a, b) if x != y)
