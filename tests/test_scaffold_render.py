"""The skeleton opens in LibreOffice; its first page (PNG) carries the title and the 一、 headings.

Uses tools/render_first_page.sh (soffice --headless --convert-to pdf, then pdftoppm). Skipped
with a reason when LibreOffice or poppler is not installed
(Debian: apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from checker.scaffold.generate import new_report

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "render_first_page.sh"

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) or poppler-utils (pdftoppm, pdftotext) not installed",
)


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def _page_text(pdf: Path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, timeout=60, check=True)
    return "".join(out.stdout.split())  # LibreOffice may space "2025 年": compare without blanks


def test_first_page_renders_with_title_and_headings(tmp_path):
    docx_path = tmp_path / "报告.docx"
    new_report(org="广州市花都区人民政府", year=2025, level=None, pack=None, data=None, reference=None,
               template_dir=None, output=docx_path, force=False)
    png, pdf = tmp_path / "第一页.png", tmp_path / "报告.pdf"
    done = subprocess.run(["sh", str(SCRIPT), str(docx_path), str(png), "60", str(pdf)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    width, height = _png_size(png)
    assert 1.38 < height / width < 1.44  # A4 portrait
    first = _page_text(pdf, 1)
    assert first.startswith("广州市花都区人民政府2025年法治政府建设年度报告")
    assert "一、2025年推进法治政府建设的主要举措和成效" in first
    assert "（一）深入学习贯彻习近平法治思想" in first
    assert first.endswith("—1—")  # the PAGE field in the odd-page footer
    assert "—2—" in _page_text(pdf, 2)


def test_render_script_reports_missing_input(tmp_path):
    done = subprocess.run(["sh", str(SCRIPT), str(tmp_path / "无.docx"), str(tmp_path / "x.png")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "文件不存在" in done.stderr
