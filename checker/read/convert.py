"""Convert the word-processor files departments send (.doc, .wps, .odt, .rtf …) to .docx
with LibreOffice, so they can be checked like any .docx.

Each conversion runs ``soffice --headless`` with a private profile in its own temporary
folder (no clash with a LibreOffice the user has open, nor between parallel workers),
under a time limit; the folder is removed afterwards whatever happens.
"""

from __future__ import annotations

import os
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
    import shutil  # here and below: imported only when a file is converted

    return shutil.which("soffice") or shutil.which("libreoffice")


def _not_installed(path: Path, suffix: str) -> InputError:
    return InputError(path, f"{suffix} 文件需要 LibreOffice 转换后才能检查，但本机未安装 LibreOffice（soffice）；"
                            f"请安装 LibreOffice，或在 Word/WPS 中另存为 .docx 后再检查")


def convert_to_docx(path: Path, data: bytes, suffix: str | None = None) -> bytes:
    """The .docx LibreOffice makes of ``data`` (the contents of ``path``, a ``suffix`` file,
    by default the one its name says); InputError if it cannot."""
    suffix = suffix or path.suffix.lower()
    if soffice() is None:
        raise _not_installed(path, suffix)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fazhi-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input{suffix}"  # a plain ASCII name: LibreOffice and long/odd names do not mix
        source.write_bytes(data)
        outcome = _run(work, [source], TIME_LIMIT)[source]
        if isinstance(outcome, str):
            raise InputError(path, outcome.format(what=CONVERTIBLE.get(suffix, suffix)))
        return outcome.read_bytes()


def convert_batch(paths: list[Path], folder: Path, chunk: int = 50) -> dict:
    """Convert many files with few LibreOffice starts (a start costs seconds): path -> the
    converted .docx inside ``folder``, or an InputError. Inputs are copied under plain names
    first; nothing is written next to them."""
    out: dict = {}
    if soffice() is None:
        return {p: _not_installed(p, p.suffix.lower()) for p in paths}
    import shutil

    for start in range(0, len(paths), chunk):
        group = paths[start:start + chunk]
        work = folder / f"batch{start // chunk}"
        work.mkdir(parents=True)
        copies = {}
        for i, path in enumerate(group):
            copy = work / f"f{i:04d}{path.suffix.lower()}"
            try:
                with path.open("rb") as src, copy.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
            except OSError as exc:
                out[path] = InputError(path, f"无法读取（{exc.strerror or exc}）")
                continue
            copies[copy] = path
        if not copies:
            continue
        results = _run(work, list(copies), TIME_LIMIT + 10 * len(copies))
        for copy, path in copies.items():
            outcome = results[copy]
            what = CONVERTIBLE.get(path.suffix.lower(), path.suffix.lower())
            out[path] = InputError(path, outcome.format(what=what)) if isinstance(outcome, str) else outcome
    return out


def _run(work: Path, sources: list[Path], limit: int) -> dict:
    """Run LibreOffice over ``sources`` (files in ``work``): source -> converted path, or a
    reason with a ``{what}`` placeholder."""
    import subprocess

    outdir = work / "out"
    args = [soffice(), "--headless", "--norestore", "--nolockcheck", "--nodefault",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "docx", "--outdir", str(outdir), *map(str, sources)]
    try:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=work, start_new_session=True, env={**os.environ, "HOME": str(work)})
    except OSError as exc:
        return {s: f"无法启动 LibreOffice 转换{{what}}（{exc.strerror or exc}），请在 Word/WPS 中另存为 .docx 后再检查" for s in sources}
    try:
        out, err = proc.communicate(timeout=limit)
    except BaseException as exc:
        _kill_group(proc)
        if isinstance(exc, subprocess.TimeoutExpired):
            return {s: f"LibreOffice 转换{{what}}超过 {limit} 秒未完成，已放弃" for s in sources}
        raise
    results: dict = {}
    for source in sources:
        converted = outdir / (source.stem + ".docx")
        if converted.is_file() and converted.stat().st_size > 0:
            results[source] = converted
        else:
            results[source] = ("LibreOffice 无法把这个{what}转换为 .docx（文件可能已损坏、加密或不是{what}），"
                               "请在 Word/WPS 中打开并另存为 .docx 后再检查")
    return results


def _kill_group(proc) -> None:
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()
