"""The shortcuts the layout reading takes give what the plain way gives: the style sheet
reduced by searching its bytes keeps what a tree walk keeps, the theme read from its
colour and font schemes resolves like the whole part, the settings part is skipped only
when it cannot hold the flags, and a font rule judging sets of run properties reports
what judging every part does."""

from __future__ import annotations

import io
from operator import attrgetter
import zipfile

import docx
import pytest
from conftest import DOCX_FIXTURES, HAVE_DOCX, NEED_SHARED
from layoutbuild import Footer, Look, Page, build
from lxml import etree

from checker.checks import layout_font
from checker.config import Config
from checker.layout.formatting import Theme, dominant, theme_schemes
from checker.layout.sections import settings_flags
from checker.layout.view import group_runs, layout_view
from checker.read.document import load, parse
from checker.packs.loader import apply_rule_settings, select_packs
from checker.read.package import _default_styles, reduce_styles
from checker.runner import CheckOptions, check_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _closure(sheet: bytes, wanted: set[str]) -> list[str]:
    """Style ids a reduced sheet must keep, worked out on the parsed tree: the wanted ones
    that exist, their basedOn chains and the default styles, in sheet order."""
    root = etree.fromstring(sheet)
    styles = {s.get(W + "styleId"): s for s in root.iter(W + "style")}
    todo = [sid for sid, s in styles.items() if s.get(W + "default") in ("1", "true", "on")] + list(wanted)
    keep: set[str] = set()
    while todo:
        sid = todo.pop()
        if sid in keep or sid not in styles:
            continue
        keep.add(sid)
        based = styles[sid].find(W + "basedOn")
        if based is not None:
            todo.append(based.get(W + "val"))
    return [sid for sid in styles if sid in keep]


@pytest.mark.parametrize("wanted", [set(), {"Heading1"}, {"Heading2", "ListNumber", "Title", "Caption"},
                                    {"TOC1", "IntenseQuote", "nonexistent"}])
def test_reduced_sheet_keeps_what_the_tree_walk_keeps(wanted):
    sheet = _default_styles()
    reduced = reduce_styles(sheet, wanted)
    assert reduced is not None
    kept = [s.get(W + "styleId") for s in etree.fromstring(reduced).iter(W + "style")]
    assert kept == _closure(sheet, wanted)
    assert len(kept) < 40  # the sheet has far more: something was left out


def _theme_part(path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(next(n for n in zf.namelist() if n.startswith("word/theme/")))


def test_theme_schemes_resolve_like_the_whole_part(tmp_path):
    whole = _theme_part(build(tmp_path / "t.docx", mode="styles", theme_east_asian="仿宋", theme_defaults=True))
    small = theme_schemes(whole)
    assert small is not None and len(small) < len(whole)
    full, cut = Theme(etree.fromstring(whole)), Theme(etree.fromstring(small))
    assert (cut.fonts, cut.colors) == (full.fonts, full.colors)
    assert full.fonts["minorEastAsia"] == "仿宋" and full.colors


def test_theme_in_another_shape_is_read_whole(tmp_path):
    whole = _theme_part(build(tmp_path / "t.docx"))
    assert theme_schemes(whole.replace(b"a:", b"x:").replace(b"xmlns:a=", b"xmlns:x=")) is not None
    # a default namespace, another encoding, a scheme that is not the first one: parsed whole
    assert theme_schemes(whole.replace(b"<a:", b"<").replace(b"</a:", b"</").replace(b"xmlns:a=", b"xmlns=")) is None
    assert theme_schemes(whole.replace(b"encoding='UTF-8'", b"encoding='GBK'")
                         .replace(b'encoding="UTF-8"', b'encoding="GBK"')) is None
    moved = whole.replace(b"<a:themeElements>", b"<a:themeElements><!-- clrScheme -->", 1)
    assert theme_schemes(moved) is None


def _with_settings(path, settings: bytes, out):
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, settings if item.filename == "word/settings.xml" else src.read(item.filename))
    return out


