"""Judged by the page: outputs rendered through LibreOffice (headless) and measured with pdfplumber.

Formatted drafts (Word-default template, examples/, a seed report laid out the Word-default
way, report- and notice-like real files) and ``fazhi new`` output must show an A4 page, text
inside the type area, the title at 22 pt centred, body text at 16 pt with a 32 pt first-line
indent and 28–29 pt between lines, black text, and "— N —" page numbers right on odd pages
and left on even ones. And ``fazhi check --pack gbt9704`` must say what the page shows: for
each input, before and after formatting, each property is a defect on the page exactly when
the check reports it.

All documents are rendered in one LibreOffice run per session (module fixture). Skipped with a
reason without LibreOffice or pdfplumber.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import DOCX_FIXTURES, SEEDS
from pagerender import A4, MM, is_black, missing, pages
from worddefault import build_word_default, lines_from_report

from checker.analysis.report import analyze, model_for
from checker.layout.view import LayoutView
from checker.packs.loader import analysis_model, load_pack
from checker.read.document import read_document
from checker.runner import CheckOptions, check_file

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")

ROOT = Path(__file__).resolve().parent.parent
GBT = CheckOptions(packs=["gbt9704"])
CHECKS = GBT
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM
# report- and notice-like real files (INDEX.md): a monthly report, a feasibility report, a raw notice
REAL = ["procuratorate_monthly_report_wps.docx", "feasibility_report_msword.docx", "notice_raw_draft_wps.docx"]
PAGE_NUMBER = re.compile(r"^—\s?(\d+)\s?—$")


def _key(text: str) -> str:
    return "".join(text.split())


class Rendered:
    """One document before measuring: its path, its pages, and its paragraphs matched to the
    lines on the page in reading order, with the role the checker gives each (so body lines
    can be told from headings, tables and residue)."""

    def __init__(self, path: Path, pdf: Path):
        self.path = path
        self.pages = pages(pdf)
        report = analyze(read_document(path), model_for(analysis_model([load_pack("national")])))
        view = LayoutView(report)
        self.lines = [line for page in self.pages for line in page.lines]
        self.paragraphs = []  # (block, role, raw text, [lines])
        self.layout = {}  # block -> (alignment, first-line indent in points, text as the runs hold it)
        cursor = 0
        for block, role in sorted(view.roles.items()):
            raw = report.block(block).text
            layout = view.paragraph(block)
            size = layout.font_size or 16
            indent = layout.indent_chars("first", size) * size + layout.indent_chars("left", size) * size
            self.layout[block] = (layout.alignment, indent, "".join(sp.text for sp in layout.spans))
            text = _key(raw)
            if len(text) < 2:
                continue
            for i in range(cursor, min(cursor + 80, len(self.lines))):
                key = _key(self.lines[i].text)
                if key and (key.startswith(text[:8]) or text.startswith(key[:8])) and len(key) >= min(2, len(text)):
                    run = [self.lines[i]]
                    consumed = len(key)
                    for nxt in self.lines[i + 1:]:
                        nkey = _key(nxt.text)
                        if consumed >= len(text) or not nkey or not text[consumed:].startswith(nkey[:3]):
                            break
                        run.append(nxt)
                        consumed += len(nkey)
                    self.paragraphs.append((block, role, raw, run))
                    cursor = i + len(run)
                    break

    def paragraph_lines(self, role: str, minimum: int = 2):
        return [run for _, r, raw, run in self.paragraphs if r == role and len(_key(raw)) >= minimum]

    def footer_lines(self, page):
        return [line for line in page.lines if line.top > BOTTOM - 2]


def _soffice_batch(paths: list[Path], outdir: Path) -> dict:
    """Every document converted in one LibreOffice run (its start-up is most of the cost)."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lo-") as profile:
        done = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}/p", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir)] + [str(p) for p in paths],
            capture_output=True, text=True, timeout=600, env=dict(os.environ, HOME=profile))
    pdfs = {}
    for path in paths:
        pdf = outdir / f"{path.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}: {done.stderr[-400:]}"
        pdfs[path.stem] = pdf
    return pdfs


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """name -> (input Rendered, formatted Rendered or None for outputs of new)."""
    from checker.layout.repair import format_document
    from checker.scaffold.generate import new_report

    work = tmp_path_factory.mktemp("pages")
    inputs = {"word-default": build_word_default(work / "word-default.docx")}
    example = ROOT / "examples" / "示例草稿.docx"
    if example.is_file():
        inputs["example"] = example
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if seeds:
        report = analyze(read_document(seeds[0]), model_for(analysis_model([load_pack("national")])))
        inputs["seed"] = build_word_default(work / "seed.docx", lines_from_report(report, limit=40))
    for name in REAL:
        if (DOCX_FIXTURES / name).is_file():
            inputs[name] = DOCX_FIXTURES / name
    batch, pairs = [], {}
    for i, (name, src) in enumerate(inputs.items()):
        raw = work / f"in{i}.docx"
        raw.write_bytes(src.read_bytes())
        out = work / f"out{i}.docx"
        format_document(raw, out)
        batch += [raw, out]
        pairs[name] = (raw, out)
    new = work / "new.docx"
    new_report(org="示例县人民政府", year=2025, output=new)
    batch.append(new)
    pairs["new"] = (None, new)
    pdfs = _soffice_batch(batch, work / "pdf")
    return {name: (Rendered(raw, pdfs[raw.stem]) if raw else None, Rendered(out, pdfs[out.stem]))
            for name, (raw, out) in pairs.items()}


