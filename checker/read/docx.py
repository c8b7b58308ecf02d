"""Read a Word ``.docx`` into a :class:`~checker.read.document.Document`.

- body paragraphs and table-cell paragraphs in reading order (nested tables and
  content controls included; text boxes and drawings are not body text);
- automatic numbering rendered (:mod:`checker.read.numbering`);
- tracked changes read as accepted: ``w:ins``/``w:moveTo`` kept, ``w:del``/
  ``w:moveFrom`` dropped, a deleted paragraph mark merges the paragraph with the next;
- field codes dropped, field results kept;
- headers and footers kept apart from the body.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from checker import regexcache
from checker.read.model import Block, Document
from checker.read.package import Package
from checker.errors import InputError
from checker.read.numbering import Numbering
from checker.read.ooxml import W, first_children, small_int, wattr
from checker.read.styles import StyleTable

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # a real report is a few MB; beyond this it is a zip bomb
MAX_RATIO = 200  # uncompressed/compressed for one XML part
MAX_ENTRIES = 5000

_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_VBA_PARTS = ("vbaproject.bin", "vbaproject.bin.rels", "vbadata.xml")
_VBA_REL = regexcache.compile(rb"<Relationship\b[^>]*?/(?:vbaProject|wordVbaData)[\"'][^>]*>(?:\s*</Relationship>)?")

_CONTAINERS = {W + t for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "bdo", "dir")}
_BLOCK_CONTAINERS = frozenset(W + t for t in ("customXml", "ins", "moveTo"))
_DROPPED = {W + t for t in ("del", "moveFrom")}
_SDT = W + "sdt"
_SDT_CONTENT = W + "sdtContent"
_R, _T, _TAB, _BR, _CR = W + "r", W + "t", W + "tab", W + "br", W + "cr"
_FLDCHAR, _NBH = W + "fldChar", W + "noBreakHyphen"
_FLDCHARTYPE, _TYPE = W + "fldCharType", W + "type"
_P, _TBL, _TR, _TC = W + "p", W + "tbl", W + "tr", W + "tc"
_PPR = W + "pPr"
_RPR = W + "rPr"
_VAL = W + "val"
_PSTYLE, _NUMPR, _OUTLINE = W + "pStyle", W + "numPr", W + "outlineLvl"
_NUMID, _ILVL = W + "numId", W + "ilvl"
_NUM_FACTS = frozenset((_NUMID, _ILVL))
_RPR_ONLY = frozenset((_RPR,))
_DELETED_MARKS = (W + "del", W + "moveFrom")


def sniff(path: Path, data: bytes) -> None:
    """Tell apart the usual wrong files before handing bytes to a zip reader."""
    if not data:
        raise InputError(path, "文件为空（0 字节）")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(path, "文件已加密（设置了打开密码），请在 Word/WPS 中取消密码后另存为 .docx")
        raise InputError(path, "这是旧版 Word 97-2003 (.doc) 或 WPS 格式文件，只是扩展名为 .docx，请在 Word/WPS 中“另存为” .docx 后再检查")
    if not data.startswith(ZIP_MAGIC):
        if data.lstrip()[:5].lower() in (b"<?xml", b"<html", b"<!doc"):
            raise InputError(path, "这不是 .docx 文件（内容是 XML/HTML 文本），请在 Word/WPS 中另存为 .docx")
        raise InputError(path, "不是有效的 .docx 文件（不是 zip 格式），可能已损坏或不是 Word 文档")


def _open_zip(path: Path, data: bytes, scan: bool = True) -> zipfile.ZipFile:
    """The archive, after the structural checks; ``scan``: also refuse any XML part that
    declares a DTD now (python-docx parses every part; the lxml reader checks each part it
    parses instead)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError(path, "文件已损坏（zip 结构不完整，可能下载或上传未完成）") from None
    names = {i.filename for i in infos}
    if "word/document.xml" not in names and not any(n.startswith("word/") and n.endswith(".xml") for n in names):
        raise InputError(path, "文件中没有 Word 正文（缺少 word/document.xml），不是有效的 .docx")
    if "[Content_Types].xml" not in names:
        raise InputError(path, "文件已损坏（缺少 [Content_Types].xml）")
    total = sum(i.file_size for i in infos)
    xml_bomb = any(i.filename.endswith(".xml") and i.compress_size and i.file_size > 10 * 1024 * 1024
                   and i.file_size / i.compress_size > MAX_RATIO for i in infos)
    if total > MAX_UNCOMPRESSED or xml_bomb:
        raise InputError(path, "文件解压后异常巨大（疑似 zip 炸弹），已拒绝读取")
    if len(infos) > MAX_ENTRIES:
        raise InputError(path, f"文件包含 {len(infos)} 个部件，远超正常 Word 文档，已拒绝读取")
    for info in infos if scan else ():
        if info.filename.endswith((".xml", ".rels")) and info.file_size:
            try:
                with zf.open(info) as fh:
                    head = fh.read(4096)
            except Exception:  # BadZipFile, zlib.error, encrypted entries … on crafted archives
                raise InputError(path, f"文件已损坏（无法解压 {info.filename}）") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(path, f"{info.filename} 含有 DOCTYPE/实体声明（Word 文档不会有），已拒绝读取")
    return zf


