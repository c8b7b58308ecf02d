"""Imported once by the pool's fork server: load the checker's modules and the shipped packs
by checking two tiny drafts, so every worker forked from it starts warm."""

from __future__ import annotations


def _warm() -> None:
    import io

    import docx

    from checker.serve import worker

    worker.check_upload("一、主要举措和成效\n".encode("utf-8"), ".txt", "warm.txt", None, None)
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、主要举措和成效")
    document.save(buffer)
    worker.check_upload(buffer.getvalue(), ".docx", "warm.docx", None, None)


try:
    _warm()
except Exception:  # warming is an optimisation; a failure shows up in the real check instead
    pass
