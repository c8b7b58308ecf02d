"""Reading the real Word/WPS corpus in ../shared/fixtures/docx."""

from __future__ import annotations

import pytest

from checker.read.document import read_document
from conftest import DOCX_FIXTURES, shared_params

REAL_FILES = sorted(p.name for p in DOCX_FIXTURES.glob("*.do[ct]x")) if DOCX_FIXTURES.is_dir() else []


@pytest.mark.parametrize("name", shared_params(REAL_FILES))
def test_every_real_file_reads(name):
    doc = read_document(DOCX_FIXTURES / name)
    assert doc.kind == "docx"
    assert doc.blocks, "no text read"
    assert all(b.text for b in doc.blocks)
    assert [b.index for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))


def _labels(name):
    return [b.label for b in read_document(DOCX_FIXTURES / name).blocks if b.label]


def test_numbering_linked_to_heading_styles_word_template(docx_dir):
    labels = _labels("project_initiation_styled_numbering_msword.docx")
    # heading 1-4 carry numPr only in styles.xml: 1 / 1.1 / 1.2.1 …
    assert labels[:4] == ["1", "1.1", "1.2", "1.2.1"]


def test_numbering_linked_to_styles_gongwen_dotx(docx_dir):
    doc = read_document(docx_dir / "gongwen_reference_styled_numbering_msword.dotx")
    labels = [b.label for b in doc.blocks if b.label]
    assert labels[:3] == ["一、", "二、", "三、"]
    assert "（一）" in labels and "1." in labels and "（1）" in labels
    first_l2 = labels.index("（一）")
    assert labels[first_l2 - 1] == "十一、"  # chineseCountingThousand past ten


def test_heading1_autonumbered_in_wps_template(docx_dir):
    doc = read_document(docx_dir / "gbt9704_template_wps.docx")
    headings = [b for b in doc.blocks if b.label]
    assert [b.label for b in headings] == ["一、", "二、"]
    assert all(b.text.startswith(b.label) for b in headings)


def test_numid_zero_switches_numbering_off(docx_dir):
    # 76 numPr of which only 2 are active; the rest have numId 0
    doc = read_document(docx_dir / "integrity_report_autonum_wps.docx")
    assert len([b for b in doc.blocks if b.label]) == 2
    # all numPr are numId 0 and there is no numbering.xml: headings are typed by hand
    doc = read_document(docx_dir / "procuratorate_monthly_report_wps.docx")
    assert not any(b.label for b in doc.blocks)


def test_tracked_changes_in_real_wps_file_read_as_accepted(docx_dir):
    text = read_document(docx_dir / "standard_manual_tracked_changes_wps.docx").text
    # text inside w:del / w:delText
    assert "机电设备的维护管理实行归口与分级管理相结合的原则，工程技术部" not in text
    assert "每日检查收费所车道抓拍情况" not in text
    # text inside w:ins
    assert "智管专家系统" in text
    assert "网络安全系统设备主要包括（但不限于）防火墙系统" in text


def test_tables_are_read_in_order(docx_dir):
    doc = read_document(docx_dir / "procuratorate_worklog_table_msword.docx")
    assert any(b.in_table for b in doc.blocks)
    assert all(b.source.startswith("t") for b in doc.blocks if b.in_table)


def test_headers_and_footers_kept_apart(docx_dir):
    doc = read_document(docx_dir / "gongwen_format_spec_wps.docx")
    assert any("这是页眉" in h for h in doc.headers)
    assert not any("这是页眉" in b.text for b in doc.blocks)


def test_table_of_contents_is_not_outline(docx_dir):
    from checker.packs.loader import load_pack
    from checker.analysis.report import analyze, model_for

    doc = read_document(docx_dir / "tech_summary_report_toc_wps.docx")
    report = analyze(doc, model_for(load_pack("national")))
    titles = [h.text for h in report.outline.headings]
    assert len(titles) == len(set(titles)), "TOC entries were taken as headings"