def _normalised_package(path: Path, data: bytes, zf: zipfile.ZipFile) -> bytes:
    """Templates (.dotx) and macro files (.docm) differ only in the main part's content type."""
    try:
        ct = zf.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise InputError(path, "文件已损坏（无法解压 [Content_Types].xml）") from None
    if not any(t.encode() in ct for t in _MAIN_TYPES):
        return data
    for t in _MAIN_TYPES:
        ct = ct.replace(t.encode(), _DOCX_MAIN.encode())
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in zf.infolist():
                if info.filename.lower().endswith(_VBA_PARTS):
                    continue  # macros are never needed for reading, nor wanted in a .docx copy
                payload = ct if info.filename == "[Content_Types].xml" else zf.read(info.filename)
                if info.filename.endswith(".rels"):
                    payload = _VBA_REL.sub(b"", payload)  # and nothing may point at them
                dst.writestr(info, payload)
    except Exception:  # BadZipFile (CRC), zlib.error, EOFError on a damaged archive
        raise InputError(path, "文件已损坏（压缩数据不完整）") from None
    return out.getvalue()


def open_docx(path: Path, data: bytes):
    """Return a python-docx Document for ``data`` or raise :class:`InputError`."""
    sniff(path, data)
    zf = _open_zip(path, data)
    payload = _normalised_package(path, data, zf)
    import docx  # heavy import: only when a .docx is actually read
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(payload))
    except PackageNotFoundError:
        raise InputError(path, "不是有效的 .docx 文件") from None
    except KeyError as exc:
        raise InputError(path, f"文件已损坏（缺少部件 {exc}）") from None
    except (zipfile.BadZipFile, EOFError, zlib_error()):
        raise InputError(path, "文件已损坏（压缩数据不完整）") from None
    except ValueError as exc:
        raise InputError(path, f"不是可读取的 Word 正文文档（{str(exc)[:80]}）") from None
    except Exception as exc:  # lxml XMLSyntaxError and friends
        name = type(exc).__name__
        if "XMLSyntaxError" in name or "ParseError" in name:
            raise InputError(path, "文件中的 XML 已损坏或不合规，无法解析") from None
        raise InputError(path, f"无法解析文件（{name}）") from None


def zlib_error():
    import zlib

    return zlib.error


