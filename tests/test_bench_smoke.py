"""Smoke test of the benchmark (bench/run.py --quick): every section runs on tiny inputs and
every table has every row it should have. No timing is asserted: the numbers only have to
be there (and be numbers)."""

from __future__ import annotations

import math
import sys

import pytest

from conftest import DOCX_FIXTURES, NEED_SHARED, ROOT, SEEDS

BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

FACTORS = (1, 2)
BATCH = 5


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    if not SEEDS.is_dir() or not DOCX_FIXTURES.is_dir():
        pytest.skip(NEED_SHARED)
    import run

    work = tmp_path_factory.mktemp("bench")
    out = work / "results.md"
    tables = run.main(["--quick", "--factors", ",".join(map(str, FACTORS)), "--batch", str(BATCH),
                       "--workdir", str(work / "scratch"), "--out", str(out), "--baseline", str(ROOT)])
    return tables, out.read_text(encoding="utf-8")


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _seeds():
    return sorted(SEEDS.glob("*.txt"))


def test_documents_table_has_every_seed_shape_and_real_file(bench):
    import corpus

    tables, md = bench
    table = tables["documents"]
    expected = [corpus.shape_name(s, shape) for s in _seeds() for shape in corpus.SHAPES]
    expected += [p.name for p in corpus.real_docx_files()]
    assert table.labels() == expected
    for label in expected:
        row = table.row(label)
        assert _number(row["check"]) and _number(row["read"]), label
        assert f"| {label} |" in md
    # the seed shapes are generated as python-docx documents: the floor must exist for them
    for s in _seeds():
        assert _number(table.row(corpus.shape_name(s, "autonum"))["check/floor"])
    # the split of each group's time: reading, then analysis and rules
    for group in ("seed shapes", "real Word/WPS files"):
        assert any(n.startswith(f"{group}, by stage: read/floor median ") and "analysis and rules alone" in n
                   for n in table.notes), group


def test_opcode_table_adds_up(bench):
    """Bytecodes by stage: every stage counted, the stages sum to the check, and the check
    and the floor both ran Python."""
    import opcodes

    tables, md = bench
    table = tables["opcodes"]
    assert table.labels() == [*opcodes.STAGES, "**check**", "python-docx floor"]
    for column in table.columns[1:]:
        values = {label: table.row(label)[column] for label in table.labels()}
        assert all(_number(v) and v > 0 for label, v in values.items() if label != "other (packs, result)"), values
        assert math.isclose(sum(values[s] for s in opcodes.STAGES), values["**check**"], rel_tol=1e-9)
    assert tables["opcodes-rules"].rows and "| gbt9704.title-font |" in md


def test_compare_table_measures_both_trees(bench):
    """The baseline given is this very tree: both columns of a group ran the same code in
    separate processes, so their exact bytecode counts agree."""
    tables, md = bench
    table = tables["compare"]
    assert "**check, k bytecodes**" in table.labels() and "check/floor, median of documents" in table.labels()
    for group in ("seed shapes", "real files"):
        before, after = table.row("**check, k bytecodes**")[f"{group}: baseline"], \
            table.row("**check, k bytecodes**")[f"{group}: this tree"]
        assert _number(before) and before > 0 and math.isclose(before, after, rel_tol=1e-9)
        assert _number(table.row("check/floor, median of documents")[f"{group}: this tree"])
    assert "Before and after in one run" in md


def test_scale_table_has_every_size_and_form(bench):
    import corpus

    tables, md = bench
    expected = [corpus.scaled_name(s, f, kind) for s in _seeds() for f in FACTORS for kind in corpus.SCALED_KINDS]
    assert tables["scale"].labels() == expected
    for label in expected:
        row = tables["scale"].row(label)
        assert _number(row["check ms"]) and _number(row["µs/block"]), label
        assert row["same parts"] is True, f"{label}: the scaled report lost or gained a part"
        assert (row["floor ms"] is not None) == label.endswith("docx")
        assert f"| {label} |" in md
    series = [f"{s.stem[:3]} {kind}" for s in _seeds() for kind in corpus.SCALED_KINDS]
    assert tables["linearity"].labels() == series


def test_scaled_report_stays_a_valid_numbered_report():
    import corpus
    from checker.read.labels import parse_label

    if not SEEDS.is_dir():
        pytest.skip(NEED_SHARED)
    for seed in _seeds():
        lines = corpus.seed_lines(seed)
        scaled, copies = corpus.scaled_lines(lines, 5)
        assert copies >= 3
        assert 3.5 * sum(map(len, lines)) <= sum(map(len, scaled)) <= 6.5 * sum(map(len, lines))
        top = [parse_label(x).number for x in scaled if parse_label(x) and parse_label(x).form == "cn"]
        assert top == list(range(1, len(top) + 1)), seed.name


def test_breakdown_and_check_types(bench):
    tables, _ = bench
    stages = tables["breakdown"].labels()
    assert stages[:2] == ["reader", "analysis (noise, meta, outline, parts)"]
    assert any(s.startswith("pack national") for s in stages)
    assert stages[-1] == "result (headings, paths, dicts)"
    assert len(tables["breakdown"].columns) == 4  # stage + three inputs
    assert tables["check-types"].rows
    patterns = tables["patterns"]
    assert patterns.rows and all(_number(r[3]) for r in patterns.rows)
    assert {r[0].split(".")[0] for r in patterns.rows} <= {p.split()[1] for p in _pack_lines(tables)}


