"""Hostile use, round two: nothing lost, nothing hung, nothing overwritten.

Every case builds its own input (tests/hostile2build.py) in a temporary folder and runs
the real command line in a child process with memory and CPU limits. Case numbers follow
the list of findings they answer; the letters after a number are its neighbours.
"""

from __future__ import annotations

import hashlib
import os
import resource
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

import hostile2build as build

ROOT = Path(__file__).resolve().parent.parent
FAZHI = [sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())"]
MEMORY = 1536 * 1024 * 1024
CPU_SECONDS = 60
GB = 1024 ** 3


def fazhi(*args, cwd=None, umask=None, stdout=subprocess.PIPE, env=None, timeout=120):
    def preexec():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
        if umask is not None:
            os.umask(umask)

    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if not (env and "GITHUB_ACTIONS" in env) else None
    return subprocess.run([*FAZHI, *map(str, args)], stdout=stdout, stderr=subprocess.PIPE, cwd=cwd,
                          env=full_env, timeout=timeout, preexec_fn=preexec, text=True)


def one_error_line(result, *needles) -> str:
    """The run ended with exit 2 and exactly one Chinese error line naming ``needles``."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def race(*args, runs: int = 3) -> list[tuple[int, str]]:
    """``runs`` copies of one command started at once: each one's exit code and stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([*FAZHI, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=env, text=True) for _ in range(runs)]
    outcomes = [(p.wait(120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stderr.close()
    return outcomes


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def report(tmp_path) -> Path:
    return build.write_report_txt(tmp_path / "报告.txt")


@pytest.fixture
def draft(tmp_path) -> Path:
    return build.write_report_docx(tmp_path / "草稿.docx")


# ---- 3: an output that is an input is refused, --force or not ----------------------------

def test_003_check_output_is_its_input(report):
    before = digest(report)
    for extra in ([], ["--force"]):
        result = fazhi("check", report, "-o", report, *extra)
        one_error_line(result, "输出文件不能是输入文件")
        assert digest(report) == before


def test_003b_check_output_is_a_link_to_its_input(tmp_path, report):
    before = digest(report)
    os.symlink(report, tmp_path / "软链接.txt")
    os.link(report, tmp_path / "硬链接.txt")
    for name in ("软链接.txt", "硬链接.txt"):
        result = fazhi("check", report, "-o", tmp_path / name, "--force")
        one_error_line(result, "输出文件不能是输入文件", str(report))
        assert digest(report) == before
    assert (tmp_path / "软链接.txt").is_symlink()


def test_003c_check_output_is_a_file_found_in_a_checked_folder(tmp_path, report):
    before = digest(report)
    result = fazhi("check", tmp_path, "-o", report, "--force")
    one_error_line(result, "输出文件不能是输入文件")
    assert digest(report) == before


def test_003d_check_output_is_the_config_or_a_pack(tmp_path, report):
    config = tmp_path / ".fazhi.yaml"
    config.write_text("year: 2024\n", encoding="utf-8")
    pack = tmp_path / "my-pack.yaml"
    pack.write_text(build.pack_text("mine", extends="national"), encoding="utf-8")
    for args, target in (([], config), (["--config", config], config), (["--pack", pack], pack)):
        before = digest(target)
        result = fazhi("check", report, *args, "-o", target, "--force")
        one_error_line(result, "输出文件不能是输入文件")
        assert digest(target) == before


def test_003e_format_output_is_a_hard_link_to_its_input(tmp_path, draft):
    before = digest(draft)
    os.link(draft, tmp_path / "副本.docx")
    result = fazhi("format", draft, "-o", tmp_path / "副本.docx", "--force")
    one_error_line(result, "输入文件")
    assert digest(draft) == before


def test_003f_new_output_is_its_reference(tmp_path, draft):
    before = digest(draft)
    for target in (draft, tmp_path / "link.docx"):
        if target != draft:
            os.symlink(draft, target)
        result = fazhi("new", "--org", "某某市人民政府", "--year", "2024", "--reference", draft, "-o", target, "--force")
        one_error_line(result, "输出文件不能是输入文件")
        assert digest(draft) == before


def test_003g_annotate_never_writes_over_an_input(tmp_path, draft):
    outdir = tmp_path / "批注"
    outdir.mkdir()
    os.link(draft, outdir / "草稿.docx")  # the copy's natural name is a hard link to the input
    before = digest(draft)
    result = fazhi("check", draft, "--annotate", outdir, "--force")
    assert result.returncode in (0, 1), result.stderr
    assert digest(draft) == before
    assert (outdir / "草稿-2.docx").is_file()


# ---- 4: devices, pipes and a full disk -----------------------------------------------------

def test_004_output_symlink_to_dev_null_is_written_as_a_stream(tmp_path, report):
    link = tmp_path / "null.txt"
    os.symlink("/dev/null", link)
    for extra in ([], ["--force"]):
        result = fazhi("check", report, "-o", link, *extra)
        assert result.returncode in (0, 1), result.stderr
        assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_004b_private_device_node_is_never_renamed_over(tmp_path, report):
    node = tmp_path / "null-node"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    except (PermissionError, OSError):
        pytest.skip("cannot create a device node here (not root)")
    result = fazhi("check", report, "-o", node, "--force")
    assert result.returncode in (0, 1), result.stderr
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_004c_fifo_is_written_as_a_stream(tmp_path, report):
    fifo = tmp_path / "管道"
    os.mkfifo(fifo)
    received = []

    def reader():
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    time.sleep(0.2)
    result = fazhi("check", report, "-o", fifo)
    thread.join(10)
    assert result.returncode in (0, 1), result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "共检查 1 个文件".encode() in received[0]


def test_004d_fifo_without_reader_is_an_error_not_a_hang(tmp_path, report):
    fifo = tmp_path / "没人读的管道"
    os.mkfifo(fifo)
    result = fazhi("check", report, "-o", fifo, timeout=60)
    one_error_line(result, "无法写入")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_004e_full_disk_is_an_error_for_every_writer(tmp_path, report, draft):
    full = tmp_path / "满.docx"
    os.symlink("/dev/full", full)
    full_txt = tmp_path / "满.txt"
    os.symlink("/dev/full", full_txt)
    runs = [
        ("check", report, "-o", full_txt),
        ("format", draft, "-o", full),
        ("new", "--org", "某某市人民政府", "--year", "2024", "-o", full),
        ("init", "-o", full_txt),
    ]
    for args in runs:
        one_error_line(fazhi(*args), "磁盘空间不足")
    assert os.readlink(full) == "/dev/full"


def test_004f_block_device_and_socket_are_refused(tmp_path, report):
    sock_path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        one_error_line(fazhi("check", report, "-o", sock_path, "--force"), "套接字")
    finally:
        server.close()
    block = tmp_path / "disk.txt"
    try:
        os.mknod(block, stat.S_IFBLK | 0o600, os.makedev(240, 250))  # no such disk
    except (PermissionError, OSError):
        return
    one_error_line(fazhi("check", report, "-o", block, "--force"), "块设备")
    assert stat.S_ISBLK(os.lstat(block).st_mode)


def test_004h_dev_stdout_redirected_to_a_file_is_a_stream(tmp_path, report):
    if not os.path.islink("/dev/stdout"):
        pytest.skip("/dev/stdout is not a symlink here")
    out = tmp_path / "重定向.txt"
    with open(out, "w") as fh:
        result = fazhi("check", report, "-o", "/dev/stdout", stdout=fh)  # no --force: nothing to replace
    assert result.returncode in (0, 1), result.stderr
    assert "共检查 1 个文件" in out.read_text(encoding="utf-8")
    assert os.path.islink("/dev/stdout")


def test_004g_dangling_symlink_is_not_followed(tmp_path, report):
    link = tmp_path / "out.txt"
    target = tmp_path / "elsewhere.txt"
    os.symlink(target, link)
    one_error_line(fazhi("check", report, "-o", link), "已存在")
    result = fazhi("check", report, "-o", link, "--force")
    assert result.returncode in (0, 1), result.stderr
    assert not target.exists() and link.is_file() and not link.is_symlink()


# ---- 5: never overwrite without --force, also under races ---------------------------------

def test_005_two_concurrent_formats_one_output(tmp_path, draft):
    target = tmp_path / "同一个.docx"
    outcomes = race("format", draft, "-o", target)
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 2, 2], outcomes
    assert any("已存在" in err for code, err in outcomes if code == 2)
    assert zipfile.is_zipfile(target)


def test_005b_publish_refuses_a_file_that_appeared_after_the_check(tmp_path, monkeypatch):
    from checker import atomic
    from checker.errors import UsageError

    target = tmp_path / "out.txt"
    monkeypatch.setattr(atomic, "ensure_writable", lambda *a, **k: None)  # the early check passed…
    target.write_text("另一个进程先写好的结果", encoding="utf-8")  # …then someone else wrote it
    with pytest.raises(UsageError, match="已存在"):
        atomic.write_text(target, "后来者")
    assert target.read_text(encoding="utf-8") == "另一个进程先写好的结果"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left


def test_005c_concurrent_checks_one_output(tmp_path, report):
    target = tmp_path / "结果.txt"
    errors = race("check", report, "-o", target)
    winners = [e for e in errors if e[0] in (0, 1)]
    assert len(winners) == 1, errors
    assert all("已存在" in err for code, err in errors if code == 2)


def test_005d_without_hard_links_the_file_is_still_created_exclusively(tmp_path, monkeypatch):
    import errno

    from checker import atomic
    from checker.errors import UsageError

    def no_links(*args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    target = tmp_path / "out.txt"
    atomic.write_text(target, "第一份")
    assert target.read_text(encoding="utf-8") == "第一份"
    assert stat.S_IMODE(target.stat().st_mode) == atomic.file_mode()
    monkeypatch.setattr(atomic, "ensure_writable", lambda *a, **k: None)
    with pytest.raises(UsageError, match="已存在"):
        atomic.write_text(target, "第二份")
    assert target.read_text(encoding="utf-8") == "第一份"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


# ---- 6: YAML alias bombs ------------------------------------------------------------------

def test_006_alias_bomb_in_discovered_config(tmp_path, report):
    (tmp_path / ".fazhi.yaml").write_text(build.alias_bomb(), encoding="utf-8")
    started = time.monotonic()
    result = fazhi("check", tmp_path, timeout=60)
    assert time.monotonic() - started < 30
    one_error_line(result, ".fazhi.yaml:", "YAML 炸弹")


def test_006b_alias_bomb_in_config_pack_and_validate(tmp_path, report):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(build.alias_bomb(), encoding="utf-8")
    for args in (("check", report, "--config", bomb), ("check", report, "--pack", bomb),
                 ("rules", "validate", bomb), ("new", "--org", "某某市人民政府", "--year", "2024",
                                               "--data", bomb, "-o", tmp_path / "n.docx")):
        result = fazhi(*args, timeout=60)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (args, result.stderr)
        assert f"{bomb}:" in result.stderr and "YAML 炸弹" in result.stderr, (args, result.stderr)


def test_006c_self_referring_alias_and_deep_nesting(tmp_path, report):
    for name, text in (("self.yaml", "rules: &r\n  x: *r\n"), ("deep.yaml", "ignore: " + "[" * 300 + "]" * 300 + "\n")):
        config = tmp_path / name
        config.write_text(text, encoding="utf-8")
        one_error_line(fazhi("check", report, "--config", config), f"{config}:")


def test_006d_alias_bomb_in_a_template_folder(tmp_path):
    from checker.errors import PackError
    from checker.packs.yamlload import load_yaml

    path = tmp_path / "areas.yaml"
    path.write_text(build.alias_bomb(), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(PackError, match=r"areas\.yaml:\d+.*YAML 炸弹"):
        load_yaml(path)
    assert time.monotonic() - started < 2


def test_006e_reasonable_aliases_still_load(tmp_path):
    from checker.packs.yamlload import load_yaml

    path = tmp_path / "ok.yaml"
    path.write_text("common: &c [依法行政, 法治政府]\na: *c\nb: *c\nmerged:\n  <<: {x: 1}\n  y: 2\n", encoding="utf-8")
    data = load_yaml(path)
    assert data["a"] == data["b"] == ["依法行政", "法治政府"] and data["merged"] == {"x": 1, "y": 2}


# ---- 7: automatic numbering at 10^12 --------------------------------------------------------

@pytest.mark.parametrize("fmt", ["upperRoman", "upperLetter", "chineseCounting", "lowerRoman", "ideographDigital"])
def test_007_numbering_from_ten_to_the_twelfth(tmp_path, fmt):
    path = tmp_path / f"{fmt}.docx"
    path.write_bytes(build.numbering_package(10 ** 12, fmt, paragraphs=40))
    started = time.monotonic()
    result = fazhi("check", path)
    assert time.monotonic() - started < 30
    assert result.returncode in (0, 1), result.stderr
    assert "1000000000039" in result.stdout or "〇" in result.stdout or "1000000000000" in result.stdout
    if fmt in ("upperRoman", "upperLetter", "lowerRoman"):
        assert result.stdout.count("按阿拉伯数字显示") == 1  # said once


def test_007b_label_rendering_bounds():
    from checker.read.numbering import MAX_LETTERS, MAX_ROMAN, format_number

    assert format_number(3999, "upperRoman") == "MMMCMXCIX"
    assert format_number(MAX_ROMAN + 1, "upperRoman") == str(MAX_ROMAN + 1)
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(MAX_LETTERS + 1, "upperLetter") == str(MAX_LETTERS + 1)
    assert format_number(-3, "ideographDigital") == "-三"
    assert format_number(10 ** 12, "chineseCounting") == str(10 ** 12)


def test_007c_odd_numbering_attributes_do_not_crash(tmp_path):
    from checker.read.document import read_document

    for start, ilvl in (("²", "0"), ("9" * 5000, "0"), ("-5", "0"), ("abc", "0"), ("1", "abc"), ("1", "50"),
                        ("1", "²")):
        path = tmp_path / "odd.docx"
        path.write_bytes(build.numbering_package(start, "upperRoman", ilvl=ilvl))
        document = read_document(path)
        assert len(document.blocks) == 4


@pytest.mark.parametrize("value", ["²", "9" * 5000, "-1", "abc"])
def test_007d_odd_outline_and_list_levels_do_not_crash(tmp_path, value):
    from checker.read.document import read_document

    path = tmp_path / "levels.docx"
    path.write_bytes(build.odd_level_attributes_docx(value))
    document = read_document(path)  # read as having no such level, not refused as broken
    assert [b.text for b in document.blocks][:3] == build.REPORT_LINES[:3]


# ---- 8: sizes checked before reading --------------------------------------------------------

def _sparse(path: Path, size: int = 3 * GB) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def test_008_sparse_giant_inputs_are_refused_without_reading(tmp_path):
    folder = tmp_path / "大文件"
    folder.mkdir()
    _sparse(folder / "巨大.docx")
    _sparse(folder / "巨大.txt")
    build.write_report_txt(folder / "正常.txt")
    started = time.monotonic()
    result = fazhi("check", folder)
    assert time.monotonic() - started < 30
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("过大") == 2, result.stderr
    assert "共检查 3 个文件" in result.stdout


def test_008b_sparse_giant_yaml_everywhere(tmp_path, report):
    giant = _sparse(tmp_path / "giant.yaml")
    for args in (("check", report, "--config", giant), ("check", report, "--pack", giant),
                 ("rules", "validate", giant),
                 ("new", "--org", "某某市人民政府", "--year", "2024", "--data", giant, "-o", tmp_path / "n.docx")):
        result = fazhi(*args)
        assert result.returncode == 2 and "过大" in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
    folder = tmp_path / "sub"
    folder.mkdir()
    build.write_report_txt(folder / "a.txt")
    os.link(giant, folder / ".fazhi.yaml")
    one_error_line(fazhi("check", folder), ".fazhi.yaml", "过大")


def test_008c_endless_devices_are_read_only_up_to_the_limit(tmp_path, report):
    zero = tmp_path / "zero.yaml"
    os.symlink("/dev/zero", zero)
    one_error_line(fazhi("check", report, "--config", zero), "过大")
    ref = tmp_path / "ref.docx"
    os.symlink("/dev/zero", ref)
    one_error_line(fazhi("new", "--org", "某某市人民政府", "--year", "2024", "--reference", ref, "-o", tmp_path / "n.docx"),
                   "过大")


# ---- 13: stdout on a full disk ------------------------------------------------------------

@pytest.mark.parametrize("args", [("check", "{report}"), ("outline", "{report}"), ("rules", "list"),
                                  ("explain", "national.section-missing"), ("init", "-o", "-"),
                                  ("--version",), ("--help",), ("check", "--help")])
def test_013_stdout_on_a_full_disk(report, args):
    with open("/dev/full", "w") as full:
        result = fazhi(*[a.format(report=report) for a in args], stdout=full)
    one_error_line(result, "磁盘空间不足")


# ---- 14: integers beyond Python's int-string limit ----------------------------------------

def test_014_huge_integer_in_config_data_and_pack(tmp_path, report):
    config = tmp_path / "c.yaml"
    config.write_text(f"rules:\n  national.section-missing: error\nyear: {build.huge_int()}\n", encoding="utf-8")
    one_error_line(fazhi("check", report, "--config", config), f"{config}:3", "数字过长")
    data = tmp_path / "data.yaml"
    data.write_text(f"reconsideration:\n  received: {build.huge_int()}\n", encoding="utf-8")
    one_error_line(fazhi("new", "--org", "某某市人民政府", "--year", "2024", "--data", data, "-o", tmp_path / "n.docx"),
                   f"{data}:2", "数字过长")
    pack = tmp_path / "p.yaml"
    pack.write_text(build.pack_text("p") + "rules:\n  - id: x\n    check: existence\n    severity: warning\n"
                    f"    message: m\n    basis: b\n    tokens: [法制]\n    max_findings: {build.huge_int()}\n",
                    encoding="utf-8")
    result = fazhi("check", report, report, "--pack", pack)
    line = one_error_line(result, f"{pack}:11", "数字过长")
    assert "内部错误" not in line


def test_014b_base60_integer_and_impossible_dates(tmp_path, report):
    config = tmp_path / "c.yaml"
    config.write_text("year: 1" + ":0" * 300000 + "\n", encoding="utf-8")
    started = time.monotonic()
    one_error_line(fazhi("check", report, "--config", config), f"{config}:1")
    assert time.monotonic() - started < 20
    config.write_text("ignore:\n  - 2024-13-45\n", encoding="utf-8")
    one_error_line(fazhi("check", report, "--config", config), f"{config}:2", "2024-13-45")


# ---- 15: every config value's type ----------------------------------------------------------

@pytest.mark.parametrize("text,line,needle", [
    ("paths:\n  - files: 5\n", 2, "files"),
    ("paths:\n  - files: [1, 2]\n", 2, "files"),
    ("paths:\n  - files: {a: 1}\n", 2, "files"),
    ("paths:\n  - files:\n    year: 2024\n", 2, "files"),
    ("paths:\n  files: a.txt\n", 1, "paths"),
    ("rules:\n  national.section-missing:\n    enabled: maybe\n", 3, "enabled"),
    ("rules:\n  national.section-missing: maybe\n", 2, "maybe"),
    ("rules:\n  1: off\n", 2, "规则 id"),
    ("packs:\n  - {a: 1}\n", 2, "packs"),
    ("ignore:\n  - 5\n", 2, "ignore"),
    ("ignore: '*.bak'\n", 1, "ignore"),
    ("level: [government]\n", 1, "level"),
])
def test_015_config_value_types(tmp_path, report, text, line, needle):
    config = tmp_path / "c.yaml"
    config.write_text(text, encoding="utf-8")
    one_error_line(fazhi("check", report, "--config", config), f"{config}:{line}", needle)


def test_015b_enabled_maybe_on_the_command_line_and_in_a_pack(tmp_path, report):
    one_error_line(fazhi("check", report, "--rule", "national.section-missing=maybe"), "maybe")
    pack = tmp_path / "p.yaml"
    pack.write_text(build.pack_text("p", extends="national") + "rules:\n  - id: section-missing\n    enabled: maybe\n",
                    encoding="utf-8")
    one_error_line(fazhi("check", report, "--pack", pack), f"{pack}:", "enabled")


def test_015c_valid_config_still_works(tmp_path, report):
    config = tmp_path / "c.yaml"
    config.write_text("year: 2024\nrules:\n  national.section-missing: {enabled: false}\n  reviewer.coverage: off\n"
                      "paths:\n  - files: '*.txt'\n    level: government\n  - files: ['a/*.docx', 'b/*.docx']\n"
                      "ignore: ['*.bak']\n", encoding="utf-8")
    result = fazhi("check", report, "--config", config)
    assert result.returncode in (0, 1), result.stderr
    assert "reviewer.coverage" not in result.stdout


# ---- 16: comments with ids that are not numbers ---------------------------------------------

def test_016_annotate_with_comment_id_abc(tmp_path):
    from docx.oxml.ns import qn
    import docx

    path = tmp_path / "批注过的.docx"
    path.write_bytes(build.with_comment_ids(build.report_docx_bytes(), ["abc", "7", "9" * 5000]))
    outdir = tmp_path / "out"
    result = fazhi("check", path, "--annotate", outdir)
    assert result.returncode in (0, 1), result.stderr
    copy = docx.Document(outdir / "批注过的.docx")
    ids = [c.get(qn("w:id")) for c in copy.part._comments_part.element.findall(qn("w:comment"))]
    assert ids[:3] == ["abc", "7", "9" * 5000]  # the old comments kept, in place
    assert len(ids) > 3 and len(set(ids)) == len(ids)


# ---- 17: macro-enabled documents --------------------------------------------------------------

@pytest.mark.parametrize("suffix,template", [(".docm", False), (".dotm", True)])
def test_017_macro_enabled_documents_are_read(tmp_path, suffix, template):
    path = tmp_path / f"宏{suffix}"
    path.write_bytes(build.macro_package(template))
    result = fazhi("check", path, "--annotate", tmp_path / "out")
    assert result.returncode in (0, 1), result.stderr
    assert "无法读取" not in result.stdout + result.stderr
    copy = zipfile.ZipFile(tmp_path / "out" / "宏.docx")
    assert not [n for n in copy.namelist() if "vba" in n.lower()]  # a .docx copy carries no macros
    assert b"vbaProject" not in copy.read("word/_rels/document.xml.rels")
    assert zipfile.ZipFile(path).read("word/vbaProject.bin")  # the input is untouched


# ---- 21: GitHub format escapes file names on every stream ----------------------------------

def test_021_github_unreadable_file_name_cannot_inject_commands(tmp_path):
    folder = tmp_path / "提交"
    folder.mkdir()
    evil = folder / "a\n::stop-commands::pwn\n::error title=伪造::evil.docx"
    evil.write_bytes(b"not a zip")
    build.write_report_txt(folder / "正常.txt")
    summary = tmp_path / "summary.md"
    result = fazhi("check", folder, "--format", "github", env={"GITHUB_ACTIONS": "true",
                                                             "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 2
    for stream in (result.stdout, result.stderr):
        for line in stream.splitlines():
            assert not line.startswith("::stop-commands::pwn") and "::error title=伪造" not in line.split("::", 1)[0]
            if line.startswith("::"):
                assert line.startswith(("::error ", "::warning ", "::notice ", "::group::", "::endgroup::",
                                        "::stop-commands::fazhi-", "::fazhi-")), line
    assert "无法读取" in result.stderr and "\n::" not in result.stderr


# ---- 22: modes, "-" and terminal escapes ----------------------------------------------------

@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600)])
def test_022_outputs_respect_the_umask(tmp_path, report, draft, umask, mode):
    out = tmp_path / "out"
    outputs = {
        "check": (("check", report, "-o", out / "r.txt"), out / "r.txt"),
        "format": (("format", draft, "-o", out / "f.docx"), out / "f.docx"),
        "init": (("init", "-o", out / "c.yaml"), out / "c.yaml"),
        "annotate": (("check", draft, "--annotate", out / "ann"), out / "ann" / "草稿.docx"),
    }
    for args, path in outputs.values():
        result = fazhi(*args, umask=umask)
        assert result.returncode in (0, 1), result.stderr
        assert stat.S_IMODE(os.stat(path).st_mode) == mode, (args, oct(os.stat(path).st_mode))
    os.chmod(out / "r.txt", 0o600)
    fazhi("check", report, "-o", out / "r.txt", "--force", umask=umask)
    assert stat.S_IMODE(os.stat(out / "r.txt").st_mode) == mode


def test_022b_dash_means_stdout(tmp_path, report, draft):
    result = fazhi("check", report, "-o", "-", "--format", "json", cwd=tmp_path)
    assert '"summary"' in result.stdout and not (tmp_path / "-").exists()
    result = fazhi("init", "-o", "-", cwd=tmp_path)
    assert "year" in result.stdout and not (tmp_path / "-").exists()
    out = subprocess.run([*FAZHI, "format", str(draft), "-o", "-"], capture_output=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert out.returncode == 0 and out.stdout.startswith(b"PK") and not (tmp_path / "-").exists()
    assert "已生成：-" in out.stderr.decode()


def test_022c_terminal_escapes_are_neutralised(tmp_path):
    folder = tmp_path / "终端"
    folder.mkdir()
    (folder / "a\x1b]0;pwned\x07\x1b[2J.txt").write_text(
        build.report_text().replace("主要负责人认真履行", "主要负责人\x1b[31m认真\x9b31m履行\u202e"), encoding="utf-8")
    (folder / "b\x1b[31m坏\r.docx").write_bytes(b"not a zip")
    result = fazhi("check", folder)
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream and "\u202e" not in stream
        assert "\r" not in stream
    assert "␛" in result.stdout and "␛" in result.stderr


def test_022d_outline_and_rule_texts_are_neutralised(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text(build.report_text().replace("三、存在的不足和原因", "三、存在的\x1b[2J不足和原因"), encoding="utf-8")
    pack = tmp_path / "p.yaml"
    pack.write_text(build.pack_text("p") + "rules:\n  - id: x\n    check: existence\n    severity: warning\n"
                    '    message: "\\e]0;pwned\\a提示"\n    basis: b\n    tokens: [法制]\n', encoding="utf-8")
    for args in (("outline", text), ("rules", "list", "--pack", pack)):
        result = fazhi(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "␛" in result.stdout, args


def test_022e_new_notes_about_data_keys_are_neutralised(tmp_path):
    data = tmp_path / "d.yaml"
    data.write_text('reconsideration:\n  received: 12\n"\\e[2J\\e]0;pwned\\a": 5\n', encoding="utf-8")
    result = fazhi("new", "--org", "某某市人民政府", "--year", "2024", "--data", data, "-o", tmp_path / "n.docx")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "␛[2J" in result.stderr


# ---- also: option values and long extends chains ------------------------------------------

@pytest.mark.parametrize("args,needle", [(("--jobs", "0"), "--jobs"), (("--jobs", "-1"), "--jobs"),
                                         (("-j", "abc"), "--jobs"), (("--fail-on", "bogus"), "--fail-on")])
def test_also_option_values_are_one_chinese_line(report, args, needle):
    line = one_error_line(fazhi("check", report, *args), needle)
    assert line.startswith("fazhi：错误：") and "Usage" not in line


def test_also_help_shows_the_option_types():
    result = fazhi("check", "--help")
    assert result.returncode == 0 and "--jobs 1-256" in result.stdout and "--fail-on" in result.stdout


def test_also_long_extends_chain_is_named(tmp_path, report):
    for i in range(40):
        (tmp_path / f"p{i}.yaml").write_text(build.pack_text(f"p{i}", extends=f"p{i + 1}.yaml"), encoding="utf-8")
    (tmp_path / "p40.yaml").write_text(build.pack_text("p40"), encoding="utf-8")
    line = one_error_line(fazhi("check", report, "--pack", tmp_path / "p0.yaml"), "extends 链过长", "p0.yaml → p1.yaml")
    assert "嵌套过深" not in line
    (tmp_path / "c1.yaml").write_text(build.pack_text("c1", extends="c2.yaml"), encoding="utf-8")
    (tmp_path / "c2.yaml").write_text(build.pack_text("c2", extends="c1.yaml"), encoding="utf-8")
    result = fazhi("rules", "validate", tmp_path / "c1.yaml")
    assert result.returncode == 2 and "c1.yaml → c2.yaml → c1.yaml" in result.stdout + result.stderr


def test_also_output_with_a_long_name(tmp_path, report):
    name = "结" * 80 + ".txt"  # 244 bytes: fits, while a temp name built on it would not
    result = fazhi("check", report, "-o", tmp_path / name)
    assert result.returncode in (0, 1), result.stderr
    assert (tmp_path / name).is_file()
    one_error_line(fazhi("check", report, "-o", tmp_path / ("结" * 90 + ".txt")), "文件名过长")
