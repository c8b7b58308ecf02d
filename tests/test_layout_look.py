"""The whole GB/T 9704 look on drafts from Word's default template, and schema order of every
output of ``format``, ``new`` and ``--annotate``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import DOCX_FIXTURES, SEEDS
from layoutbuild import Look, build
from lxml import etree
from worddefault import build_word_default, lines_from_report

from checker.findings import Severity
from checker.layout.formatting import Formatting
from checker.layout.repair import format_document
from checker.layout.schema import normalize, order_problems, package_order_problems
from checker.read.docx import open_docx, paragraph_text
from checker.runner import CheckOptions, check_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GBT = CheckOptions(packs=["gbt9704"])
TEXT_BOUND = {"gbt9704.signature-date-form", "gbt9704.signature-issuer", "gbt9704.signature-date"}


def _rules(path: Path, severity=None) -> dict:
    result = check_file(path, GBT)
    assert result.status == "checked", result.error
    found: dict = {}
    for f in result.findings:
        if severity is None or f.severity == severity:
            found.setdefault(f.rule, []).append(f)
    return found


def _repair(src: Path, tmp_path: Path) -> Path:
    out = tmp_path / f"{src.stem}-规范.docx"
    format_document(src, out, force=True)
    return out


def _effective(path: Path):
    """(text, RunProps, ParagraphLayout) of every body paragraph's visible runs."""
    document = open_docx(path, path.read_bytes())
    fmt = Formatting(document)
    for p in document.element.body.iter(W + "p"):
        layout = fmt.paragraph(p)
        for span in layout.spans:
            if span.text.strip():
                yield span.text, span.props, layout


# -- Word-default drafts ----------------------------------------------------------------------
def test_word_default_draft_is_seen_as_it_looks(tmp_path):
    src = build_word_default(tmp_path / "草稿.docx")
    found = _rules(src)
    colour = found["gbt9704.text-color"]
    assert any("蓝色" in f.message and "标题" in f.message for f in colour), [f.message for f in colour]
    assert "下边框线" in found["gbt9704.title-rule"][0].message
    spacing = " ".join(f.message for f in found["gbt9704.paragraph-spacing"])
    assert "段前24磅" in spacing and "段后10磅" in spacing
    assert "11磅" in found["gbt9704.body-size"][0].message
    assert "gbt9704.body-indent" in found and "gbt9704.line-spacing" in found
    assert "加粗" in found["gbt9704.title-weight"][0].message
    assert "倾斜" in found["gbt9704.text-italic"][0].message  # Heading 4 is italic


def test_word_default_draft_is_repaired_to_the_standard(tmp_path):
    src = build_word_default(tmp_path / "草稿.docx")
    out = _repair(src, tmp_path)
    assert [paragraph_text(p) for p in open_docx(out, out.read_bytes()).element.body.iter(W + "p")] == \
        [paragraph_text(p) for p in open_docx(src, src.read_bytes()).element.body.iter(W + "p")]
    remaining = {rule: [f.message for f in fs] for rule, fs in _rules(out).items() if rule not in TEXT_BOUND}
    assert remaining == {}
    for text, props, layout in _effective(out):
        assert props.color in ("auto", "000000"), (text, props.color)
        assert not props.underline and not props.italic, text
        assert not layout.borders and not layout.shading, text
    assert package_order_problems(out.read_bytes()) == []


def test_title_rule_and_colour_from_direct_formatting(tmp_path):
    """Not only styles: a red run, an underlined title and a shaded heading set by hand."""
    src = build(tmp_path / "r.docx", paragraph_looks={}, looks={"title": Look(east_asian="方正小标宋简体", size=22,
                                                                               align="center", line=None,
                                                                               first_line=("chars", 0))})
    document = docx.Document(str(src))
    title, heading = document.paragraphs[0], document.paragraphs[2]
    title.runs[0].font.underline = True
    heading.runs[0].font.color.rgb = docx.shared.RGBColor(0xC0, 0, 0)
    ppr = heading._p.get_or_add_pPr()
    shd = etree.SubElement(ppr, W + "shd")
    shd.set(W + "val", "clear")
    shd.set(W + "fill", "FFFF00")
    normalize(ppr)
    document.save(str(src))
    found = _rules(src)
    assert "有下划线" in found["gbt9704.title-underline"][0].message
    assert "红色" in found["gbt9704.text-color"][0].message and found["gbt9704.text-color"][0].location.block == 3
    assert "底纹" in found["gbt9704.title-rule"][0].message
    out = _repair(src, tmp_path)
    left = _rules(out)
    assert not {"gbt9704.title-underline", "gbt9704.text-color", "gbt9704.title-rule"} & set(left)