def test_settings_parsed_only_when_they_can_hold_the_flags(tmp_path):
    plain = build(tmp_path / "plain.docx", footer=Footer(position="center"))
    package = parse(load(plain)).parts
    assert not package.mentions("settings", "evenAndOddHeaders", "gutterAtTop")
    assert settings_flags(package) == (False, False)
    assert "word/settings.xml" not in package._xml  # answered without parsing the part
    even = build(tmp_path / "even.docx", footer=Footer(position="outside"))
    package = parse(load(even)).parts
    assert package.mentions("settings", "evenAndOddHeaders")
    assert settings_flags(package) == (True, False)
    assert settings_flags(docx.Document(str(even))) == (True, False)  # python-docx's Document too
    # a part in another encoding is always parsed
    with zipfile.ZipFile(plain) as zf:
        settings = zf.read("word/settings.xml")
    other = _with_settings(plain, settings.decode("utf-8").replace("UTF-8", "UTF-16").encode("utf-16"),
                           tmp_path / "utf16.docx")
    assert parse(load(other)).parts.mentions("settings", "evenAndOddHeaders")


def _runs(runs) -> list:
    return [(r.key, r.detail["actual"], r.numbers, r.roles, r.anchor) for r in runs]


def _judged_part_by_part(report, rule) -> list:
    """The runs of a layout-font rule worked out the plain way: every part of the rule's
    roles judged on its own dominant value."""
    view = layout_view(report)
    options = rule.options
    prop = options["property"]
    attr = layout_font.ATTRIBUTE[prop]
    items = []
    for part in view.parts:
        if part.role not in options["roles"]:
            continue
        value, _, total = dominant(part.spans, lambda p: getattr(p, attr), layout_font._WEIGHT[prop])
        if total < max(1, options.get("min_chars") or 1):
            continue
        kind, actual = layout_font.judge(prop, value, options)
        items.append((part.block, kind, {"actual": actual}, part.block, part.role))
    return _runs(group_runs(items))


def _mixed_runs(path, out):
    """``path`` with a bold Latin run and a run in another East-Asian font added to some
    paragraphs, and an empty paragraph: parts whose runs differ."""
    doc = docx.Document(str(path))
    for i, paragraph in enumerate(doc.paragraphs):
        if i % 3 == 1:
            run = paragraph.add_run("ABC 2024")
            run.bold = True
            run.font.name = "Arial"
        if i % 4 == 2:
            run = paragraph.add_run("补充说明文字较长的一段")
            run.font.size = docx.shared.Pt(12)
            run.element.get_or_add_rPr().get_or_add_rFonts().set(W + "eastAsia", "黑体")
    doc.add_paragraph("")
    doc.save(str(out))
    return out


@pytest.mark.parametrize("mode", ["direct", "styles"])
def test_font_rules_report_what_judging_every_part_reports(tmp_path, mode, monkeypatch):
    looks = {"title": Look(east_asian="宋体", size=22), "heading1": Look(east_asian="宋体", bold=True),
             "heading2": Look(east_asian="黑体", size=15), "body": Look(east_asian="仿宋", size=15)}
    path = _mixed_runs(build(tmp_path / "a.docx", looks=looks, mode=mode, tracked=True), tmp_path / "b.docx")
    report = check_file(path, CheckOptions()).report
    rules = [r for r in apply_rule_settings(select_packs(Config().packs, "docx", None)) if r.check == "layout-font"]
    captured = []
    monkeypatch.setattr(layout_font, "group_runs", lambda items: captured.append(group_runs(items)) or captured[-1])
    compared = 0
    for rule in rules:
        captured.clear()
        list(layout_font.check(report, rule))
        assert _runs(captured[0]) == _judged_part_by_part(report, rule), rule.full_id
        compared += len(captured[0])
    assert compared > 5, "hardly any font finding: nothing much was compared"


# -- formatting read once per distinct markup; section ranges found from either end ----------
class _Forgetful(dict):
    """A cache that keeps nothing: every lookup misses, so everything is read the plain way."""

    def __setitem__(self, key, value):
        pass


def _look(layout) -> tuple:
    return (layout.style_id, layout.alignment, layout.line, layout.line_rule, layout.first_line, layout.left,
            layout.right, layout.snap_to_grid, layout.borders, layout.shading, layout.space, layout.first_twips,
            [(s.text, s.props, s.field, s.ea, s.latin, s.visible) for s in layout.spans])


