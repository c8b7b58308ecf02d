"""Stable identities of findings, shared by the SARIF output and the baseline.

A finding's fingerprint hashes its rule, its file (relative to the current directory),
its section and its excerpt (or message), numbered ``:1``, ``:2`` … when several are
identical — so it survives re-runs and edits elsewhere in the file.
"""

from __future__ import annotations

import hashlib
from typing import Iterator


def digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p or "") for p in parts).encode("utf-8")).hexdigest()


def fingerprinted(results) -> Iterator[tuple[object, object, str]]:
    """``(result, finding, fingerprint)`` for every finding of ``results``, in order."""
    from checker.output.sarif import relative_path

    seen: dict[str, int] = {}
    for r in results:
        rel = relative_path(r.path) if r.findings else None
        for f in r.findings:
            base = digest(f.rule, rel, f.section, f.excerpt or f.message)
            seen[base] = seen.get(base, 0) + 1
            yield r, f, f"{base}:{seen[base]}"
