"""Render a .docx through LibreOffice (headless) and measure the pages with pdfplumber.

``render`` converts with a private LibreOffice profile (parallel runs do not share one) and a
timeout; ``Page``/``Line`` hold what a reader sees: characters grouped into text lines with
their position, size and colour. Tests skip when ``soffice`` or pdfplumber is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4  # points per millimetre
A4 = (210 * MM, 297 * MM)


def missing() -> str | None:
    """Why pages cannot be rendered here, or None."""
    if not shutil.which("soffice"):
        return "LibreOffice (soffice) not installed (Debian: apt-get install libreoffice-writer-nogui fonts-noto-cjk)"
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return "pdfplumber not installed (pip install 'fazhi-report[test]')"
    return None


def render(docx_path: Path, outdir: Path, timeout: int = 240) -> Path:
    """``docx_path`` as PDF in ``outdir`` (LibreOffice, private profile)."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-") as profile:
        env = dict(os.environ, HOME=profile)
        source = outdir / f"{docx_path.stem}.docx"
        if source.resolve() != docx_path.resolve():
            shutil.copyfile(docx_path, source)
        done = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}/p", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir), str(source)],
            capture_output=True, text=True, timeout=timeout, env=env)
    pdf = outdir / f"{docx_path.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"LibreOffice failed on {docx_path.name}: {done.stderr[-500:]}")
    return pdf


@dataclass
class Line:
    page: int  # 1-based
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float  # the size most characters have, points
    colors: set = field(default_factory=set)  # distinct fill colours as RGB tuples

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list
    rules: list = field(default_factory=list)  # horizontal strokes drawn: (top, x0, x1)


def _rgb(color) -> tuple:
    """pdfplumber's non-stroking colour as an RGB tuple of 0..1 floats."""
    if color is None:
        return (0.0, 0.0, 0.0)
    if isinstance(color, (int, float)):
        color = (color,)
    color = tuple(float(c) for c in color)
    if len(color) == 1:
        return (color[0],) * 3
    if len(color) == 4:  # CMYK
        c, m, y, k = color
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return color[:3]


def pages(pdf: Path) -> list[Page]:
    """Every page with its text lines (characters sharing a baseline, left to right)."""
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            rows: dict = {}
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                key = round(ch["bottom"] / 2)  # same baseline within 2 pt
                rows.setdefault(key, []).append(ch)
            lines = []
            for key in sorted(rows):
                chars = sorted(rows[key], key=lambda c: c["x0"])
                sizes: dict = {}
                for c in chars:
                    size = round(c["size"] * 2) / 2
                    sizes[size] = sizes.get(size, 0) + 1
                lines.append(Line(
                    page=number, top=min(c["top"] for c in chars), bottom=max(c["bottom"] for c in chars),
                    x0=chars[0]["x0"], x1=chars[-1]["x1"], text="".join(c["text"] for c in chars),
                    size=max(sizes, key=sizes.__getitem__),
                    colors={_rgb(c.get("non_stroking_color")) for c in chars}))
            rules = [(float(o["top"]), float(o["x0"]), float(o["x1"])) for o in list(page.lines) + list(page.rects)
                     if abs(float(o["bottom"]) - float(o["top"])) < 4 and float(o["x1"]) - float(o["x0"]) > 20]
            out.append(Page(number, float(page.width), float(page.height), lines, rules))
    return out


def is_black(rgb: tuple) -> bool:
    return max(rgb) <= 0.13  # #212121 and darker reads as black


__all__ = ["render", "pages", "missing", "Page", "Line", "MM", "A4", "is_black"]