def _paragraphs_read_both_ways(package) -> int:
    """Every paragraph of the body, headers and footers read by one Formatting (repeated
    formatting found by its markup) and by one that reads every paragraph afresh: the same."""
    from checker.layout.formatting import Formatting

    shared, plain = Formatting(package), Formatting(package)
    plain._raw_format, plain._raw_props = _Forgetful(), _Forgetful()
    roots = [package.element.body, *package.related_of_type("header"), *package.related_of_type("footer")]
    count = 0
    for root in roots:
        for p in root.iter(W + "p"):
            assert _look(shared.paragraph(p)) == _look(plain.paragraph(p)), etree.tostring(p)[:300]
            count += 1
    assert shared._raw_props or shared._raw_format or count == 0
    return count


_TRICKY = f"""<w:document xmlns:w="{W[1:-1]}"><w:body>
<w:p><w:pPr><w:jc w:val="center"/><w:jc w:val="right"/></w:pPr>
  <w:r><w:rPr><w:rFonts w:ascii="黑体"/></w:rPr><w:t>甲</w:t></w:r>
  <w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr><w:t>乙</w:t></w:r>
  <w:r><w:rPr><w:sz w:val="32"/><w:sz w:val="44"/></w:rPr><w:t>丙</w:t></w:r>
  <w:r><w:rPr><w:sz w:val="44"/><w:sz w:val="32"/></w:rPr><w:t>丁</w:t></w:r>
  <w:r><w:t>戊</w:t><w:rPr><w:b/></w:rPr></w:r></w:p>
<w:p><w:pPr><w:jc w:val="right"/><w:jc w:val="center"/></w:pPr><w:r><w:t>己</w:t></w:r></w:p>
<w:p><w:pPr><w:pBdr><w:top w:val="single"/></w:pBdr></w:pPr><w:r><w:t>庚</w:t></w:r></w:p>
<w:p><w:pPr><w:pBdr><w:top w:val="nil"/></w:pBdr></w:pPr><w:r><w:t>辛</w:t></w:r></w:p>
<w:p><w:pPr><w:pBdr><w:bottom w:val="single"/></w:pBdr></w:pPr><w:r><w:t>壬</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>癸</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>子</w:t></w:r></w:p>
<w:p><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr><w:r><w:t>丑</w:t></w:r></w:p>
<w:p><w:pPr><w:ind w:firstLine="640" w:firstLineChars="200"/></w:pPr><w:r><w:t>寅</w:t></w:r></w:p>
<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:t>卯</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>""".encode()


def test_repeated_formatting_reads_like_every_paragraph_read_afresh(tmp_path):
    """Markup that differs only where a scan looks (attribute names with equal values, the
    first of two repeated children, the children of pBdr and numPr, attribute order) gives
    different formatting; markup that is the same gives the same."""
    looks = {"title": Look(east_asian="宋体", size=22), "heading1": Look(east_asian="宋体", bold=True),
             "body": Look(east_asian="仿宋", size=15)}
    for mode in ("direct", "styles"):
        path = _mixed_runs(build(tmp_path / f"{mode}.docx", looks=looks, mode=mode, tracked=True,
                                 second_section=Page(), theme_east_asian="楷体"), tmp_path / f"{mode}-mixed.docx")
        assert _paragraphs_read_both_ways(parse(load(path)).parts) > 10
    tricky = _with_part(build(tmp_path / "t.docx"), "word/document.xml", _TRICKY, tmp_path / "tricky.docx")
    package = parse(load(tricky)).parts
    assert _paragraphs_read_both_ways(package) == 12
    from checker.layout.formatting import Formatting

    fmt = Formatting(package)
    paragraphs = list(package.element.body.iter(W + "p"))
    spans = fmt.paragraph(paragraphs[0]).spans
    assert [s.props.latin for s in spans[:2]] == ["黑体", spans[1].props.latin] and spans[1].props.east_asian == "黑体"
    assert [s.props.size for s in spans[2:4]] == [16, 22]
    assert spans[4].props.bold
    assert [fmt.paragraph(p).alignment for p in paragraphs[:2]] == ["center", "right"]
    assert [fmt.paragraph(p).borders for p in paragraphs[2:5]] == [("top",), (), ("bottom",)]


def _with_part(path, name: str, data: bytes, out):
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == name else src.read(item.filename))
    return out