def _seeds():
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.parametrize("index", range(3))
def test_seed_reports_from_word_default_template(tmp_path, index):
    seeds = _seeds()
    if len(seeds) <= index:
        pytest.skip(f"no seed report number {index + 1} under {SEEDS}")
    from checker.analysis.report import analyze, model_for
    from checker.packs.loader import analysis_model, load_pack
    from checker.read.document import read_document

    report = analyze(read_document(seeds[index]), model_for(analysis_model([load_pack("national")])))
    src = build_word_default(tmp_path / "seed.docx", lines_from_report(report))
    assert _rules(src, Severity.ERROR)
    out = _repair(src, tmp_path)
    errors = {rule: [f.message for f in fs] for rule, fs in _rules(out, Severity.ERROR).items()
              if rule not in TEXT_BOUND}
    assert errors == {}
    assert package_order_problems(out.read_bytes()) == []


# -- schema order -----------------------------------------------------------------------------
def test_order_check_sees_misplaced_properties():
    p = etree.fromstring(
        f'<w:p xmlns:w="{W[1:-1]}"><w:r><w:t>字</w:t><w:rPr><w:sz w:val="32"/><w:rFonts w:eastAsia="黑体"/></w:rPr></w:r>'
        f'<w:pPr><w:jc w:val="center"/><w:spacing w:line="560"/><w:rPr><w:b/><w:ins w:id="1" w:author="a"/></w:rPr>'
        f'</w:pPr></w:p>')
    problems = order_problems(p, "x")
    assert any("pPr is not first" in m for m in problems)
    assert any("rPr is not first" in m for m in problems)
    assert any("rFonts after sz" in m for m in problems)
    assert any("spacing after jc" in m for m in problems)
    assert any("ins after b" in m for m in problems)
    normalize(p)
    assert order_problems(p, "x") == []
    assert [c.tag.split("}")[1] for c in p] == ["pPr", "r"]
    assert [c.tag.split("}")[1] for c in p[0]] == ["spacing", "jc", "rPr"]
    assert [c.tag.split("}")[1] for c in p[0][2]] == ["ins", "b"]


def test_foreign_elements_travel_with_their_neighbour():
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W[1:-1]}" xmlns:w14="{w14}"><w:sz w:val="32"/>'
                           f'<w14:ligatures w14:val="all"/><w:b/></w:rPr>')
    normalize(rpr)
    assert [c.tag.split("}")[1] for c in rpr] == ["b", "sz", "ligatures"]


def _all_inputs(tmp_path: Path) -> list[Path]:
    inputs = [build_word_default(tmp_path / "worddefault.docx"),
              build(tmp_path / "direct.docx", looks={"body": Look(east_asian="宋体", size=12, line=None,
                                                                   first_line=None)}, footer=None,
                    tracked=True, comment=True, runin_single_run=True),
              build(tmp_path / "styles.docx", mode="styles", body_defaults=Look(east_asian="宋体", size=12, line=None,
                                                                                first_line=None))]
    example = Path(__file__).resolve().parent.parent / "examples" / "示例草稿.docx"
    if example.is_file():
        inputs.append(example)
    if DOCX_FIXTURES.is_dir():
        inputs += sorted(p for p in DOCX_FIXTURES.glob("*") if p.suffix.lower() in (".docx", ".dotx"))
    return inputs


def test_every_format_output_is_in_schema_order(tmp_path):
    bad = {}
    for src in _all_inputs(tmp_path):
        out = tmp_path / f"out-{src.name}"
        format_document(src, out.with_suffix(".docx"), force=True)
        problems = package_order_problems(out.with_suffix(".docx").read_bytes())
        if problems:
            bad[src.name] = problems[:5]
    assert bad == {}