def _names():
    names = ["word-default", "example", "new"]
    if SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        names.append("seed")
    names += [n for n in REAL if (DOCX_FIXTURES / n).is_file()]
    return names


# -- the page of every output -----------------------------------------------------------------
def measure(doc: Rendered) -> dict:
    """What the page shows, property by property: a list of problems for each."""
    problems = {k: [] for k in ("size", "indent", "typed_indent", "pitch", "colour", "margins", "page_numbers",
                                "title_rule")}
    for page in doc.pages:
        if abs(page.width - A4[0]) > 3 or abs(page.height - A4[1]) > 3:
            problems["margins"].append(f"page {page.number} is {page.width:.0f}×{page.height:.0f} pt, not A4")
    previous = None
    for block, role, raw, run in doc.paragraphs:
        first = run[0]
        alignment, indent, runs_text = doc.layout[block]
        typed = runs_text[:1].isspace()  # an indent typed as spaces: text, not layout
        if typed and alignment in ("left", "justify") and first.x0 - (LEFT + indent) > 4:
            problems["typed_indent"].append(f"p{first.page} '{first.text[:8]}' pushed {first.x0 - LEFT - indent:.1f} pt")
        if typed and alignment == "center" and abs(first.centre - (LEFT + RIGHT) / 2) > 2:
            problems["typed_indent"].append(f"p{first.page} '{first.text[:8]}' off centre")
        if role == "body" and alignment in ("left", "justify"):
            if not typed and abs(first.x0 - LEFT - 32) > 4:
                problems["indent"].append(f"p{first.page} '{first.text[:8]}' starts {first.x0 - LEFT:.1f} pt in")
            for line in run[1:]:
                if abs(line.x0 - LEFT) > 4:
                    problems["margins"].append(f"p{line.page} '{line.text[:8]}' wraps at x={line.x0:.1f}")
        if role == "body":
            for line in run:
                if abs(line.size - 16) > 0.5:
                    problems["size"].append(f"p{line.page} '{line.text[:8]}' {line.size} pt")
            for a, b in zip(run, run[1:]):
                if a.page == b.page and not 27.5 <= b.top - a.top <= 29.2:
                    problems["pitch"].append(f"p{a.page} '{b.text[:8]}' {b.top - a.top:.1f} pt below the line before")
            if previous is not None and previous[1] == "body" and previous[2][-1].page == first.page:
                gap = first.top - previous[2][-1].top  # whole lines apart (blank lines between allowed)
                lines = round(gap / 28.5)
                if lines < 1 or abs(gap - lines * 28.5) > 1.5 * lines:
                    problems["pitch"].append(f"p{first.page} '{first.text[:8]}' {gap:.1f} pt below the paragraph before")
        previous = (block, role, run)
        for line in run:
            if not all(is_black(c) for c in line.colors):
                problems["colour"].append(f"p{line.page} '{line.text[:8]}' {sorted(line.colors)}")
            hang = 17 if line.text[-1:] in "，。、；：？！）》”’" else 3  # closing punctuation may hang
            if line.x0 < LEFT - 3 or line.x1 > RIGHT + hang:
                problems["margins"].append(f"p{line.page} '{line.text[:8]}' x {line.x0:.0f}–{line.x1:.0f}")
    for block, role, _, run in doc.paragraphs:
        if role == "title":  # a rule drawn under (or over) the title, as Word's Title style does
            page = doc.pages[run[0].page - 1]
            for top, x0, x1 in page.rules:
                if run[0].top - 20 <= top <= run[-1].bottom + 20:
                    problems["title_rule"].append(f"p{page.number} stroke at {top:.1f} under '{run[0].text[:6]}'")
    if doc.paragraphs:
        top = min(run[0].top for _, _, _, run in doc.paragraphs if run[0].page == 1) if any(
            run[0].page == 1 for _, _, _, run in doc.paragraphs) else None
        if top is not None and not TOP - 3 <= top <= TOP + 24:
            problems["margins"].append(f"the text on page 1 begins {top / MM:.1f} mm from the top")
    for page in doc.pages:
        numbers = [line for line in doc.footer_lines(page) if PAGE_NUMBER.match(_key(line.text))]
        if not numbers:
            problems["page_numbers"].append(f"page {page.number} has no — N —")
            continue
        line = numbers[0]
        if int(PAGE_NUMBER.match(_key(line.text)).group(1)) != page.number:
            problems["page_numbers"].append(f"page {page.number} numbered {line.text}")
        if page.number % 2 and abs(line.x1 - (RIGHT - 14)) > 5:
            problems["page_numbers"].append(f"odd page {page.number}: number ends at {line.x1:.1f}")
        if not page.number % 2 and abs(line.x0 - (LEFT + 14)) > 5:
            problems["page_numbers"].append(f"even page {page.number}: number starts at {line.x0:.1f}")
    return problems


