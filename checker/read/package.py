"""The parts of a .docx read straight from the zip with lxml, each on first use.

Checking needs only a few parts (document, styles, numbering, headers/footers; the
layout checks also settings, theme and the footers of each section); python-docx would
build its object layer over every part of the package first. Parts are found the way
Word finds them: the package relationship to the main document, then the main
document's relationships by type.

For the layout code, :class:`Package` also answers the small read-only subset of
python-docx's ``Document`` that code uses (``.part`` with ``_styles_part``,
``numbering_part``, ``rels``, ``related_parts``; ``.element.body``; ``.settings.element``),
so the same layout functions take either.
"""

from __future__ import annotations

import posixpath
import re
import struct
import weakref
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from lxml import etree

from checker import regexcache
from checker.errors import InputError

_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# the parser python-docx uses: same whitespace handling, entities never resolved
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def parse_part(blob: bytes):
    return etree.fromstring(blob, _PARSER)


@lru_cache(maxsize=None)
def _default_styles() -> bytes | None:
    """python-docx's default styles part: what it uses when a document has none."""
    import importlib.util

    spec = importlib.util.find_spec("docx")
    for location in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(location) / "templates" / "default-styles.xml"
        if candidate.is_file():
            return candidate.read_bytes()
    return None


class _Rel:
    """One relationship of the main document. It holds its package weakly: the package
    holds its relationships, and a reference cycle would keep the package (the archive
    and every parsed part) alive after its check until the cycle collector runs."""

    __slots__ = ("rId", "reltype", "target_ref", "is_external", "_package", "_name")

    def __init__(self, package, rid, reltype, target, external, name):
        self.rId, self.reltype, self.target_ref, self.is_external = rid, reltype, target, external
        self._package, self._name = weakref.ref(package), name

    @property
    def target_part(self) -> "_Part":
        if self.is_external or self._name is None:
            raise KeyError(self.target_ref)
        return _Part(self._package(), self._name)


class _Part:
    """A part by name: ``element`` parsed once per package, ``blob`` its bytes."""

    __slots__ = ("_package", "name")

    def __init__(self, package, name):
        self._package, self.name = package, name

    @property
    def element(self):
        return self._package.xml(self.name)

    @property
    def blob(self) -> bytes:
        data = self._package.blob(self.name)
        if self.name.endswith((".xml", ".rels")):
            _safe(self._package.path, self.name, data)
        return data


class _Root:
    __slots__ = ("element", "body")

    def __init__(self, element):
        self.element = element
        self.body = element.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")


