"""``fazhi check --annotate OUTDIR``: a copy of each checked ``.docx`` with one Word
comment (批注) per finding, on the paragraph the finding is about.

- the copy is made from the bytes read for the check (the file is not read twice), read
  with the same reader, so block *n* of the findings is block *n* here, and the comment
  goes on that block's ``w:p``;
- a finding without a block (about the whole report) goes on the title paragraph
  (found from the recognised title), else on the first paragraph;
- the comment range covers the whole paragraph; a paragraph without a run of its own
  (text only in tracked insertions or hyperlinks, or only an automatic-numbering
  label) gets an empty run to anchor the comment reference;
- the copy is ``OUTDIR/<file name>.docx`` (``-2``, ``-3`` … when two inputs share a
  name, and never the input itself), written atomically; the input is never modified;
  an existing copy is replaced only with ``--force``, else skipped with one line;
- OUTDIR carries a marker file, so a later check of a folder holding it skips it.
"""

from __future__ import annotations

import io
from pathlib import Path

from checker import regexcache
from checker.atomic import identity, write_bytes
from checker.errors import FazhiError, InputError, UsageError

AUTHOR = "fazhi"
INITIALS = "FZ"
TITLE_SEARCH = 30  # blocks searched for the title paragraph
_NOT_XML = regexcache.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACE = regexcache.compile(r"\s+")


def comment_text(finding) -> str:
    """The comment: severity and rule id, the message, the suggestion (one paragraph each)."""
    lines = [f"【{finding.severity.chinese}】{finding.rule}", finding.message]
    if finding.suggestion:
        lines.append(f"建议：{finding.suggestion}")
    return _NOT_XML.sub("\ufffd", "\n".join(lines))


def _norm(text: str) -> str:
    return _SPACE.sub("", text or "")


def title_block(blocks, title: str | None):
    """The block holding (the start of) the recognised title, else the first block."""
    wanted = _norm(title)
    if wanted:
        for block in blocks[:TITLE_SEARCH]:
            text = _norm(block.text)
            if text and (wanted in text or (len(text) >= 4 and wanted.startswith(text))):
                return block
    return blocks[0] if blocks else None


def _anchor(paragraph, comment_id: int) -> None:
    """Move the comment range start to the beginning of the paragraph's content."""
    from docx.oxml.ns import qn

    p = paragraph._p
    start = next(el for el in p.iter(qn("w:commentRangeStart")) if el.get(qn("w:id")) == str(comment_id))
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)


_COMMENT_ID = regexcache.compile(r"[0-9]{1,10}")


def _set_aside_odd_comments(doc) -> list:
    """python-docx numbers a new comment max(ids) + 1 and fails on an existing comment whose
    ``w:id`` is not a plain number (``w:id="abc"``): such comments are taken out while ours
    are added, then put back where they were (see :func:`_put_back`)."""
    from docx.oxml.ns import qn

    comments = doc.comments._comments_elm
    aside = []
    for index, el in enumerate(list(comments)):
        if el.tag == qn("w:comment") and not _COMMENT_ID.fullmatch(el.get(qn("w:id")) or ""):
            aside.append((index, el))
    for _, el in aside:
        comments.remove(el)
    return [(comments, index, el) for index, el in aside]


def _put_back(aside) -> None:
    for parent, index, el in aside:
        parent.insert(index, el)


def annotate_document(document, findings, title: str | None) -> int:
    """Add one comment per finding to ``document.docx``; return how many were added."""
    from docx.oxml.ns import qn

    reference = qn("w:commentReference")

    doc = document.docx
    blocks = document.blocks
    by_index = {b.index: b for b in blocks}
    fallback = title_block(blocks, title)
    added = 0
    aside = _set_aside_odd_comments(doc) if findings else []
    try:
        added = _add_all(doc, findings, by_index, fallback, reference)
    finally:
        _put_back(aside)
    return added


def _add_all(doc, findings, by_index, fallback, reference) -> int:
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    added = 0
    for finding in findings:
        block = by_index.get(finding.location.block) if finding.location.block else None
        block = block or fallback
        if block is None or block.element is None:
            continue
        paragraph = Paragraph(block.element, doc)  # parent only serves to reach the part
        runs = [Run(r, paragraph) for r in block.element.r_lst if r.find(reference) is None]
        if not runs:
            runs = [paragraph.add_run()]
        comment = doc.add_comment([runs[0], runs[-1]], text=comment_text(finding),
                                  author=AUTHOR, initials=INITIALS)
        _anchor(paragraph, comment.comment_id)
        added += 1
    return added


def output_names(paths: list[Path], outdir: Path) -> list[Path]:
    """One target per input: the file name with ``.docx``, numbered on collisions, never
    an input file itself."""
    inputs = {_resolved(p) for p in paths} | {identity(p) for p in paths} - {None}
    taken: set[str] = set()
    targets = []
    for path in paths:
        stem = path.stem
        n = 1
        while True:
            name = f"{stem}.docx" if n == 1 else f"{stem}-{n}.docx"
            target = outdir / name
            if name.casefold() not in taken and _resolved(target) not in inputs and identity(target) not in inputs:
                break
            n += 1
        taken.add(name.casefold())
        targets.append(target)
    return targets


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # symlink loops, names too long
        return path.absolute()


def prepare(files: list[Path], outdir: Path, force: bool, inputs=()):
    """Targets for the annotated copies of the .docx inputs among ``files`` (an
    :class:`checker.runner.Annotate`); creates ``outdir`` and marks it as fazhi's output,
    so later runs over a folder holding it do not check the copies again."""
    from checker.read.document import input_kind
    from checker.runner import OUTPUT_MARKER, Annotate

    outdir = Path(outdir)
    try:
        if outdir.exists() and not outdir.is_dir():
            raise UsageError(f"{outdir}：不是文件夹，无法写入批注副本")
        outdir.mkdir(parents=True, exist_ok=True)
        marker = outdir / OUTPUT_MARKER
        if not marker.exists():
            marker.write_text("fazhi check --annotate 写出的批注副本；检查文件夹时跳过此文件夹。\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{outdir}：无法创建批注副本文件夹（{exc.strerror or exc}）") from None
    chosen = [p for p in files if input_kind(p) == "docx"]
    return Annotate(dict(zip(chosen, output_names(chosen, outdir))), force, list(inputs) or list(files))


def annotate_copy(source, result, target: Path, force: bool, inputs=()) -> str | None:
    """Write the annotated copy of one checked file from ``source`` (the bytes read for the
    check, never the file again). Returns a line for the user when the copy was not
    written, else None."""
    from checker.read.document import parse

    if result.status != "checked":
        return None
    if target.exists() and not force:
        return f"{target}：文件已存在，未覆盖此批注副本（如需覆盖请加 --force）"
    try:
        document = parse(source, editable=True)
        annotate_document(document, result.findings, (result.meta or {}).get("title"))
        from checker.layout.schema import normalize_package

        normalize_package(document.docx)
        buffer = io.BytesIO()
        document.docx.save(buffer)
    except InputError as err:
        return f"{target}：无法生成批注副本（{err.reason}）"
    except Exception as exc:  # python-docx/lxml failures on unusual packages
        return f"{target}：无法生成批注副本（{type(exc).__name__}）"
    try:
        write_bytes(target, buffer.getvalue(), force, inputs)
    except FazhiError as err:
        return str(err)
    return None