@pytest.mark.skipif(not HAVE_DOCX, reason=NEED_SHARED)
def test_real_files_formatting_reads_like_every_paragraph_read_afresh():
    for path in sorted(DOCX_FIXTURES.glob("*.do[ct]x")):
        _paragraphs_read_both_ways(parse(load(path)).parts)


def _ranges_by_walking(body, block_of) -> list:
    """(first block, last block) of each section, every paragraph of the body visited in order."""
    from checker.layout.sections import _section_paragraphs

    owners = _section_paragraphs(body)
    ranges, first, last = [], None, None
    for p in body.iter(W + "p"):
        index = block_of.get(p)
        if index is not None:
            first = index if first is None else first
            last = index
        if p in owners:
            ranges.append((first, last))
            first = last = None
    ranges.append((first, last))
    return ranges


def _one_section_shapes(tmp_path):
    """One-section bodies ending in a table, in empty paragraphs, in a text box, or with no
    paragraph that is a block at all."""
    doc = docx.Document()
    doc.add_paragraph("")
    doc.add_paragraph("第一段")
    doc.add_paragraph("第二段")
    table = doc.add_table(rows=2, cols=2)
    table.cell(1, 1).text = "表格末格"
    yield doc, "table"
    doc.add_paragraph("")
    doc.add_paragraph("")
    yield doc, "empty tail"
    box = doc.add_paragraph("有文本框的末段")
    box._p.append(etree.fromstring(
        f'<w:r xmlns:w="{W[1:-1]}"><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>'
        f'</w:txbxContent></w:pict></w:r>'))
    yield doc, "text box"
    empty = docx.Document()
    empty.add_paragraph("")
    yield empty, "no block"


def test_one_section_block_range_is_what_walking_every_paragraph_gives(tmp_path):
    from checker.layout.sections import _section_scan

    for i, (doc, name) in enumerate(_one_section_shapes(tmp_path)):
        path = tmp_path / f"{i}.docx"
        doc.save(str(path))
        document = parse(load(path))
        body = document.parts.element.body
        block_of = {b.element: b.index for b in document.blocks}
        elements, ranges = _section_scan(body, block_of)
        assert ranges == _ranges_by_walking(body, block_of), name
        assert elements == [body.find(W + "sectPr")]
        # and with every paragraph counted as a block (text-box paragraphs too)
        every = {p: n for n, p in enumerate(body.iter(W + "p"), start=1)}
        assert _section_scan(body, every)[1] == _ranges_by_walking(body, every), name


# -- plain runs read without the field machinery ------------------------------------------
_RUN_SHAPES = f"""<w:document xmlns:w="{W[1:-1]}"><w:body>
<w:p><w:r><w:t>甲</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>乙</w:t><w:t xml:space="preserve"> 丙</w:t></w:r>
  <w:r><w:rPr><w:b/></w:rPr></w:r><w:r><w:t/></w:r><w:r/></w:p>
<w:p><w:r><w:t>丁</w:t><w:rPr><w:i/></w:rPr></w:r><w:r><w:rPr><w:b/></w:rPr><w:rPr><w:i/></w:rPr><w:t>戊</w:t></w:r>
  <w:r><w:rPr><w:b/></w:rPr><w:t>己</w:t><w:tab/><w:t>庚</w:t><w:br/></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
  <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>1</w:t></w:r>
  <w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>辛</w:t></w:r>
  <w:fldSimple w:instr="PAGE"><w:r><w:t>2</w:t></w:r></w:fldSimple>
  <w:ins><w:r><w:rPr><w:u/></w:rPr><w:t>壬</w:t></w:r></w:ins><w:del><w:r><w:delText>癸</w:delText></w:r></w:del></w:p>
<w:sectPr/></w:body></w:document>""".encode()


def _runs_both_ways(roots, monkeypatch) -> int:
    """Every paragraph's visible runs read with the plain-run shortcut and with every run
    going through the field machinery: the same entries (run, text, field, run properties)."""
    from checker.layout import formatting

    paragraphs = [p for root in roots for p in root.iter(W + "p")]
    fast = [formatting._visible_runs(p) for p in paragraphs]
    with monkeypatch.context() as m:
        m.setattr(formatting, "_plain_run", lambda r, out, simple_field: False)
        slow = [formatting._visible_runs(p) for p in paragraphs]
    assert fast == slow
    return sum(len(entries) for entries in fast)