def paragraph_text(p) -> str:
    """The visible text of one ``w:p`` with tracked changes accepted: the runs of ``p`` and
    of its containers (insertions, hyperlinks, content controls …); ``w:del``/``w:moveFrom``,
    ``w:pPr``, bookmarks, math and drawings hold nothing to keep; field codes are dropped,
    field results kept. One loop with a stack of child iterators instead of a method call
    per run: this runs for every paragraph of every document."""
    parts: list[str] = []
    append = parts.append
    in_field_code = False
    stack = [iter(p)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag == _R:
                for item in child:
                    tag = item.tag
                    if tag == _T:
                        if not in_field_code:
                            text = item.text
                            if text:
                                append(text)
                    elif tag == _FLDCHAR:
                        kind = item.get(_FLDCHARTYPE)
                        if kind == "begin":
                            in_field_code = True
                        elif kind == "separate" or kind == "end":
                            in_field_code = False
                    elif in_field_code:
                        continue
                    elif tag == _TAB:
                        append("\t")
                    elif tag == _BR or tag == _CR:
                        if item.get(_TYPE) != "page":
                            append("\n")
                    elif tag == _NBH:
                        append("-")
            elif tag in _CONTAINERS:
                stack.append(iter(child))
                break
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    stack.append(iter(content))
                    break
        else:
            stack.pop()
    return "".join(parts)


def _ppr(p):
    """The ``w:pPr`` of ``p`` (its first child by the schema; found anywhere if not)."""
    if not len(p):
        return None
    first = p[0]
    if first.tag == _PPR:
        return first
    for ppr in p.iterchildren(_PPR):
        return ppr
    return None


_SLOT = {_PSTYLE: 0, _NUMPR: 1, _OUTLINE: 2}
_NO_PROPERTIES = (None, None, None)


def _paragraph_properties(body) -> dict:
    """Paragraph -> [first ``w:pStyle``, first ``w:numPr``, first ``w:outlineLvl``] of its
    ``w:pPr`` (the first ``w:pPr`` child, as :func:`_ppr`), for the paragraphs that have
    any. One C-filtered pass over the body touches only these elements: reading each
    paragraph's properties one child at a time would wrap every ``w:spacing``, ``w:jc``,
    ``w:rPr`` … of every paragraph in a Python object."""
    found: dict = {}
    owner: dict = {}  # w:pPr -> its paragraph, or None when it is not a paragraph's first w:pPr
    for el in body.iter(_PSTYLE, _NUMPR, _OUTLINE):
        ppr = el.getparent()
        try:
            p = owner[ppr]
        except KeyError:
            p = None
            if ppr.tag == _PPR:
                parent = ppr.getparent()
                if parent is not None and parent.tag == _P and (parent[0] is ppr or _ppr(parent) is ppr):
                    p = parent
            owner[ppr] = p
        if p is None:
            continue
        facts = found.get(p)
        if facts is None:
            facts = found[p] = [None, None, None]
        slot = _SLOT[el.tag]
        if facts[slot] is None:
            facts[slot] = el
    return found


def _deleted_marks(body) -> set:
    """The paragraphs whose mark is a tracked deletion (a ``w:del``/``w:moveFrom`` in the
    first ``w:rPr`` of their ``w:pPr``). One pass over the body for these rare elements
    instead of reading every paragraph's properties."""
    found = set()
    for mark in body.iter(*_DELETED_MARKS):
        rpr = mark.getparent()
        if rpr is None or rpr.tag != _RPR:
            continue
        ppr = rpr.getparent()
        if ppr is None or ppr.tag != _PPR:
            continue
        p = ppr.getparent()
        if p is not None and p.tag == _P and _ppr(p) is ppr \
                and first_children(ppr, _RPR_ONLY).get(_RPR) is rpr:
            found.add(p)
    return found


def _in_row(tc, tr) -> bool:
    """Whether cell ``tc`` belongs to row ``tr``: its child, or in a content control."""
    parent = tc.getparent()
    return parent is tr or parent.tag == _SDT_CONTENT


_SPACES_AROUND_BREAK = regexcache.compile(r"\s*\n\s*")


def _clean(text: str) -> str:
    return _SPACES_AROUND_BREAK.sub(" ", text).strip() if "\n" in text else text.strip()


class _BodyWalker:
    def __init__(self, styles: StyleTable, numbering: Numbering, deleted_marks: set, properties: dict):
        self.styles = styles
        self.properties = properties  # see _paragraph_properties
        self.numbering = numbering
        self.deleted_marks = deleted_marks
        self.blocks: list[Block] = []
        self._pending: tuple | None = None  # a paragraph whose mark was deleted
        self._counter = {"p": 0, "t": 0}

    def walk(self, container, table_path: str | None = None) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, table_path)
            elif tag == _TBL:
                self.table(child, table_path)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk(content, table_path)
            elif tag in _BLOCK_CONTAINERS:
                self.walk(child, table_path)

    def table(self, tbl, parent: str | None) -> None:
        self._counter["t"] += 1
        tname = f"{parent}/" if parent else ""
        tname += f"t{self._counter['t']}"
        for r, tr in enumerate(tbl.iter(_TR), start=1):
            row_parent = tr.getparent()
            if row_parent is not tbl and row_parent.tag != _SDT_CONTENT:
                continue  # rows of nested tables are reached through their own cells
            for c, tc in enumerate((x for x in tr.iter(_TC) if _in_row(x, tr)), start=1):
                self.walk(tc, f"{tname}r{r}c{c}")

    def paragraph(self, p, table_path: str | None) -> None:
        self._counter["p"] += 1
        source = f"{table_path}p" if table_path else f"p{self._counter['p']}"
        text = paragraph_text(p)
        if p in self.deleted_marks:
            if self._pending is not None:
                prev_p, prev_text, prev_source = self._pending
                self._pending = (prev_p, prev_text + text, prev_source)
            elif text:
                self._pending = (p, text, source)
            return
        if self._pending is not None:
            prev_p, prev_text, prev_source = self._pending
            self._pending = None
            if prev_text:
                p, text, source = prev_p, prev_text + text, prev_source
        self.emit(p, text, source, table_path is not None)

    def emit(self, p, text: str, source: str, in_table: bool) -> None:
        style, num_pr, outline_el = self.properties.get(p, _NO_PROPERTIES)
        style_id = (style.get(_VAL) if style is not None else None) or self.styles.default_paragraph
        num_id = ilvl = None
        if num_pr is not None:
            num = first_children(num_pr, _NUM_FACTS)
            num_id = num[_NUMID].get(_VAL) if _NUMID in num else None
            raw_ilvl = num[_ILVL].get(_VAL) if _ILVL in num else None
            ilvl = small_int(raw_ilvl)
        clean = _clean(text)
        label = suffix = ""
        if num_id is not None or style_id in self.numbering.style_numbering:
            # an empty numbered paragraph still shows (and uses up) its number in Word
            label, suffix = self.numbering.label(num_id, ilvl, style_id)
        if not clean:
            return  # an empty paragraph makes no block (its number was counted above)
        outline = small_int(outline_el.get(_VAL)) if outline_el is not None else None
        if outline is not None:
            outline_level = outline if outline < 9 else None
        else:
            outline_level = self.styles.outline_level(style_id)
        if label:
            sep = "" if (suffix == "nothing" or not label[-1].isalnum()) else " "
            clean = f"{label}{sep}{clean}"
        self.blocks.append(Block(
            index=len(self.blocks) + 1,
            text=clean,
            label=label,
            style=self.styles.name(style_id),
            outline_level=outline_level,
            source=source,
            in_table=in_table,
            element=p,
        ))

    def finish(self) -> None:
        if self._pending is not None:
            p, text, source = self._pending
            self._pending = None
            self.emit(p, text, source, False)