def test_new_output_is_in_schema_order(tmp_path):
    from checker.scaffold.generate import new_report

    out = tmp_path / "新.docx"
    new_report(org="示例县人民政府", year=2025, output=out)
    assert package_order_problems(out.read_bytes()) == []
    found = {rule: [f.message for f in fs] for rule, fs in _rules(out, Severity.ERROR).items()}
    assert found == {}


def test_annotated_copies_are_in_schema_order(tmp_path):
    from click.testing import CliRunner

    from checker.cli import main

    src = build_word_default(tmp_path / "草稿.docx")
    styled = build(tmp_path / "排版.docx", tracked=True, comment=True, looks={"body": Look(east_asian="宋体")})
    outdir = tmp_path / "批注"
    result = CliRunner().invoke(main, ["check", str(src), str(styled), "--annotate", str(outdir)])
    assert result.exit_code in (0, 1), result.output
    copies = sorted(outdir.glob("*.docx"))
    assert len(copies) == 2
    for copy in copies:
        assert package_order_problems(copy.read_bytes()) == [], copy.name
        with zipfile.ZipFile(io.BytesIO(copy.read_bytes())) as zf:
            assert "word/comments.xml" in zf.namelist()


# -- one defect, one finding ------------------------------------------------------------------
def test_one_finding_per_defect_value_with_every_paragraph_in_json(tmp_path):
    from dataclasses import replace as dc_replace

    from layoutbuild import BODY

    from checker.output.json_format import file_dict

    scattered = (5, 8, 10, 13, 15, 16)
    src = build(tmp_path / "r.docx", paragraph_looks={i: dc_replace(BODY, size=12) for i in scattered}
                | {6: dc_replace(BODY, size=14)})
    result = check_file(src, GBT)
    sizes = [f for f in result.findings if f.rule == "gbt9704.body-size"]
    assert len(sizes) == 2, [f.message for f in sizes]
    twelve = next(f for f in sizes if "12磅" in f.message)
    assert twelve.message.startswith("第5、8、10、13…段，共6段：正文字号为12磅（小四）"), twelve.message
    assert twelve.location.block == 5
    as_json = next(f for f in file_dict(result)["findings"] if f["rule"] == "gbt9704.body-size"
                   and "12磅" in f["message"])
    assert as_json["location"]["blocks"] == list(scattered) and as_json["location"]["block"] == 5
    fourteen = next(f for f in sizes if "14磅" in f.message)
    assert fourteen.message.startswith("第6段正文字号为14磅") and "blocks" not in fourteen.location.to_dict()


# -- addressee or lead ------------------------------------------------------------------------
@pytest.mark.parametrize("second, role", [
    ("各区人民政府，市政府各部门、各直属机构：", "addressee"),
    ("市政府：", "addressee"),
    ("2024年，我区坚持依法行政，全面推进法治政府建设。现将有关情况报告如下：", "body"),
    ("我局高度重视法治建设工作，全面推进依法行政，现将有关情况报告如下：", "body"),
])
def test_lead_paragraph_is_body_text_and_addressee_a_list_of_organs(tmp_path, second, role):
    from checker.analysis.report import analyze, model_for
    from checker.layout.view import LayoutView
    from checker.packs.loader import analysis_model, load_pack
    from checker.read.document import read_document
    from worddefault import OWN_LINES

    lines = [OWN_LINES[0], ("body", second)] + OWN_LINES[1:]
    src = build_word_default(tmp_path / "r.docx", lines)
    report = analyze(read_document(src), model_for(analysis_model([load_pack("national")])))
    assert LayoutView(report).roles[2] == role
    out = _repair(src, tmp_path)
    document = open_docx(out, out.read_bytes())
    p = [p for p in document.element.body.iter(W + "p") if paragraph_text(p) == second][0]
    first = Formatting(document).paragraph(p).indent_chars("first", 16)
    assert first == (0 if role == "addressee" else 2)
