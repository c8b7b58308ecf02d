"""Text inputs: encodings, markdown, noise, one-line web pages."""

from __future__ import annotations

import codecs

import pytest

from checker.read.document import read_document
from checker.errors import InputError
from checker.runner import CheckOptions, check_file
from conftest import LINJIANG, NANHU, report_texts, seed_path


@pytest.mark.parametrize("encoding,prefix_bytes", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-le", b""), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-be", b""),
])
def test_encodings_are_detected(tmp_path, encoding, prefix_bytes):
    text = NANHU.read_text(encoding="utf-8")
    path = tmp_path / "报告.txt"
    path.write_bytes(prefix_bytes + text.encode(encoding, errors="replace" if encoding == "gbk" else "strict"))
    reference = read_document(NANHU)
    doc = read_document(path)
    if encoding != "gbk":  # GBK cannot hold every character of the page
        assert [b.text for b in doc.blocks] == [b.text for b in reference.blocks]
    assert doc.blocks[0].text == "南湖县市场监督管理局2022年法治政府建设年度报告"


def test_mixed_line_endings(tmp_path):
    lines = LINJIANG.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "mixed.txt"
    path.write_bytes("\r\n".join(lines[:5]).encode() + b"\r" + "\n".join(lines[5:]).encode())
    assert len(read_document(path).blocks) == len([x for x in lines if x.strip()])


def test_undecodable_bytes_give_a_clear_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x81\x30\xff\xfe\x00\x01\x02\x03" * 50)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "bad.txt" in str(err.value)


GLUED = pytest.mark.xfail(strict=True, reason="a heading glued to its paragraph (二、存在问题和不足一年来，…成效…) "
                                              "is read as one heading that names two parts")


@pytest.mark.parametrize("source", report_texts(), ids=lambda p: p.stem[:12])
@pytest.mark.parametrize("joiner", [" ", ""])
def test_flattened_web_page_is_split_at_headings(tmp_path, source, joiner, request):
    if source == LINJIANG and not joiner:
        request.applymarker(GLUED)
    """A web page flattened to one line (paragraphs joined by a space, or by nothing)
    gives the same parts as the original lines."""
    lines = [x.strip() for x in source.read_text(encoding="utf-8").splitlines() if x.strip()]
    path = tmp_path / f"{source.stem}_oneline.txt"
    path.write_text(joiner.join(lines), encoding="utf-8")
    flat = check_file(path, CheckOptions(packs=["national"]))
    base = check_file(source, CheckOptions(packs=["national"]))
    assert len(read_document(path).blocks) > 3
    assert [(s["key"], s["headed"]) for s in flat.sections] == [(s["key"], s["headed"]) for s in base.sections]
    assert flat.meta["year"] == base.meta["year"]
    top = [h["text"] for h in flat.headings if h["depth"] == 1]
    base_top = [h["text"] for h in base.headings if h["depth"] == 1]
    if joiner:
        assert top == base_top
    else:  # with nothing between paragraphs only the labels and the start of the title survive
        assert [t[:6] for t in top] == [t[:6] for t in base_top]


def test_yi_shi_items_are_items_not_headings():
    doc_result = check_file(seed_path("002"), CheckOptions(packs=["national"]))
    report = doc_result.report
    assert report.outline.items, "一是/二是 items not recorded"
    heading_blocks = {h.block for h in report.outline.headings}
    assert all(report.block(h).text[:2] != "一是" for h in heading_blocks)


def test_markdown_headings(tmp_path):
    path = tmp_path / "报告.md"
    path.write_text("# XX市2024年法治政府建设年度报告\n\n2024年，我市……\n\n## 一、主要举措和成效\n\n**正文**。\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.blocks[0].text == "XX市2024年法治政府建设年度报告"
    assert doc.blocks[0].outline_level == 0
    assert doc.blocks[3].text == "正文。"


def test_web_noise_is_not_body_and_reported_once():
    result = check_file(seed_path("000"), CheckOptions(packs=["national"]))
    report = result.report
    noise_texts = [report.block(i).text for i in sorted(report.noise)]
    assert any(t.startswith("发布日期") for t in noise_texts)
    assert any(t.startswith("分享到") for t in noise_texts)
    assert not any(report.block(i).text.startswith("2019年,我区") for i in report.noise)
    assert [f.rule for f in result.findings].count("national.web-noise") == 1
