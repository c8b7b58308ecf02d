"""The shortcuts the layout reading takes give what the plain way gives: the style sheet
reduced by searching its bytes keeps what a tree walk keeps, the theme read from its
colour and font schemes resolves like the whole part, the settings part is skipped only
when it cannot hold the flags, and a font rule judging sets of run properties reports
what judging every part does."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from layoutbuild import Footer, Look, build
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