def _pack_lines(tables):
    import run

    status = run.pack_status()
    return [f"pack {p}" for packs in status.active.values() for p, _ in packs]


def test_process_and_import_tables(bench):
    tables, md = bench
    proc = tables["process"]
    assert proc.labels() == ["python -c pass", "python: import docx, open one.docx, read paragraphs",
                             "fazhi --version", "fazhi check one.docx",
                             "fazhi check one.docx, first run (empty cache)", "fazhi new …"]
    for label in proc.labels()[:5]:
        assert _number(proc.row(label)["median s"]), label
    new = proc.row("fazhi new …")
    assert _number(new["median s"]) or new["met"] == "not available"
    for key in ("imports --version", "imports check one.docx"):
        table = tables[key]
        assert table.labels()[0] == "(all imports)" and _number(table.rows[0][1])
        assert any("modules imported" in n for n in table.notes)
    # checking reads the .docx with zipfile + lxml: python-docx is not even imported
    assert "docx" not in {r[0].split(".")[0] for r in tables["imports check one.docx"].rows}


def test_batch_memory_and_skipped_sections(bench):
    tables, md = bench
    batch = tables["batch"]
    labels = batch.labels()
    assert labels[:2] == ["in-process floor (python-docx open + read; .txt read)", "in-process check_paths(jobs=1)"]
    assert "fazhi check DIR --jobs 1" in labels
    for row in batch.rows:
        assert row[1] == BATCH and _number(row[3])
    import measure

    mem = tables["memory"]
    if measure.rss_supported():
        assert mem.labels() == ["imports only (checker + python-docx)", "floor: python-docx open + read",
                                "check_file (API)", "check_file (API), .txt", "fazhi check (CLI)",
                                "check_file ×5, same .docx, one process",
                                "fazhi check DIR --jobs 1 (the batch folder)",
                                "fazhi check DIR --jobs 2 (the batch folder)",
                                "check_paths(DIR, jobs=1) (API)",
                                "check_paths(DIR, jobs=1), batch-detach fix"]
        assert all(_number(r[3]) and r[3] > 0 for r in mem.rows)
    else:
        assert "GNU time" in " ".join(mem.notes)
    assert "skipped" in " ".join(tables["instructions"].notes)


def test_profiles_hotspots_and_targets(bench):
    import hotspots

    tables, md = bench
    if "profile-large" in tables:
        assert tables["profile-large"].rows and tables["profile-batch"].rows
    else:
        assert "pyinstrument" in " ".join(tables["profiles"].notes)
    hot = tables["hotspots"]
    keys = {r[0] for r in hot.rows}
    assert {e.key for e in hotspots.EXPERIMENTS} | {"all-accepted"} == keys
    for row in hot.rows:
        if _number(row[2]):
            assert row[5] is True, f"{row[0]}: the patched engine gave a different result"
    projected = tables["projected"]
    import corpus

    for s in _seeds():
        row = projected.row(corpus.shape_name(s, "autonum"))
        assert _number(row["check with fixes"]) and _number(row["with fixes/floor"])
    targets = tables["targets"].labels()
    assert any(t.startswith("check ≤ 1.0× floor per document") for t in targets)
    assert "cold `fazhi --version` ≤ 0.2 s" in targets
    for heading in ("### Targets", "### 1. Per document", "### 2. Cost by size", "### 3. Whole process",
                    "### 4. Batch", "### 5. Peak memory", "### Costliest regular expressions", "### Hot-spot fixes",
                    "### Per-document ratio with every accepted fix", "## How to run"):
        assert heading in md


def test_reader_before_after_jobs_and_memory_by_batch_size(bench):
    tables, md = bench
    docs = tables["documents"]
    row = docs.row(docs.labels()[0])
    assert _number(row["check before"]) and _number(row["read before"]) and _number(row["check before/floor"])
    jobs = tables["jobs"]
    assert jobs.labels() and all(_number(r[1]) and _number(r[3]) for r in jobs.rows)
    mem = tables["memory-scale"]
    assert [r[0] for r in mem.rows] == ["fazhi check DIR --jobs 1", "fazhi check DIR --jobs 1",
                                        "fazhi check DIR --jobs 2", "fazhi check DIR -f jsonl --jobs 1",
                                        "fazhi check DIR (tiny files) --jobs 128"]
    assert all(_number(r[3]) and r[3] > 0 for r in mem.rows)
    targets = {r[0] for r in tables["targets"].rows}
    assert "memory flat in batch size (--jobs 1)" in targets
    assert any(t.startswith("default --jobs never slower") for t in targets)


def test_hostile_lines_table_has_every_body(bench):
    import lines

    tables, md = bench
    table = tables["lines"]
    assert table.labels() == list(lines.PIECES)
    for name in lines.PIECES:
        row = table.row(name)
        assert all(_number(v) for k, v in row.items() if k.endswith("ms")), name
        assert f"| {name} |" in md
