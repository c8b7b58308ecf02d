"""Convert the word-processor files departments send (.doc, .wps, .odt, .rtf …) to .docx
with LibreOffice, so they can be checked like any .docx.

Each conversion runs ``soffice --headless`` with a private profile in its own temporary
folder (no clash with a LibreOffice the user has open, nor between parallel workers),
under a time limit; the folder is removed afterwards whatever happens.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from checker.errors import InputError

# suffix -> what the file is, for messages
CONVERTIBLE = {
    ".doc": "Word 97-2003 文档", ".dot": "Word 97-2003 模板", ".wps": "WPS 文字文档", ".wpt": "WPS 文字模板",
    ".odt": "OpenDocument 文本", ".ott": "OpenDocument 模板", ".rtf": "RTF 文档",
}
TIME_LIMIT = 120  # seconds for one file (a cold LibreOffice start alone takes a few)
SOFFICE_ENV = "FAZHI_SOFFICE"  # path of soffice, or "none" to act as if it were not installed


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    chosen = os.environ.get(SOFFICE_ENV)
    if chosen:
        return None if chosen.lower() == "none" else chosen
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: Path, data: bytes, suffix: str | None = None) -> bytes:
    """The .docx LibreOffice makes of ``data`` (the contents of ``path``, a ``suffix`` file,
    by default the one its name says); InputError if it cannot."""
    suffix = suffix or path.suffix.lower()
    what = CONVERTIBLE.get(suffix, suffix)
    command = soffice()
    if command is None:
        raise InputError(path, f"{suffix} 文件需要 LibreOffice 转换后才能检查，但本机未安装 LibreOffice（soffice）；"
                               f"请安装 LibreOffice，或在 Word/WPS 中另存为 .docx 后再检查")
    with tempfile.TemporaryDirectory(prefix="fazhi-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"  # a plain ASCII name: LibreOffice and long/odd names do not mix
        source.write_bytes(data)
        args = [command, "--headless", "--norestore", "--nolockcheck", "--nodefault",
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        try:
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    cwd=work, start_new_session=True, env={**os.environ, "HOME": str(work)})
        except OSError as exc:
            raise InputError(path, f"无法启动 LibreOffice 转换 {what}（{exc.strerror or exc}）") from None
        try:
            out, err = proc.communicate(timeout=TIME_LIMIT)
        except BaseException as exc:
            _kill_group(proc)
            if isinstance(exc, subprocess.TimeoutExpired):
                raise InputError(path, f"LibreOffice 转换 {what} 超过 {TIME_LIMIT} 秒未完成，已放弃") from None
            raise
        result = work / "out" / "input.docx"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
            hint = f"：{detail[-1][:120]}" if detail else ""
            raise InputError(path, f"LibreOffice 无法把这个 {what} 转换为 .docx（文件可能已损坏或加密）{hint}")
        return result.read_bytes()


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()
