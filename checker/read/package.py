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
import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

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
    __slots__ = ("rId", "reltype", "target_ref", "is_external", "_package", "_name")

    def __init__(self, package, rid, reltype, target, external, name):
        self.rId, self.reltype, self.target_ref, self.is_external = rid, reltype, target, external
        self._package, self._name = package, name

    @property
    def target_part(self) -> "_Part":
        if self.is_external or self._name is None:
            raise KeyError(self.target_ref)
        return _Part(self._package, self._name)


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
        return self._package.blob(self.name)


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
        try:
            return self._zf.read(name)
        except KeyError:
            raise InputError(self.path, f"文件已损坏（缺少部件 {name}）") from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError) as exc:
            raise InputError(self.path, f"文件已损坏（无法解压 {name}：{type(exc).__name__}）") from None

    def xml(self, name: str):
        root = self._xml.get(name)
        if root is None:
            try:
                root = self._xml[name] = parse_part(self.blob(name))
            except etree.XMLSyntaxError:
                raise InputError(self.path, f"文件中的 XML 已损坏或不合规，无法解析（{name}）") from None
        return root

    def _main_name(self) -> str:
        if "_rels/.rels" in self._names:
            for rel in parse_part(self.blob("_rels/.rels")).iter(_RELS_NS + "Relationship"):
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
        for rel in parse_part(self.blob(rels_name)).iter(_RELS_NS + "Relationship"):
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

    def _of_type(self, kind: str):
        for rel in self._rels.values():
            if rel.reltype.endswith("/" + kind) and not rel.is_external and rel._name is not None:
                return self.xml(rel._name)
        return None

    @property
    def styles(self):
        root = self._of_type("styles")
        if root is None:
            if "__default_styles__" not in self._xml:
                blob = _default_styles()
                self._xml["__default_styles__"] = parse_part(blob) if blob else None
            root = self._xml["__default_styles__"]
        return root

    @property
    def numbering(self):
        return self._of_type("numbering")

    @property
    def settings_root(self):
        return self._of_type("settings")

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


class _Loaded:
    __slots__ = ("element",)

    def __init__(self, element):
        self.element = element


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))
