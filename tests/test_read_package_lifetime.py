"""A read package is freed as soon as its document is dropped: nothing of it sits in a
reference cycle waiting for the cycle collector (the archive and every parsed part)."""

from __future__ import annotations

import gc
import weakref

from layoutbuild import build

from checker.read.document import read_document


def test_package_dies_with_its_document(tmp_path):
    path = build(tmp_path / "r.docx", header="内部资料")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = read_document(path)
        package = weakref.ref(document.parts)
        rels = document.parts.rels
        assert rels and all(r.target_part.element is not None for r in rels.values()
                            if not r.is_external and r._name and r._name.endswith(".xml"))
        del rels
        del document
        assert package() is None
    finally:
        if was_enabled:
            gc.enable()
