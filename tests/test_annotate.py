"""``--annotate``: Word comments on the findings' paragraphs, original untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from shapecheck import check_folder, submission
from docx.oxml.ns import qn

from checker.findings import Finding, Location, Severity
from checker.output.annotate import annotate_document, output_names, prepare
from checker.read.docx import read_docx
from checker.runner import OUTPUT_MARKER, CheckOptions, collect_inputs, iter_check

ROOT = Path(__file__).resolve().parent.parent
FAZHI = [sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return submission(tmp_path_factory.mktemp("annotate") / "提交", ["plain", "autonum", "tracked"],
                      ("损坏.docx", b"PK\x03\x04broken"))


@pytest.fixture(scope="module")
def results(folder):
    return check_folder(folder)


def annotate_run(files, out: Path, force: bool = False) -> list:
    """Check ``files`` writing annotated copies to ``out``; the results."""
    return list(iter_check(files, CheckOptions(), 1, prepare(files, out, force)))


@pytest.fixture(scope="module")
def annotated(folder, results, tmp_path_factory):
    before = {p: digest(p) for p in folder.iterdir()}
    out = tmp_path_factory.mktemp("out") / "批注"
    files, _ = collect_inputs([str(folder)])
    again = annotate_run(files, out)
    assert [r.findings for r in again] == [r.findings for r in results]
    after = {p: digest(p) for p in folder.iterdir()}
    assert before == after  # inputs untouched byte for byte
    return out


def comment_anchor_blocks(path: Path) -> dict[str, int]:
    """comment id -> index of the block whose paragraph holds its range start."""
    document = read_docx(path, path.read_bytes())
    anchors = {}
    for block in document.blocks:
        for el in block.element.iter(qn("w:commentRangeStart")):
            anchors[el.get(qn("w:id"))] = block.index
    return anchors


def test_one_copy_per_checked_docx(annotated, results):
    docx_results = [r for r in results if r.status == "checked" and r.kind == "docx"]
    assert sorted(p.name for p in annotated.iterdir() if p.name != OUTPUT_MARKER) == \
        sorted(Path(r.path).name for r in docx_results)


def test_comments_carry_rule_message_suggestion_on_the_right_paragraph(annotated, results):
    checked = [r for r in results if r.status == "checked" and r.kind == "docx"]
    assert any(r.findings for r in checked)
    for result in checked:
        out = annotated / Path(result.path).name
        with zipfile.ZipFile(out) as zf:
            assert "word/comments.xml" in zf.namelist()
        comments = list(docx.Document(str(out)).comments)
        assert len(comments) == len(result.findings)
        anchors = comment_anchor_blocks(out)
        for comment, finding in zip(comments, result.findings):
            assert comment.author == "fazhi" and comment.initials == "FZ"
            assert finding.rule in comment.text and finding.message in comment.text
            if finding.suggestion:
                assert finding.suggestion in comment.text
            if finding.location.block:
                assert anchors[str(comment.comment_id)] == finding.location.block


def test_copy_has_the_same_text(annotated, results):
    for result in (r for r in results if r.status == "checked" and r.kind == "docx"):
        source = Path(result.path)
        out = annotated / source.name
        original = [b.text for b in read_docx(source, source.read_bytes()).blocks]
        copy = [b.text for b in read_docx(out, out.read_bytes()).blocks]
        assert copy == original


def test_whole_report_finding_goes_on_title(folder):
    source = folder / "qingshi_gov_2023_plain.docx"
    document = read_docx(source, source.read_bytes(), editable=True)
    finding = Finding("national.section-missing", Severity.ERROR, "缺少某部分", Location())
    title = "青石区2023年法治政府建设情况报告"
    assert annotate_document(document, [finding], title) == 1
    anchored = [b for b in document.blocks if b.element.find(qn("w:commentRangeStart")) is not None]
    assert [b.text for b in anchored] == [title]


def _wrapped_runs_docx(path: Path) -> Path:
    """Paragraphs whose whole text sits in a hyperlink, a run-level content control or a
    tracked insertion: none has a run of its own."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("某区2023年法治政府建设年度报告")
    p = document.add_paragraph()._p
    p.append(parse_xml(f'<w:hyperlink {nsdecls("w")} w:anchor="x"><w:r><w:t>一、主要举措和成效</w:t></w:r></w:hyperlink>'))
    p = document.add_paragraph()._p
    p.append(parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>全年推进依法行政工作。</w:t></w:r>'
                       f'</w:sdtContent></w:sdt>'))
    p = document.add_paragraph()._p
    p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="7" w:author="审阅人" w:date="2025-03-01T10:00:00Z">'
                       f'<w:r><w:t>二、存在的不足和原因</w:t></w:r></w:ins>'))
    document.save(str(path))
    return path


def test_paragraph_without_runs_gets_an_anchor(tmp_path):
    path = _wrapped_runs_docx(tmp_path / "wrapped.docx")
    document = read_docx(path, path.read_bytes(), editable=True)
    bare = [b for b in document.blocks if not b.element.r_lst]
    assert len(bare) == 3
    findings = [Finding("x.rule", Severity.WARNING, f"第{b.index}段的问题", Location(block=b.index)) for b in bare]
    annotate_document(document, findings, None)
    out = tmp_path / "out.docx"
    document.docx.save(str(out))
    anchors = comment_anchor_blocks(out)
    assert sorted(anchors.values()) == sorted(b.index for b in bare)
    reread = read_docx(out, out.read_bytes())
    assert [b.text for b in reread.blocks] == [b.text for b in read_docx(path, path.read_bytes()).blocks]
    for block in reread.blocks:  # the range starts before the paragraph's content
        start = block.element.find(qn("w:commentRangeStart"))
        if start is not None:
            content = [el for el in block.element if el.tag != qn("w:pPr")]
            assert content[0] is start


