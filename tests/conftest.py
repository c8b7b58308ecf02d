"""Shared test paths and fixtures.

Two kinds of input documents:

- ``tests/reports/*.txt``: report texts written for these tests (fictional places, realistic
  structure: web-page noise, unheaded parts, a missing part, a department report). They are
  always present, so the core of the suite runs on a fresh clone.
- ``../shared/fixtures`` (or ``$FAZHI_SHARED``): real published reports and real Word/WPS
  files, read where they are and never copied. Tests that need them skip with ``NEED_SHARED``
  when they are absent.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

# the loaded shipped packs are cached on disk (checker.packs.diskcache): never in the home
# of whoever runs the tests; one folder per test process, removed at its end
if "FAZHI_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _PACK_CACHE = tempfile.mkdtemp(prefix="fazhi-test-cache-")
    os.environ["FAZHI_CACHE_DIR"] = _PACK_CACHE
    atexit.register(shutil.rmtree, _PACK_CACHE, True)


def _shared() -> Path:
    env = os.environ.get("FAZHI_SHARED")
    if env:
        return Path(env)
    for c in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (c / "fixtures").is_dir():
            return c
    return ROOT.parent / "shared"


SHARED = _shared()
SEEDS = SHARED / "fixtures" / "seeds"
DOCX_FIXTURES = SHARED / "fixtures" / "docx"
SCHEMAS = SHARED / "schemas"
HAVE_SEEDS = SEEDS.is_dir() and any(SEEDS.glob("*.txt"))
HAVE_DOCX = DOCX_FIXTURES.is_dir() and any(DOCX_FIXTURES.glob("*.do[ct]x"))
NEED_SHARED = f"needs the real documents of ../shared (not found at {SHARED}; set FAZHI_SHARED)"

REPORTS = Path(__file__).resolve().parent / "reports"
# The report texts written for the tests, by the role they play.
QINGSHI = REPORTS / "qingshi_gov_2023.txt"  # web copy: noise, late, no responsibility part
LINJIANG = REPORTS / "linjiang_gov_2024_untitled.txt"  # no title, every part, responsibility inline
NANHU = REPORTS / "nanhu_dept_2022.txt"  # department, items run on, shortcomings unheaded
OWN_REPORTS = [QINGSHI, LINJIANG, NANHU]


_INSTALLED = Path(sys.executable).with_name("fazhi")
# The `fazhi` command for subprocess tests: the installed script, or this checkout's code
# run by the same Python when the project is not installed (child processes find it
# through PYTHONPATH).
FAZHI = [str(_INSTALLED)] if _INSTALLED.exists() else [
    sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())"]
if not _INSTALLED.exists():
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])


def need_shared(present: bool = True) -> None:
    """Skip the calling test when the real documents are not there."""
    if not (present and SHARED.is_dir()):
        pytest.skip(NEED_SHARED)


def seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(NEED_SHARED)
    return found[0]


def seed_texts() -> list[tuple[str, str]]:
    """(file name, text) of every real seed; skips the calling test when there are none."""
    if not HAVE_SEEDS:
        pytest.skip(NEED_SHARED)
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def report_texts() -> list[Path]:
    """Every report text there is: the tests' own, then the real seeds when present."""
    return OWN_REPORTS + (sorted(SEEDS.glob("*.txt")) if HAVE_SEEDS else [])


def shared_params(values: list) -> list:
    """Parameters for a test over shared files: one skipped parameter when there are none."""
    if values:
        return values
    return [pytest.param(None, marks=pytest.mark.skip(reason=NEED_SHARED), id="no-shared")]


@pytest.fixture
def seeds_dir() -> Path:
    if not HAVE_SEEDS:
        pytest.skip(NEED_SHARED)
    return SEEDS


@pytest.fixture
def docx_dir() -> Path:
    if not HAVE_DOCX:
        pytest.skip(NEED_SHARED)
    return DOCX_FIXTURES
