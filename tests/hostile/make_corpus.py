"""Generate the hostile-input corpus: broken, crafted and odd files.

Nothing here is a hand-made binary: every case is produced by this script from report
texts (the real seeds in ../shared/fixtures when present, else the tests' own texts in
tests/reports) and, when present, the real .docx fixtures.

    python tests/hostile/make_corpus.py OUTDIR
"""

from __future__ import annotations

import io
import os
import random
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent))

from conftest import DOCX_FIXTURES, LINJIANG, NANHU, QINGSHI, SEEDS  # noqa: E402
from docxbuild import build_seed  # noqa: E402
import layoutbuild  # noqa: E402

SECRET = "机密测试内容-不得出现在输出中-7f3a9c"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT_DOCX = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'
           '<Default Extension="png" ContentType="image/png"/>'
           '<Override PartName="/word/document.xml" ContentType="{main}"/></Types>')
MAIN_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


@dataclass
class Case:
    name: str  # file or folder name inside the corpus
    expect: str  # "unreadable" | "checked" | "either"
    why: str
    heavy: bool = False  # big or slow: the resource-bound test gives it the larger budget


def _zip(path: Path, parts: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, payload in parts.items():
            zf.writestr(name, payload.encode("utf-8") if isinstance(payload, str) else payload)


def _package(path: Path, body_xml: str, extra: dict | None = None, main=MAIN_DOCX, raw_document: bytes | None = None):
    document = raw_document if raw_document is not None else (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>').encode("utf-8")
    parts = {"[Content_Types].xml": CT_DOCX.format(main=main), "_rels/.rels": RELS, "word/document.xml": document}
    parts.update(extra or {})
    _zip(path, parts)


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _ole(streams: list[str], payload: bytes = b"") -> bytes:
    """A small but well-formed OLE compound file (CFB v3) with the given stream names."""
    sector = 512
    entries = ["Root Entry"] + streams
    dir_entries = b""
    for i, name in enumerate(entries):
        encoded = (name + "\0").encode("utf-16-le")
        kind = 5 if i == 0 else 2
        child = 1 if i == 0 and len(entries) > 1 else 0xFFFFFFFF
        right = i + 1 if 0 < i < len(entries) - 1 else 0xFFFFFFFF
        entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
        entry += struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        entry += struct.pack("<IIi", 0xFFFFFFFE if i else 0xFFFFFFFE, 0, 0)[:8] + b"\0" * 4
        dir_entries += entry[:128].ljust(128, b"\0")
    dir_sectors = (len(dir_entries) + sector - 1) // sector
    dir_entries = dir_entries.ljust(dir_sectors * sector, b"\0")
    fat = [0xFFFFFFFD] + [i + 2 if i + 1 < dir_sectors else 0xFFFFFFFE for i in range(1, dir_sectors + 1)]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    header += struct.pack("<I", 0) + struct.pack("<109I", *([0] + [0xFFFFFFFF] * 108))
    header = header.ljust(sector, b"\0")
    return header + fat_bytes + dir_entries + payload


# a real seed by prefix, or the tests' own text of the same kind when the seeds are absent
_STAND_INS = {"000": QINGSHI, "002": LINJIANG, "003": NANHU}


def report_text(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return found[0] if found else _STAND_INS[prefix]


def _seed_docx(prefix: str, shape: str, folder: Path) -> Path:
    return build_seed(report_text(prefix), shape, folder)


def make_corpus(out: Path) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20251123)
    cases: list[Case] = []
    work = out.parent / (out.name + "-work")
    work.mkdir(exist_ok=True)

    def add(name, payload, expect, why, heavy=False):
        path = out / name
        if isinstance(payload, str):
            path.write_text(payload, encoding="utf-8")
        elif payload is not None:
            path.write_bytes(payload)
        cases.append(Case(name, expect, why, heavy))
        return path

    # 1. empty files
    for name in ("empty.docx", "empty.txt", "empty.md", "blank-lines.txt"):
        add(name, b"" if name != "blank-lines.txt" else b"\n\n  \n\r\n", "unreadable", "empty input")
    # 2. random bytes named .docx / .txt
    for i, size in enumerate((1, 3, 64, 512, 4096, 65536, 1 << 20, 7, 100, 333)):
        add(f"random-{i:02d}.docx", rng.randbytes(size), "unreadable", "random bytes")
    add("random-zip-magic.docx", b"PK\x03\x04" + rng.randbytes(2000), "unreadable", "zip magic, garbage after")
    add("random.txt", rng.randbytes(5000), "unreadable", "random bytes as text")
    # 3. zips that are no Word document
    no_doc = out / "zip-no-document.docx"
    _zip(no_doc, {"[Content_Types].xml": CT_DOCX.format(main=MAIN_DOCX), "hello.txt": "你好"})
    cases.append(Case(no_doc.name, "unreadable", "zip without word/document.xml"))
    only_ct = out / "zip-only-content-types.docx"
    _zip(only_ct, {"[Content_Types].xml": CT_DOCX.format(main=MAIN_DOCX)})
    cases.append(Case(only_ct.name, "unreadable", "zip with only [Content_Types].xml"))
    empty_zip = out / "zip-empty.docx"
    _zip(empty_zip, {})
    cases.append(Case(empty_zip.name, "unreadable", "empty zip"))
    no_ct = out / "zip-no-content-types.docx"
    _zip(no_ct, {"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'})
    cases.append(Case(no_ct.name, "unreadable", "zip without [Content_Types].xml"))
    # 4. truncated drafts: every 10 % cut of real drafts
    drafts = [_seed_docx("003", "plain", work), _seed_docx("000", "autonum", work), _seed_docx("002", "tracked", work)]
    real = [DOCX_FIXTURES / n for n in ("feasibility_report_msword.docx", "standard_manual_tracked_changes_wps.docx",
                                        "gongwen_reference_styled_numbering_msword.dotx")]
    real = [r for r in real if r.exists()] or [_seed_docx(p, s, work) for p, s in
                                               (("003", "styles"), ("000", "tracked"), ("002", "autonum"))]
    if not DOCX_FIXTURES.is_dir():  # stand-ins with page setup, footers and style chains
        real += [layoutbuild.build(work / "layout-direct.docx", mode="direct", header="示例区人民政府"),
                 layoutbuild.build(work / "layout-styles.docx", mode="styles", tracked=True, comment=True)]
    for src in drafts + real:
        data = src.read_bytes()
        for pct in range(10, 100, 10):
            add(f"truncated-{src.stem[:24]}-{pct:02d}{src.suffix}", data[: len(data) * pct // 100], "unreadable",
                f"{pct}% of a real draft")
    # 5. OLE files: legacy .doc, encrypted OOXML, WPS
    doc_ole = _ole(["WordDocument", "1Table", "\x05SummaryInformation"], rng.randbytes(1024))
    add("legacy-word97.docx", doc_ole, "unreadable", "a .doc renamed .docx")
    add("legacy-word97.doc", doc_ole, "unreadable", "a real .doc")
    add("encrypted.docx", _ole(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"], rng.randbytes(2048)),
        "unreadable", "password-protected OOXML (an OLE container)")
    add("old-wps.wps", _ole(["WordDocument", "WpsCustomData"], rng.randbytes(512)), "unreadable", "WPS legacy file")
    add("ole-renamed.txt", doc_ole, "unreadable", "binary OLE named .txt")
    # 6. other OOXML flavours that are readable
    base = drafts[0].read_bytes()
    for suffix, ctype, expect in (
            (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml", "checked"),
            (".dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "checked"),
            (".dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "checked")):
        src = zipfile.ZipFile(io.BytesIO(base))
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(MAIN_DOCX.encode(), ctype.encode())
        if suffix in (".docm", ".dotm"):
            parts["word/vbaProject.bin"] = rng.randbytes(256)
        path = out / f"flavour{suffix}"
        _zip(path, parts)
        cases.append(Case(path.name, expect, f"{suffix} package"))
    add("odt-like.odt", b"PK\x03\x04" + rng.randbytes(100), "unreadable", "unsupported extension")
    add("report.pdf", b"%PDF-1.7\n" + rng.randbytes(300), "unreadable", "unsupported extension")
    add("html-saved-as.docx", "<html><body><p>2024年法治政府建设年度报告</p></body></html>", "unreadable",
        "HTML renamed .docx")
    # 7. zip bombs
    bomb = out / "bomb-ratio.docx"
    _package(bomb, "", raw_document=b"<w:document>" + b" " * (24 * 1024 * 1024) + b"</w:document>")
    cases.append(Case(bomb.name, "unreadable", "document.xml inflates 24 MB from a few KB", heavy=True))
    many = out / "bomb-entries.docx"
    parts = {f"word/media/x{i}.xml": "<a/>" for i in range(6000)}
    _package(many, _para("正文"), extra=parts)
    cases.append(Case(many.name, "unreadable", "6000 parts"))
    # 8. deeply nested XML
    depth = 100_000
    nested = "<w:sdt><w:sdtContent>" * depth + _para("深") + "</w:sdtContent></w:sdt>" * depth
    path = out / "nested-100k.docx"
    _package(path, nested)
    cases.append(Case(path.name, "unreadable", "XML nested 100,000 levels", heavy=True))
    nested_ok = "<w:sdt><w:sdtContent>" * 40 + _para("嵌套四十层的正文") + "</w:sdtContent></w:sdt>" * 40
    path = out / "nested-40.docx"
    _package(path, nested_ok)
    cases.append(Case(path.name, "checked", "XML nested 40 levels (legal)"))
    # 9. DOCTYPE and entities
    secret = work / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    path = out / "billion-laughs.docx"
    _package(path, "", raw_document=laughs.encode())
    cases.append(Case(path.name, "unreadable", "billion laughs"))
    xxe = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    path = out / "xxe-local-file.docx"
    _package(path, "", raw_document=xxe.encode())
    cases.append(Case(path.name, "unreadable", "external entity pointing at a local file"))
    hidden = ('<?xml version="1.0"?><!--' + "填充" * 4000 + f'--><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
              f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    path = out / "xxe-after-long-comment.docx"
    _package(path, "", raw_document=hidden.encode())
    cases.append(Case(path.name, "either", "DOCTYPE hidden behind a long comment (entity must stay unresolved)"))
    xxe_styles = out / "xxe-in-styles.docx"
    _package(xxe_styles, _para("正文"), extra={"word/styles.xml": xxe.replace("w:document", "w:styles")})
    cases.append(Case(xxe_styles.name, "either", "external entity in an unreferenced part"))
    # 10. broken XML
    path = out / "invalid-utf8.docx"
    _package(path, "", raw_document=f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
             .encode() + b"<w:p><w:r><w:t>\xff\xfe\xc3\x28</w:t></w:r></w:p></w:body></w:document>")
    cases.append(Case(path.name, "unreadable", "invalid UTF-8 in document.xml"))
    path = out / "unclosed-tag.docx"
    _package(path, "", raw_document=f'<w:document xmlns:w="{W_NS}"><w:body><w:p>'.encode())
    cases.append(Case(path.name, "unreadable", "unclosed XML"))
    path = out / "wrong-namespace.docx"
    _package(path, "", raw_document=b'<document xmlns="urn:x"><body><p>x</p></body></document>')
    cases.append(Case(path.name, "either", "document.xml in a foreign namespace"))
    path = out / "no-body.docx"
    _package(path, "", raw_document=f'<w:document xmlns:w="{W_NS}"/>'.encode())
    cases.append(Case(path.name, "either", "document without body"))
    # 11. 100,000 paragraphs
    rows = []
    for i in range(100_000):
        if i % 500 == 0:
            rows.append(_para(f"{'一二三四五六七八九十'[i // 500 % 10]}、第{i // 500 + 1}部分工作情况"))
        else:
            rows.append(_para(f"第{i}段：全年办理行政复议案件{i % 97}件，纠错{i % 7}件。"))
    path = out / "paragraphs-100k.docx"
    _package(path, "".join(rows))
    cases.append(Case(path.name, "checked", "100,000 paragraphs", heavy=True))
    # 12. a 50 MB image inside
    path = out / "image-50mb.docx"
    _package(path, _para("2024年，我市法治政府建设……"), extra={"word/media/image1.png": rng.randbytes(50 * 1024 * 1024)})
    cases.append(Case(path.name, "checked", "50 MB image part", heavy=True))
    # 13. names with spaces, Chinese characters, a leading dash
    seed_text = report_text("003").read_bytes()
    add("报告 草稿 2024.txt", seed_text, "checked", "spaces and Chinese in the name")
    add("-开头是减号.txt", seed_text, "checked", "leading dash")
    add("--help.txt", seed_text, "checked", "looks like an option")
    add("名字很长" * 20 + ".txt", seed_text, "checked", "long file name")
    # 14. a folder of 1,000 files
    folder = out / "folder-1000"
    folder.mkdir(exist_ok=True)
    for i in range(1000):
        (folder / f"{i:04d}.txt").write_text(f"示例{i}区2024年法治政府建设年度报告\n2024年，我区……第{i}份。\n",
                                             encoding="utf-8")
    cases.append(Case(folder.name, "checked", "folder with 1,000 files", heavy=True))
    # 15. links
    loop_a, loop_b = out / "loop-a.docx", out / "loop-b.docx"
    for link, target in ((loop_a, loop_b), (loop_b, loop_a)):
        if not link.is_symlink():
            os.symlink(target.name, link)
    cases += [Case(loop_a.name, "unreadable", "symlink loop"), Case(loop_b.name, "unreadable", "symlink loop")]
    dangling = out / "dangling.txt"
    if not dangling.is_symlink():
        os.symlink("does-not-exist.txt", dangling)
    cases.append(Case(dangling.name, "unreadable", "dangling symlink"))
    dir_loop = out / "dir-loop"
    dir_loop.mkdir(exist_ok=True)
    (dir_loop / "a.txt").write_bytes(seed_text)
    if not (dir_loop / "self").is_symlink():
        os.symlink(".", dir_loop / "self")
    cases.append(Case(dir_loop.name, "checked", "folder containing a link to itself"))
    # 16. permissions (root reads anyway: either outcome, but no traceback)
    locked = add("no-permission.txt", seed_text, "either", "mode 000")
    locked.chmod(0)
    # 17. a named pipe: must not block
    fifo = out / "pipe.docx"
    if not fifo.exists():
        os.mkfifo(fifo)
    cases.append(Case(fifo.name, "unreadable", "FIFO named .docx"))
    # 18. text encodings and oddities
    text = seed_text.decode("utf-8")
    add("gb18030.txt", text.encode("gb18030"), "checked", "GB18030")
    add("gbk.txt", text.encode("gbk", errors="replace"), "checked", "GBK")
    add("utf16-le-bom.txt", b"\xff\xfe" + text.encode("utf-16-le"), "checked", "UTF-16 LE with BOM")
    add("utf16-be-bom.txt", b"\xfe\xff" + text.encode("utf-16-be"), "checked", "UTF-16 BE with BOM")
    add("utf16-le.txt", text.encode("utf-16-le"), "checked", "UTF-16 LE without BOM")
    add("utf16-be.md", text.encode("utf-16-be"), "checked", "UTF-16 BE without BOM")
    add("utf8-bom.md", b"\xef\xbb\xbf" + seed_text, "checked", "UTF-8 with BOM")
    add("mixed-endings.txt", text.replace("\n", "\r\n", 20).replace("\n", "\r", 5).encode(), "checked", "CRLF/CR/LF")
    add("one-line-5mb.txt", ("。".join(["一、示例标题"] + ["正文句子"] * 1_000_000)).encode(), "either",
        "a single 5 MB line", heavy=True)
    add("nul-bytes.txt", b"\x00" * 1000 + seed_text, "unreadable", "NUL bytes")
    add("control-chars.txt", bytes(range(1, 32)) * 200, "unreadable", "control characters")
    add("broken-utf16.txt", b"\xff\xfe" + b"\x00\xd8" * 10, "unreadable", "lone surrogates in UTF-16")
    add("latin1.txt", "Rapport annuel - état de droit ".encode("latin-1") * 50, "either", "Latin-1 text")
    # 19. real files with one byte flipped
    flippable = sorted(DOCX_FIXTURES.glob("*.do[ct]x")) or [
        _seed_docx(p, s, work) for p in ("000", "002", "003") for s in ("plain", "styles", "autonum", "tracked")
    ] + real[-2:]
    for i, src in enumerate(flippable):
        data = bytearray(src.read_bytes())
        pos = rng.randrange(len(data) // 4, len(data) - 100)
        data[pos] ^= 0xFF
        add(f"flipped-{i:02d}-{src.stem[:20]}{src.suffix}", bytes(data), "either", "one byte flipped")
    # 20. drafts with junk appended / prepended
    add("junk-appended.docx", drafts[0].read_bytes() + rng.randbytes(5000), "either", "junk after the zip")
    add("junk-prepended.docx", rng.randbytes(100) + drafts[0].read_bytes(), "either", "junk before the zip")
    return cases


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    made = make_corpus(target)
    print(f"{len(made)} cases in {target}")