class Package:
    def __init__(self, path: Path, zf: zipfile.ZipFile):
        self.path = path
        self._zf = zf
        self._names = {i.filename for i in zf.infolist()}
        self._xml: dict[str, object] = {}
        self.main = self._main_name()
        self._rels = self._read_rels(self.main)
        self._root = None

    # -- raw access ------------------------------------------------------------------------
    def blob(self, name: str) -> bytes:
        data = _member(self._zf, name)
        if data is not None:
            return data
        try:
            return self._zf.read(name)
        except KeyError:
            raise InputError(self.path, f"文件已损坏（缺少部件 {name}）") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError) as exc:
            raise InputError(self.path, f"文件已损坏（无法解压 {name}）") from None

    def xml(self, name: str):
        root = self._xml.get(name)
        if root is None:
            root = self._xml[name] = self._parse_checked(name)
        return root

    def _parse_checked(self, name: str):
        blob = self.blob(name)
        _safe(self.path, name, blob)
        try:
            return parse_part(blob)
        except etree.XMLSyntaxError:
            raise InputError(self.path, f"文件中的 XML 已损坏或不合规，无法解析（{name}）") from None

    def _main_name(self) -> str:
        if "_rels/.rels" in self._names:
            for rel in self._parse_checked("_rels/.rels").iter(_RELS_NS + "Relationship"):
                if (rel.get("Type") or "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                    name = _resolve("", rel.get("Target") or "")
                    if name in self._names:
                        return name
        if "word/document.xml" in self._names:
            return "word/document.xml"
        raise InputError(self.path, "文件中没有 Word 正文（缺少 word/document.xml），不是有效的 .docx")

    def _read_rels(self, name: str) -> dict[str, _Rel]:
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, _Rel] = {}
        if rels_name not in self._names:
            return out
        for rel in self._parse_checked(rels_name).iter(_RELS_NS + "Relationship"):
            rid, target = rel.get("Id") or "", rel.get("Target") or ""
            external = rel.get("TargetMode") == "External"
            resolved = None if external else _resolve(folder, target)
            out[rid] = _Rel(self, rid, rel.get("Type") or "", target, external,
                            resolved if resolved in self._names else None)
        return out

    # -- the parts the checker reads -------------------------------------------------------
    @property
    def document(self):
        return self.xml(self.main)

    def _name_of_type(self, kind: str) -> str | None:
        for rel in self._rels.values():
            if rel.reltype.endswith("/" + kind) and not rel.is_external and rel._name is not None:
                return rel._name
        return None

    def _of_type(self, kind: str):
        name = self._name_of_type(kind)
        return self.xml(name) if name else None

    @property
    def styles(self):
        """The style sheet, reduced to the styles the document can reach: those its parts
        name (``pStyle``, ``rStyle``, ``tblStyle``, numbering links), their ``basedOn``
        chains and the defaults. Templates carry hundreds of styles (python-docx's own
        default sheet is 350 KB), and parsing them would cost more than the document."""
        if "__styles__" not in self._xml:
            name = self._name_of_type("styles")
            blob = self.blob(name) if name else _default_styles()
            root = None
            if blob:
                _safe(self.path, name or "styles.xml", blob)
                reduced = reduce_styles(blob, self._style_refs())
                try:
                    root = parse_part(reduced if reduced is not None else blob)
                except etree.XMLSyntaxError:
                    raise InputError(self.path, "文件中的 XML 已损坏或不合规，无法解析（styles.xml）") from None
            self._xml["__styles__"] = root
        return self._xml["__styles__"]

    def _style_refs(self) -> set[str]:
        refs: set[str] = set()
        roots = [self.document, *self.related_of_type("header"), *self.related_of_type("footer")]
        numbering = self.numbering
        if numbering is not None:
            roots.append(numbering)
        for root in roots:
            for el in root.iter(*_STYLE_REF_TAGS):
                value = el.get(_W_VAL)
                if value is not None:
                    refs.add(value)
        return refs

    @property
    def numbering(self):
        return self._of_type("numbering")

    @property
    def settings_root(self):
        return self._of_type("settings")

    def mentions(self, kind: str, *names: str) -> bool:
        """Whether the part of type ``kind`` can hold an element named one of ``names``:
        False when there is no such part or when its UTF-8 markup names none of them (then
        it need not be parsed to know), True otherwise."""
        name = self._name_of_type(kind)
        if name is None:
            return False
        if name in self._xml:
            return True
        blob = self.blob(name)
        _safe(self.path, name, blob)
        declared = _DECLARED.match(blob)
        if blob[:2] in (b"\xff\xfe", b"\xfe\xff") or (
                declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8")):
            return True
        return any(n.encode("ascii") in blob for n in names)

    @property
    def theme(self):
        return self._of_type("theme")

    def related(self, rid: str):
        """The root of the part the main document's relationship ``rid`` points at, or None."""
        rel = self._rels.get(rid)
        if rel is None or rel.is_external or rel._name is None:
            return None
        return self.xml(rel._name)

    def related_of_type(self, kind: str) -> list:
        """Roots of every part of one type (``header``, ``footer`` …), in relationship order."""
        return [self.xml(r._name) for r in self._rels.values()
                if r.reltype.endswith("/" + kind) and not r.is_external and r._name is not None]

    # -- the python-docx subset the layout code reads ---------------------------------------
    @property
    def part(self) -> "Package":
        return self

    @property
    def element(self) -> _Root:
        if self._root is None:
            self._root = _Root(self.document)
        return self._root

    @property
    def _styles_part(self):
        return _Loaded(self.styles)

    @property
    def numbering_part(self):
        root = self.numbering
        if root is None:
            raise KeyError("numbering")
        return _Loaded(root)

    @property
    def settings(self):
        root = self.settings_root
        if root is None:
            raise KeyError("settings")
        return _Loaded(root)

    @property
    def rels(self) -> dict[str, _Rel]:
        return self._rels

    @property
    def related_parts(self) -> dict:
        return {rid: _Part(self, r._name) for rid, r in self._rels.items() if not r.is_external and r._name}


_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")  # signature, flags, name length, extra length
_UNSUPPORTED_FLAGS = 0x61  # encrypted, compressed patched data, strong encryption


def _member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of member ``name`` decompressed straight from the archive's buffer with
    zlib, or None when anything is not the plain case (then ``ZipFile.read`` reads it and
    raises what it raises). ``ZipFile.read`` builds a file object per member; the result
    here is the same bytes: same data, same length, same CRC."""
    info = zf.NameToInfo.get(name)
    # the archive's bytes themselves: BytesIO.getvalue() returns the bytes it was made from
    # without copying them, where getbuffer() would copy the whole file once
    getvalue = getattr(zf.fp, "getvalue", None)
    if info is None or getvalue is None or info.flag_bits & _UNSUPPORTED_FLAGS \
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    view = memoryview(getvalue())
    offset = info.header_offset
    header = bytes(view[offset:offset + _LOCAL_HEADER.size])
    if len(header) != _LOCAL_HEADER.size:
        return None
    signature, local_flags, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    start = offset + _LOCAL_HEADER.size
    stored_name = bytes(view[start:start + name_length])
    start += name_length + extra_length
    raw = view[start:start + info.compress_size]
    encoding = "utf-8" if local_flags & 0x800 else (zf.metadata_encoding or "cp437")
    try:
        same_name = stored_name.decode(encoding) == info.orig_filename
    except UnicodeDecodeError:
        return None
    if signature != b"PK\x03\x04" or not same_name or len(raw) != info.compress_size:
        return None
    if info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(raw, info.file_size + 1)
        except zlib.error:
            return None
        if not inflater.eof or inflater.unconsumed_tail:
            return None
    else:
        data = bytes(raw)
    if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
        return None
    return data


class _Loaded:
    __slots__ = ("element",)

    def __init__(self, element):
        self.element = element


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_VAL = _W + "val"
_STYLE_REF_TAGS = tuple(_W + t for t in ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink"))
_ROOT = regexcache.compile(rb"<(?:([A-Za-z_][\w.-]*):)?styles\b[^>]*>")
_DECLARED = regexcache.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']""")
_UNSAFE_ID = regexcache.compile(r"[&<>\"']")