def test_names_do_not_clobber(tmp_path):
    a, b = tmp_path / "甲" / "报告.docx", tmp_path / "乙" / "报告.docx"
    c = tmp_path / "丙" / "报告.dotx"
    names = output_names([a, b, c], tmp_path / "out")
    assert [n.name for n in names] == ["报告.docx", "报告-2.docx", "报告-3.docx"]
    # the output folder holding an input never yields that input as a target
    a.parent.mkdir()
    a.write_bytes(b"x")
    assert output_names([a], a.parent) == [a.parent / "报告-2.docx"]


def test_same_name_inputs_and_reruns(folder, results, tmp_path):
    source = next(Path(r.path) for r in results if r.kind == "docx" and r.findings)
    other = next(Path(r.path) for r in results if r.kind == "docx" and Path(r.path) != source)
    twin_dir = tmp_path / "另一个"
    twin_dir.mkdir()
    shutil.copy(source, twin_dir / source.name)
    files = [source, twin_dir / source.name]
    out = tmp_path / "out"
    first = annotate_run(files, out)
    assert all(r.annotate_note is None for r in first)
    assert sorted(p.name for p in out.iterdir()) == sorted([OUTPUT_MARKER, source.name, f"{source.stem}-2.docx"])
    stamp = digest(out / source.name)
    # again without --force: the clashing copies are skipped, one line each; the new file is written
    again = annotate_run(files + [other], out)
    assert [r.annotate_note is not None for r in again] == [True, True, False]
    assert all("已存在" in r.annotate_note and "--force" in r.annotate_note for r in again[:2])
    assert [r.findings for r in again[:2]] == [r.findings for r in first]  # still checked
    assert digest(out / source.name) == stamp and (out / other.name).exists()
    (out / source.name).write_bytes(b"stale")
    replaced = annotate_run(files, out, force=True)
    assert all(r.annotate_note is None for r in replaced)
    assert len(list(docx.Document(str(out / source.name)).comments)) == len(replaced[0].findings)
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != OUTPUT_MARKER]  # no temp files


def test_annotated_copy_is_made_from_what_was_read(tmp_path, monkeypatch):
    """The file is read once: changing it (here: deleting it) after the check does not
    change or stop the annotated copy."""
    from checker.read import document as reader

    src = tmp_path / "in"
    src.mkdir()
    path = _wrapped_runs_docx(src / "报告.docx")
    original = reader.load

    def load_then_remove(p, *args):
        source = original(p, *args)
        Path(p).unlink()
        return source

    monkeypatch.setattr("checker.runner.load", load_then_remove)
    out = tmp_path / "out"
    [result] = annotate_run([path], out)
    assert result.status == "checked" and result.annotate_note is None
    assert (out / "报告.docx").exists() and not path.exists()


def test_annotate_folder_inside_the_checked_folder_is_skipped(folder, tmp_path):
    root = tmp_path / "提交"
    shutil.copytree(folder, root)
    inside = root / "批注"
    env = {**os.environ, "GITHUB_ACTIONS": "", "PYTHONPATH": str(ROOT)}
    counts = []
    for _ in range(2):
        proc = subprocess.run([*FAZHI, "check", str(root), "--annotate", str(inside), "-f", "jsonl", "-j", "1",
                               "--force"], capture_output=True, text=True, env=env)
        counts.append(len(proc.stdout.splitlines()) - 1)
        assert "Traceback" not in proc.stderr
    assert counts[0] == counts[1]
    # a later run without --annotate skips the copies too, and says so
    proc = subprocess.run([*FAZHI, "check", str(root), "-f", "jsonl", "-j", "1"], capture_output=True, text=True,
                          env=env)
    assert len(proc.stdout.splitlines()) - 1 == counts[0]
    assert f"已跳过 {inside}" in proc.stderr


def test_cli_annotate_with_parallel_workers(folder, tmp_path):
    out = tmp_path / "批注副本"
    before = {p.name: digest(p) for p in folder.iterdir()}
    proc = subprocess.run([*FAZHI, "check", str(folder), "--annotate", str(out), "-j", "2", "-f", "json"],
                          capture_output=True, text=True,
                          env={**os.environ, "GITHUB_ACTIONS": "", "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2, proc.stderr  # the broken file
    assert "损坏.docx" in proc.stderr
    assert len(list(out.glob("*.docx"))) == len(list(folder.glob("*_*.docx")))
    assert {p.name: digest(p) for p in folder.iterdir()} == before


def test_opens_in_libreoffice(annotated, results, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("没有安装 LibreOffice（soffice），跳过打开批注副本的测试")
    result = next(r for r in results if r.kind == "docx" and r.findings and "autonum" in r.path)
    copy = annotated / Path(result.path).name
    proc = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
         "--convert-to", "odt", "--outdir", str(tmp_path), str(copy)],
        capture_output=True, text=True, timeout=300)
    converted = tmp_path / (copy.stem + ".odt")
    assert converted.exists(), proc.stdout + proc.stderr
    with zipfile.ZipFile(converted) as zf:
        content = zf.read("content.xml").decode("utf-8")
    assert content.count("<office:annotation ") == len(result.findings)
    for finding in result.findings:
        assert finding.rule in content
