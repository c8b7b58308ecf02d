"""Shared fixtures: paths to ../shared fixtures (read as they are, never copied)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _shared() -> Path:
    env = os.environ.get("FAZHI_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for c in candidates:
        if (c / "fixtures").is_dir():
            return c
    return candidates[0] if candidates else ROOT.parent / "shared"


SHARED = _shared()
SEEDS = SHARED / "fixtures" / "seeds"
DOCX_FIXTURES = SHARED / "fixtures" / "docx"
SCHEMAS = SHARED / "schemas"


def seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return found[0]


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared seeds not found at {SEEDS}")
    return SEEDS


@pytest.fixture
def docx_dir() -> Path:
    if not DOCX_FIXTURES.is_dir():
        pytest.skip(f"shared docx fixtures not found at {DOCX_FIXTURES}")
    return DOCX_FIXTURES