def _positions(blob: bytes, attribute: bytes, first: int, root_close: int) -> dict[bytes, list[int]]:
    """Value -> positions of each ``:attribute="value"`` (either quote) starting in
    ``[first, root_close)``: one pass over the bytes, however many values are looked up.
    (``bytes.find`` jumps between occurrences much faster than a regular expression
    scans a large sheet, though the loop runs in Python.)"""
    needle = b":" + attribute + b"="
    found: dict[bytes, list[int]] = {}
    pos = blob.find(needle, first)
    while 0 <= pos < root_close:
        at = pos + len(needle)
        quote = blob[at:at + 1]
        if quote == b'"' or quote == b"'":
            end = blob.find(quote, at + 1)
            if end >= 0:
                found.setdefault(blob[at + 1:end], []).append(pos)
        pos = blob.find(needle, at)
    return found


def reduce_styles(blob: bytes, wanted: set[str]) -> bytes | None:
    """``styles.xml`` with only the ``w:style`` elements in ``wanted``, their ``basedOn``
    chains and the default styles (document defaults kept, latent styles dropped), or None
    when the markup is not the plain shape this expects (then the whole sheet is parsed).

    The style elements are found by searching the bytes for their ``styleId`` attribute, so
    the cost follows the number of styles the document uses, not the size of the sheet. A
    ``w:style`` never contains another, so each runs from its start tag to the next end tag."""
    declared = _DECLARED.match(blob)
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    root = _ROOT.search(blob, 0, 4096)
    if root is None or root.group(1) is None or any(_UNSAFE_ID.search(w) for w in wanted):
        return None
    prefix = root.group(1)
    start_tag = b"<" + prefix + b":style"
    close = b"</" + prefix + b":style>"
    first = blob.find(start_tag, root.end())
    while first >= 0 and blob[first + len(start_tag):first + len(start_tag) + 1] not in b" \t\r\n/>":
        first = blob.find(start_tag, first + 1)
    if first < 0:
        return None
    root_close = blob.rfind(b"</" + prefix + b":styles>")
    if root_close < first:
        return None
    based_on = regexcache.compile(rb"<" + re.escape(prefix) + rb""":basedOn\b[^>]*?:val\s*=\s*["']([^"']*)["']""")
    style_id = regexcache.compile(rb""":styleId\s*=\s*["']([^"']*)["']""")
    kept: dict[int, int] = {}  # start -> end of each kept w:style

    def element_at(pos: int) -> tuple[int, int] | None:
        """The w:style element whose start tag holds ``pos``."""
        lt = blob.rfind(b"<", 0, pos)
        after = blob[lt + len(start_tag):lt + len(start_tag) + 1]
        if lt < first or not blob.startswith(start_tag, lt) or after not in b" \t\r\n":
            return None
        gt = blob.find(b">", pos)
        if gt < 0:
            return None
        if blob[gt - 1:gt] == b"/":
            return lt, gt + 1
        end = blob.find(close, gt)
        return (lt, end + len(close)) if end >= 0 else None

    def elements_with(index: dict, value: bytes):
        for pos in index.get(value, ()):
            span = element_at(pos)
            if span is not None:
                yield span

    todo = list(wanted)
    defaults = _positions(blob, b"default", first, root_close)
    for flag in (b"1", b"true", b"on"):
        for start, _ in elements_with(defaults, flag):
            sid = style_id.search(blob, start, blob.find(b">", start))
            if sid is not None:
                todo.append(sid.group(1).decode("utf-8", "replace"))
    ids = _positions(blob, b"styleId", first, root_close)
    seen: set[str] = set()
    while todo:
        sid = todo.pop()
        if sid in seen or _UNSAFE_ID.search(sid):
            continue
        seen.add(sid)
        for start, end in elements_with(ids, sid.encode("utf-8")):
            kept[start] = end
            parent = based_on.search(blob, start, end)
            if parent is not None:
                todo.append(parent.group(1).decode("utf-8", "replace"))
    head = blob[:first]
    latent_open, latent_close = b"<" + prefix + b":latentStyles", b"</" + prefix + b":latentStyles>"
    a = head.find(latent_open)
    b = head.find(latent_close, a) if a >= 0 else -1
    if b >= 0:
        head = head[:a] + head[b + len(latent_close):]
    return b"".join([head, *(blob[s:kept[s]] for s in sorted(kept)), blob[root_close:]])


def _safe(path, name: str, blob: bytes) -> None:
    """Word never writes a DTD: a part declaring one (entity expansion, external entities)
    is refused before it is parsed. Most parts hold no "!" at all: one single-byte search
    (memchr) rules out both declarations at a small fraction of the two substring scans."""
    if b"!" in blob and (b"<!DOCTYPE" in blob or b"<!ENTITY" in blob):
        raise InputError(path, f"{name} 含有 DOCTYPE/实体声明（Word 文档不会有），已拒绝读取")


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))
