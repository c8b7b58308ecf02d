"""Drafts for the web desk's tests, written here (no seed text): a department's report with
three of the five parts, so the checker has something to say, as .txt and as a real .docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

TITLE = "示例县交通运输局2024年法治政府建设年度报告"
LINES = [
    TITLE,
    "2024年，示例县交通运输局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，现将有关情况报告如下。",
    "一、2024年推进法治政府建设的主要举措和成效",
    "（一）健全依法决策机制",
    "严格落实重大行政决策程序规定，全年完成重大行政决策事项3件，均经过合法性审查和集体讨论决定。",
    "（二）规范行政执法行为",
    "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度，全年办理行政处罚案件126件。",
    "二、2024年推进法治政府建设存在的不足和原因",
    "一是执法人员专业素质有待提高；二是普法宣传形式较为单一。原因是培训投入不足。",
    "三、2025年推进法治政府建设的主要安排",
    "2025年，我局将继续加强执法队伍建设，开展执法人员轮训，创新普法宣传方式。",
    "示例县交通运输局",
    "2025年1月20日",
]
TEXT = "\n".join(LINES) + "\n"


def docx_bytes(lines: list[str] = LINES) -> bytes:
    document = docx.Document()
    for i, line in enumerate(lines):
        style = None
        if i and line[:2] in ("一、", "二、", "三、", "四、", "五、"):
            style = "Heading 1"
        elif line.startswith("（"):
            style = "Heading 2"
        document.add_paragraph(line, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(path: Path, lines: list[str] = LINES) -> Path:
    path.write_bytes(docx_bytes(lines))
    return path


def zip_bomb() -> bytes:
    """A .docx-shaped zip whose document part inflates a thousandfold (16 KB -> 16 MB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as fh:
            chunk = b" " * (1024 * 1024)
            for _ in range(16):
                fh.write(chunk)
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
