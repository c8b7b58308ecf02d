"""Batches: plain-data results, streamed output, the worker pool under crashes and Ctrl-C,
worker caps, odd paths, and the files departments send (.doc/.wps/.odt/.rtf/.pdf)."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.runner import CheckOptions, check_paths, iter_check, plan_jobs

ROOT = Path(__file__).resolve().parent.parent
FAZHI = [sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_ACTIONS": ""}

REPORT = """某市司法局2024年法治政府建设年度报告
2024年，某市司法局在市委、市政府的坚强领导下，深入推进法治政府建设。
一、主要举措和成效
（一）深化行政执法改革。全年办理行政复议案件12件。
二、存在的不足和原因
一是执法队伍素质有待提高。
三、下一年度工作打算
一是加强执法人员培训。
"""


def _docx(path: Path, text: str = REPORT) -> Path:
    document = docx.Document()
    for line in text.strip().splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.fixture()
def batch(tmp_path) -> Path:
    root = tmp_path / "提交"
    root.mkdir()
    for i in range(3):
        _docx(root / f"{i}报告.docx", REPORT.replace("12件", f"{i + 3}件"))
        (root / f"{i}报告.txt").write_text(REPORT.replace("2024年，", f"2024年，第{i}份，"), encoding="utf-8")
    return root


# -- plain data -------------------------------------------------------------------------------------
def _foreign_objects(root) -> list[str]:
    """Types from lxml or python-docx reachable from ``root``."""
    seen, stack, found = set(), [root], []
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        module = getattr(type(obj), "__module__", None)
        if isinstance(module, str) and module.startswith(("lxml", "docx")):
            found.append(f"{module}.{type(obj).__name__}")
            continue
        if isinstance(obj, (str, bytes, int, float, type(None), bool, type, type(gc))):
            continue  # classes and modules are shared code, not data the result holds
        stack.extend(gc.get_referents(obj))
    return found


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_hold_no_parsed_document(batch, jobs):
    files = sorted(batch.iterdir())
    results = check_paths(files, CheckOptions(), jobs=jobs)
    assert [r.path for r in results] == [str(f) for f in files]
    assert all(r.status == "checked" and r.report is None for r in results)
    assert any(r.findings for r in results)
    assert _foreign_objects(results) == []


def test_the_object_walk_would_see_a_parsed_document(batch):
    from checker.runner import check_file

    assert _foreign_objects(check_file(sorted(batch.glob("*.docx"))[0]))  # the single-file API keeps it


# -- streaming ----------------------------------------------------------------------------------
def test_jsonl_is_the_json_records_then_the_summary(batch):
    runner = CliRunner()
    as_json = json.loads(runner.invoke(main, ["check", str(batch), "-f", "json", "-j", "1"]).output)
    lines = runner.invoke(main, ["check", str(batch), "-f", "jsonl", "-j", "2"]).output.splitlines()
    records = [json.loads(line) for line in lines]
    assert records[:-1] == as_json["files"]
    assert records[-1] == {"tool": as_json["tool"], "summary": as_json["summary"]}
    assert "path" not in records[-1]


def test_json_written_file_by_file_is_json_dumps(batch):
    from checker.output import json_format
    from checker.output.summary import summarize

    results = check_paths(sorted(batch.iterdir()), CheckOptions())
    for subset in (results, results[:1], []):
        payload = {"tool": {"name": "fazhi", "version": __import__("checker").__version__},
                   "files": [json_format.file_dict(r) for r in subset], "summary": summarize(subset)}
        assert json_format.render(subset) == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("fmt", ["text", "jsonl", "json"])
def test_output_is_written_as_each_file_is_checked(batch, monkeypatch, fmt):
    import checker.runner as runner

    cli_check = sys.modules["checker.cli.check"]
    events = []
    real_check, real_echo = runner.check_plain, cli_check._echo
    monkeypatch.setattr(runner, "check_plain", lambda path, *a, **k: (events.append(("check", path.name)),
                                                                       real_check(path, *a, **k))[1])
    monkeypatch.setattr(cli_check, "_echo", lambda text: (events.append(("write", text)), real_echo(text)))
    result = CliRunner().invoke(main, ["check", str(batch), "-f", fmt, "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    names = sorted(p.name for p in batch.iterdir())
    order = [e[1] if e[0] == "check" else "W" for e in events if e[0] == "check" or e[1]]
    # every file is written before the next one is checked; the summary comes last
    expected = [x for name in names for x in (name, "W")]
    if fmt == "json":
        expected = ["W"] + expected  # the opening of the document
    assert order == expected + ["W"]
    assert "共检查" in events[-1][1] or '"summary"' in events[-1][1]


def test_streamed_text_is_the_text_format(batch):
    from checker.output import text
    from checker.output.stream import compact, streamer

    results = check_paths(sorted(batch.iterdir()), CheckOptions())
    s = streamer("text", text)
    assert s.start() + "".join(s.file(r, i == 0) for i, r in enumerate(results)) + \
        s.end([compact(r) for r in results]) == text.render(results)


# -- the pool ----------------------------------------------------------------------------------------
def _die_on(marker):
    def fn(item):
        if item == marker:
            os.kill(os.getpid(), signal.SIGKILL)
        return item * 2
    return fn


def test_a_killed_worker_loses_only_its_item():
    from checker.workers import ordered_map

    out = list(ordered_map(_die_on(5), range(12), 2, on_crash=lambda i: ("crashed", i), on_error=None))
    assert out == [i * 2 if i != 5 else ("crashed", 5) for i in range(12)]


def test_a_killed_worker_in_a_check_run(batch, monkeypatch):
    import checker.runner as runner

    real = runner.check_plain

    def check_or_die(path, *args, **kwargs):
        if path.name == "1报告.docx":
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does when memory runs out
        return real(path, *args, **kwargs)

    monkeypatch.setattr(runner, "check_plain", check_or_die)
    files = sorted(batch.iterdir())
    results = list(iter_check(files, CheckOptions(), jobs=2))
    assert [r.path for r in results] == [str(f) for f in files]
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["1报告.docx"].status == "unreadable" and "工作进程意外终止" in by_name["1报告.docx"].error
    assert all(r.status == "checked" for n, r in by_name.items() if n != "1报告.docx")


def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc (Linux)")
def test_ctrl_c_ends_the_run_at_once(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for i in range(400):
        (root / f"{i:03d}.txt").write_text(REPORT * 20, encoding="utf-8")
    proc = subprocess.Popen([*FAZHI, "check", str(root), "-j", "2", "-f", "jsonl"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ENV, start_new_session=True)
    proc.stdout.readline()  # the first file is done: the workers are running
    deadline = time.monotonic() + 30
    workers = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert workers, "no worker processes seen"
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole foreground group
    start = time.monotonic()
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 3
    assert proc.returncode == 130
    assert "Traceback" not in err.decode()
    assert err.decode().strip().splitlines() == ["fazhi：错误：已中断"]
    time.sleep(0.2)
    alive = [p for p in workers if Path(f"/proc/{p}").exists()
             and "Z" not in (Path(f"/proc/{p}/stat").read_text().split()[2:3] or ["Z"])]
    assert alive == []


def test_jobs_plan():
    from checker.runner import usable_cpus

    cpus = usable_cpus()
    assert plan_jobs(None, 1) == 1 and plan_jobs(None, 5) == 1  # small batches run serially
    assert plan_jobs(None, 10_000) == cpus
    assert plan_jobs(128, 20_000) <= cpus  # never more workers than CPUs
    assert plan_jobs(4, 2) <= 2


# -- odd paths -----------------------------------------------------------------------------------------
def test_too_long_names_are_one_line_each(batch, tmp_path):
    long_file = batch / ("很长" * 50 + ".docx")  # over 255 bytes: cannot exist
    long_dir = tmp_path / ("目录" * 50)
    args = ["check", str(long_file), str(batch / "0报告.txt"), str(long_dir / "x.txt"), "-f", "json", "-j", "1"]
    proc = subprocess.run([*FAZHI, *args], capture_output=True, text=True, env=ENV)
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    statuses = {Path(f["path"]).name: (f["status"], f["error"]) for f in data["files"]}
    assert statuses["0报告.txt"][0] == "checked"
    assert [s for s, _ in statuses.values()].count("unreadable") == 2
    assert all("过长" in e for s, e in statuses.values() if s == "unreadable")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 2
    # -o and --annotate with such names, outline and format: one line, no traceback
    good = str(batch / "0报告.docx")
    for args in (["check", str(batch), "-j", "1", "-o", str(tmp_path / ("很长" * 50 + ".json"))],
                 ["check", str(batch), "-j", "1", "--annotate", str(long_dir)],
                 ["outline", str(long_file)],
                 ["format", str(long_file), "-o", str(tmp_path / "out.docx")],
                 ["format", good, "-o", str(tmp_path / ("很长" * 50 + ".docx"))]):
        proc = subprocess.run([*FAZHI, *args], capture_output=True, text=True, env=ENV)
        assert "Traceback" not in proc.stderr and proc.returncode == 2, (args[0], proc.stderr[-300:])
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root enters every directory")
def test_a_directory_that_cannot_be_entered(batch):
    locked = batch / "锁住"
    locked.mkdir()
    (locked / "a.txt").write_text(REPORT, encoding="utf-8")
    locked.chmod(0)
    try:
        proc = subprocess.run([*FAZHI, "check", str(batch), "-f", "json", "-j", "1"], capture_output=True,
                              text=True, env=ENV)
    finally:
        locked.chmod(0o755)
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert sum(1 for f in data["files"] if f["status"] == "checked") == 6
    assert any("锁住" in f["path"] and f["status"] == "unreadable" for f in data["files"])


# -- the files departments send ---------------------------------------------------------------------
FORMATS = ["text", "json", "jsonl", "sarif", "junit", "github", "gitlab", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_pdf_is_listed_as_not_checked_in_every_format(tmp_path, fmt):
    root = tmp_path / "提交"
    root.mkdir()
    (root / "报告.txt").write_text(REPORT, encoding="utf-8")
    (root / "盖章版.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    result = CliRunner().invoke(main, ["check", str(root), "-f", fmt, "-j", "1"], env={"GITHUB_STEP_SUMMARY": ""})
    assert result.exit_code == 2
    out = result.stdout
    assert "盖章版.pdf" in out or "%E7%9B%96%E7%AB%A0%E7%89%88.pdf" in out, out[-2000:]
    assert "PDF 文件无法检查" in out, out[-2000:]
    assert "报告.txt" in out or "%E6%8A%A5%E5%91%8A.txt" in out


def test_without_libreoffice_each_legacy_file_gets_one_line(tmp_path):
    root = tmp_path / "提交"
    root.mkdir()
    for name in ("甲.doc", "乙.wps", "丙.odt", "丁.rtf"):
        (root / name).write_bytes(b"{\\rtf1 not really}")
    (root / "报告.txt").write_text(REPORT, encoding="utf-8")
    proc = subprocess.run([*FAZHI, "check", str(root), "-f", "json", "-j", "1"], capture_output=True, text=True,
                          env={**ENV, "FAZHI_SOFFICE": "none"})
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 4 and "Traceback" not in proc.stderr
    assert all("未安装 LibreOffice" in line for line in lines)
    data = json.loads(proc.stdout)
    assert [f["status"] for f in data["files"]].count("checked") == 1


def _soffice():
    from checker.read.convert import soffice

    return soffice()


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    """.doc, .odt and .rtf made by LibreOffice from a .docx, a .wps (a .doc by another name)
    and a damaged .odt."""
    command = _soffice()
    if not command:
        pytest.skip("没有安装 LibreOffice（soffice），跳过转换测试")
    work = tmp_path_factory.mktemp("legacy")
    source = _docx(work / "原稿.docx")
    root = work / "提交"
    root.mkdir()
    procs = []
    for target in ("doc", "odt", "rtf"):  # three private profiles: the three run at once
        procs.append(subprocess.Popen(
            [command, "--headless", "--norestore", f"-env:UserInstallation={(work / ('p-' + target)).as_uri()}",
             "--convert-to", target, "--outdir", str(root), str(source)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for proc in procs:
        proc.wait(timeout=300)
    for target in ("doc", "odt", "rtf"):
        assert (root / f"原稿.{target}").is_file(), f"LibreOffice did not write .{target}"
    (root / "原稿-wps.wps").write_bytes((root / "原稿.doc").read_bytes())
    (root / "损坏.odt").write_bytes(b"PK\x03\x04" + os.urandom(200))
    return source, root


def test_legacy_files_are_converted_and_checked(legacy, tmp_path):
    from checker.read.document import read_document

    source, root = legacy
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.run([*FAZHI, "check", str(root), "-f", "json", "-j", "2"], capture_output=True, text=True,
                          env={**ENV, "TMPDIR": str(tmp)}, timeout=600)
    assert "Traceback" not in proc.stderr
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    original = read_document(source)
    expected = {f.rule for f in check_paths([source], CheckOptions())[0].findings}
    for name in ("原稿.doc", "原稿.odt", "原稿.rtf", "原稿-wps.wps"):
        record = files[name]
        assert record["status"] == "checked", (name, record["error"])
        assert record["meta"]["converted_from"] == Path(name).suffix
        assert {f["rule"] for f in record["findings"]} == expected, name
        assert all("转换" in f["message"] for f in record["findings"])
    broken = files["损坏.odt"]
    assert broken["status"] == "unreadable" and "LibreOffice" in broken["error"]
    assert proc.stderr.count("\n") == 1 and "损坏.odt" in proc.stderr
    assert list(tmp.iterdir()) == []  # the temporary folders and profiles are gone
    assert original.blocks  # the reader reads the original too


def test_one_legacy_file_with_an_annotated_copy(legacy, tmp_path):
    _, root = legacy
    out = tmp_path / "批注"
    proc = subprocess.run([*FAZHI, "check", str(root / "原稿.rtf"), "-f", "jsonl", "--annotate", str(out)],
                          capture_output=True, text=True, env=ENV, timeout=600)
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    record = json.loads(proc.stdout.splitlines()[0])
    copy = out / "原稿.docx"
    assert copy.is_file()
    assert len(list(docx.Document(str(copy)).comments)) == len(record["findings"])