def test_plain_runs_read_like_the_field_machinery_reads_them(tmp_path, monkeypatch):
    shapes = _with_part(build(tmp_path / "s.docx"), "word/document.xml", _RUN_SHAPES, tmp_path / "shapes.docx")
    package = parse(load(shapes)).parts
    assert _runs_both_ways([package.element.body], monkeypatch) == 10
    from checker.layout.formatting import visible_runs

    first, second, third = package.element.body.iter(W + "p")
    assert [(t, f) for _, t, f in visible_runs(first)] == [("甲", None), ("乙 丙", None), ("", None)]
    assert [t for _, t, _ in visible_runs(second)] == ["丁", "戊", "己\t庚\n"]
    assert [(t, f) for _, t, f in visible_runs(third)] == [("1", "PAGE"), ("辛", None), ("2", "PAGE"), ("壬", None)]
    path = _mixed_runs(build(tmp_path / "b.docx", mode="styles", tracked=True, footer=Footer(position="outside")),
                       tmp_path / "mixed.docx")
    package = parse(load(path)).parts
    assert _runs_both_ways([package.element.body, *package.related_of_type("footer")], monkeypatch) > 10


@pytest.mark.skipif(not HAVE_DOCX, reason=NEED_SHARED)
def test_real_files_plain_runs_read_like_the_field_machinery_reads_them(monkeypatch):
    for path in sorted(DOCX_FIXTURES.glob("*.do[ct]x")):
        package = parse(load(path)).parts
        _runs_both_ways([package.element.body, *package.related_of_type("header"),
                         *package.related_of_type("footer")], monkeypatch)


# -- dominant values from tallies; paragraphs of several roles -------------------------------
def _plain_dominant(spans, key, weight):
    """The value carried by most characters, counted span by span (ties: the value met first)."""
    counts: dict = {}
    for span in spans:
        n = getattr(span, weight)
        if n:
            counts[key(span.props)] = counts.get(key(span.props), 0) + n
    if not counts:
        return None, 0, 0
    best = max(counts.values())
    value = next(v for v, n in counts.items() if n == best)
    return value, best, sum(counts.values())


def test_dominant_and_tallies_count_like_span_by_span():
    import random

    from checker.layout.formatting import RunProps, Span, dominant, dominant_in_tally, tally

    looks = [RunProps("仿宋", "Times New Roman", 16, False), RunProps("黑体", "Arial", 16, True),
             RunProps("仿宋", "Arial", 15, False), RunProps("仿宋", "Times New Roman", 16, False)]  # last: equal, not same
    texts = ["正文", "ABC", " ", "", "“引号”", "2024年", "\u3000", "x"]
    rng = random.Random(7)
    for _ in range(400):
        spans = [Span(rng.choice(texts), None, rng.choice(looks)) for _ in range(rng.randint(0, 7))]
        if rng.random() < 0.3 and spans:
            spans = [Span(s.text, None, spans[0].props) for s in spans]  # one set of properties throughout
        for weight in ("ea", "latin", "visible"):
            for key in (attrgetter("east_asian"), attrgetter("latin"), attrgetter("size"), attrgetter("bold")):
                want = _plain_dominant(spans, key, weight)
                assert dominant(spans, key, weight) == want
                assert dominant_in_tally(tally(spans, weight), key) == want


def test_paragraphs_of_several_roles_are_in_document_order(tmp_path):
    looks = {"title": Look(east_asian="宋体", size=22), "heading1": Look(east_asian="宋体", bold=True),
             "body": Look(east_asian="仿宋", size=15)}
    report = check_file(build(tmp_path / "a.docx", looks=looks), CheckOptions()).report
    view = layout_view(report)
    everything = view.paragraphs_for(["title", "heading1", "heading2", "body", "signature"])
    assert len({p.role for p in everything}) >= 3
    for roles in (["body"], ["title", "heading1"], ["heading1", "body", "title"], ["heading4"],
                  ["title", "heading1", "heading2", "heading3", "heading4", "body", "signature", "addressee"]):
        assert view.paragraphs_for(roles) == [p for p in view._paragraph_roles if p.role in roles], roles
    assert view.block_of == {b.element: b.index for b in report.document.blocks if b.element is not None}
    assert [p.block for p in view._paragraph_roles] == sorted(view.roles)