def _texts_of(roots) -> list[str]:
    return ["\n".join(_clean(paragraph_text(p)) for p in root.iter(_P)).strip() for root in roots]


def read_docx(path: Path, data: bytes, editable: bool = False) -> Document:
    """The Document of a .docx. By default the parts are read with zipfile + lxml (fast, no
    python-docx objects); ``editable`` reads through python-docx, whose document the caller
    then changes and saves, and whose ``w:p`` elements the blocks carry."""
    if editable:
        doc = open_docx(path, data)
    else:
        sniff(path, data)
        zf = _open_zip(path, data, scan=False)
    try:
        if editable:
            return _read_python_docx(path, doc)
        return _read_package(path, Package(path, zf))
    except RecursionError:
        raise InputError(path, "文档结构嵌套过深，无法读取") from None
    except InputError:
        raise
    except Exception as exc:  # lazily loaded parts of a damaged archive, foreign XML
        name = type(exc).__name__
        if name in ("BadZipFile", "error", "EOFError") or "zlib" in str(exc):
            raise InputError(path, "文件已损坏（压缩数据不完整）") from None
        if "XMLSyntaxError" in name:
            raise InputError(path, "文件中的 XML 已损坏或不合规，无法解析") from None
        raise InputError(path, f"文档结构不符合 Word 格式，无法读取（{name}）") from None


def _document(path: Path, root, styles_root, numbering_root, headers, footers, **extra) -> Document:
    if root is None or root.tag != W + "document":
        raise InputError(path, "word/document.xml 不是 Word 正文（根元素不是 w:document）")
    body = root.find(W + "body")
    if body is None:
        raise InputError(path, "文档没有正文（缺少 w:body）")
    styles = StyleTable(styles_root)
    numbering = Numbering(numbering_root() if callable(numbering_root) else numbering_root, styles.numbering())
    walker = _BodyWalker(styles, numbering, _deleted_marks(body), _paragraph_properties(body))
    walker.walk(body)
    walker.finish()
    blocks = [b for b in walker.blocks if b.text]
    for i, block in enumerate(blocks, start=1):
        block.index = i
    return Document(path=str(path), kind="docx", blocks=blocks, headers=_texts_of(headers()),
                    footers=_texts_of(footers()), notes=list(numbering.notes), **extra)


def _read_package(path: Path, package: "Package") -> Document:
    return _document(path, package.document, package.styles, lambda: package.numbering,
                     lambda: package.related_of_type("header"), lambda: package.related_of_type("footer"),
                     parts=package)


def _read_python_docx(path: Path, doc) -> Document:
    styles_part = doc.part._styles_part

    def related(kind):
        return [rel.target_part.element for rel in doc.part.rels.values()
                if rel.reltype.endswith("/" + kind) and not rel.is_external]

    def numbering():
        try:
            return doc.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return None

    return _document(path, doc.element, styles_part.element if styles_part is not None else None, numbering,
                     lambda: related("header"), lambda: related("footer"), docx=doc, parts=doc)
