"""Benchmark inputs: seed .docx in the test shapes, scaled reports, batch drafts.

Everything is built from the shared fixtures at run time into a scratch folder; the
repository never holds copies of the seed reports.

Scaling keeps a report *valid*: the achievements part (the seed's first top-level
section) is repeated as further themed top-level sections, and every top-level label
after it is renumbered, so the numbering has no gaps or repeats and the checker maps
the same parts as in the seed (``scaled_lines`` says how many copies it made).
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "tests"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from checker.read.labels import format_label, parse_label  # noqa: E402

SHAPES = ("plain", "styles", "autonum", "tracked")  # tests/docxbuild.py shapes


def shared_dir() -> Path:
    """../shared (or $FAZHI_SHARED), the same lookup as tests/conftest.py."""
    env = os.environ.get("FAZHI_SHARED")
    candidates = ([Path(env)] if env else []) + [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for c in candidates:
        if (c / "fixtures").is_dir():
            return c
    return candidates[0]


def seed_files() -> list[Path]:
    return sorted((shared_dir() / "fixtures" / "seeds").glob("*.txt"))


def real_docx_files() -> list[Path]:
    folder = shared_dir() / "fixtures" / "docx"
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".docx", ".dotx", ".docm"))


def seed_lines(path: Path) -> list[str]:
    from docxbuild import seed_lines as lines

    return lines(path)


# -- scaling ---------------------------------------------------------------------------------

def _top_level(lines: list[str]) -> list[int]:
    """Indexes of the lines that carry a top-level (一、) label."""
    out = []
    for i, line in enumerate(lines):
        label = parse_label(line)
        if label is not None and label.form == "cn":
            out.append(i)
    return out


def _renumber_top(line: str, number: int) -> str:
    label = parse_label(line)
    return format_label("cn", number) + line[label.end:]


def scaled_lines(lines: list[str], factor: float) -> tuple[list[str], int]:
    """A report about ``factor`` times as long as ``lines``; returns (lines, copies).

    The first top-level section is repeated ``copies`` times in all; later top-level
    labels are shifted so the numbering stays 一、二、三… without gaps.
    """
    tops = _top_level(lines)
    if factor <= 1 or not tops:
        return list(lines), 1
    first, end = tops[0], (tops[1] if len(tops) > 1 else len(lines))
    unit = lines[first:end]
    head, tail = lines[:first], lines[end:]
    total = sum(len(x) for x in lines)
    unit_chars = sum(len(x) for x in unit)
    copies = max(1, round((factor * total - (total - unit_chars)) / unit_chars))
    copies = min(copies, 190 - len(tops))  # keep within the numerals labels.py reads
    out = list(head)
    number = 0
    for _ in range(copies):
        number += 1
        out.append(_renumber_top(unit[0], number))
        out.extend(unit[1:])
    for line in tail:
        label = parse_label(line)
        if label is not None and label.form == "cn":
            number += 1
            line = _renumber_top(line, number)
        out.append(line)
    return out, copies


@dataclass
class Input:
    name: str  # row label
    path: Path
    kind: str  # "docx" | "text"
    seed: str  # seed stem
    factor: float  # requested size factor (1 = the seed itself)
    copies: int = 1
    chars: int = 0


def shape_name(seed: Path, shape: str) -> str:
    return f"{seed.stem[:3]} {shape}"


def build_seed_shapes(folder: Path, shapes=SHAPES) -> list[Input]:
    """Each seed as .docx in every tests/docxbuild.py shape."""
    from docxbuild import build

    out = []
    for seed in seed_files():
        lines = seed_lines(seed)
        for shape in shapes:
            path = build(lines, shape, folder / f"{seed.stem[:3]}_{shape}.docx")
            out.append(Input(shape_name(seed, shape), path, "docx", seed.stem, 1, 1, sum(map(len, lines))))
    return out


SCALED_KINDS = ("docx", "txt", "flat")


def scaled_name(seed: Path, factor, kind: str) -> str:
    return f"{seed.stem[:3]} ×{factor} {kind}"


def build_scaled(folder: Path, factors=(1, 5, 20, 100), seeds: list[Path] | None = None) -> list[Input]:
    """Each seed at each factor in three forms: ``docx`` (Word automatic numbering, the
    ``autonum`` shape), ``txt`` (UTF-8, one paragraph per line) and ``flat`` (the whole
    report on one line, as a web page flattened to text; the reader splits it)."""
    from docxbuild import build

    out = []
    for seed in seeds or seed_files():
        base = seed_lines(seed)
        for factor in factors:
            lines, copies = scaled_lines(base, factor)
            chars = sum(map(len, lines))
            stem = f"{seed.stem[:3]}_x{factor}"
            docx_path = build(lines, "autonum", folder / f"{stem}.docx")
            out.append(Input(scaled_name(seed, factor, "docx"), docx_path, "docx", seed.stem, factor, copies, chars))
            txt_path = folder / f"{stem}.txt"
            txt_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            out.append(Input(scaled_name(seed, factor, "txt"), txt_path, "text", seed.stem, factor, copies, chars))
            flat_path = folder / f"{stem}_flat.txt"
            flat_path.write_text(" ".join(lines) + "\n", encoding="utf-8")
            out.append(Input(scaled_name(seed, factor, "flat"), flat_path, "text", seed.stem, factor, copies, chars))
    return out


# -- batch drafts ----------------------------------------------------------------------------

def _variant(lines: list[str], rng: random.Random) -> list[str]:
    """A plausible draft derived from a seed: some body paragraphs dropped or repeated,
    the report year moved, full-width/half-width punctuation swapped."""
    out = []
    for line in lines:
        label = parse_label(line)
        roll = rng.random()
        if label is None and roll < 0.08 and len(out) > 3:
            continue  # a paragraph not written yet
        out.append(line)
        if label is None and roll > 0.95:
            out.append(line)  # pasted twice
    shift = rng.choice((0, 0, 1, -1))
    if shift:
        out = [_shift_years(x, shift) for x in out]
    if rng.random() < 0.5:
        out = [x.replace(",", "，").replace(";", "；").replace(":", "：").replace("(", "（").replace(")", "）")
               for x in out]
    return out


def _shift_years(text: str, shift: int) -> str:
    for year in range(2030, 2009, -1) if shift > 0 else range(2010, 2031):
        text = text.replace(f"{year}年", f"{year + shift}年")
    return text


def build_batch(folder: Path, count: int, seed: int = 8) -> list[Path]:
    """``count`` drafts (.docx in the four test shapes, every fifth a .txt) in ``folder``."""
    from docxbuild import build

    rng = random.Random(seed)
    seeds = [seed_lines(s) for s in seed_files()]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        lines = _variant(seeds[i % len(seeds)], rng)
        if i % 5 == 4:
            path = folder / f"draft_{i:04d}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            path = build(lines, SHAPES[i % len(SHAPES)], folder / f"draft_{i:04d}.docx")
        paths.append(path)
    return paths