@pytest.mark.parametrize("name", _names())
def test_formatted_page_follows_gbt9704(rendered, name):
    if name not in rendered:
        pytest.skip(f"{name} not available here")
    doc = rendered[name][1]
    assert doc.paragraph_lines("body"), "no body paragraph found on the page"
    fired = {f.rule for f in check_file(doc.path, GBT).findings}
    problems = {k: v[:4] for k, v in measure(doc).items() if v and not (k == "typed_indent" and fired & CHECK_RULES[k])}
    assert problems == {}
    titles = [(block, run) for block, role, _, run in doc.paragraphs if role == "title"]
    assert titles, "the title is not on the page"
    block, run = titles[0]
    typed = doc.layout[block][2][:1].isspace() and "gbt9704.space-indent" in fired  # reported, text stays
    for line in run:
        assert abs(line.size - 22) <= 0.5, line
        assert typed or abs(line.centre - (LEFT + RIGHT) / 2) <= 4, line
    assert all(line.bottom <= BOTTOM + 2 and line.top >= TOP - 2 for run in doc.paragraph_lines("body") for line in run)


# -- the check says what the page shows -------------------------------------------------------
CHECK_RULES = {
    "size": {"gbt9704.body-size"},
    "indent": {"gbt9704.body-indent"},
    "typed_indent": {"gbt9704.space-indent"},
    "pitch": {"gbt9704.line-spacing", "gbt9704.page-grid", "gbt9704.paragraph-spacing"},
    "colour": {"gbt9704.text-color"},
    "title_rule": {"gbt9704.title-rule", "gbt9704.title-underline"},
    "margins": {"gbt9704.page-margins", "gbt9704.page-size"},
    "page_numbers": {"gbt9704.page-number", "gbt9704.page-number-form", "gbt9704.page-number-position"},
}


@pytest.mark.parametrize("stage", ["input", "formatted"])
@pytest.mark.parametrize("name", _names())
def test_check_agrees_with_the_page(rendered, name, stage):
    if name not in rendered:
        pytest.skip(f"{name} not available here")
    doc = rendered[name][0 if stage == "input" else 1]
    if doc is None:
        pytest.skip("fazhi new has no input")
    fired = {f.rule for f in check_file(doc.path, CHECKS).findings}
    page = measure(doc)
    disagree = {}
    for prop, rules in CHECK_RULES.items():
        says, shows = bool(fired & rules), bool(page[prop])
        if says != shows:
            disagree[prop] = {"check": sorted(fired & rules), "page": page[prop][:3]}
    assert disagree == {}
