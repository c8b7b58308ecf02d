"""Benchmark: checking a report should cost little more than opening it.

One entry point; prints every table and writes ``bench/results.md``:

    /work/venv/bin/python bench/run.py              # full run (10–20 min on 2 shared cores)
    /work/venv/bin/python bench/run.py --quick      # every code path on tiny inputs (smoke)
    /work/venv/bin/python bench/run.py --only documents,process

Sections: targets · 1 per-document floor vs check · 2 cost by size (linearity) ·
where the time goes (reader, analysis, packs) · 3 whole process and imports · 4 batch ·
5 peak memory · instruction counts (callgrind) · profiles (pyinstrument) · hot-spot fixes
measured by monkeypatching. Inputs are built at run time from ../shared/fixtures into a
scratch folder (seed reports are never copied into the repository).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import os
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for _p in (BENCH, ROOT, ROOT / "tests"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

import corpus  # noqa: E402
import measure  # noqa: E402
import ops  # noqa: E402
from measure import interleaved, median  # noqa: E402
from tables import Table  # noqa: E402

SECTIONS = ("documents", "opcodes", "compare", "scale", "lines", "breakdown", "process", "batch", "jobs", "memory",
            "instructions", "profiles", "hotspots")
TARGET_RATIO = 1.0  # check ≤ 1.0× the python-docx floor per document
STRETCH_RATIO = 0.5
TARGET_COLD_CHECK = 0.5
TARGET_VERSION = 0.2
# packages a command should import only when it needs them
HEAVY = ("docx", "lxml", "yaml", "jinja2", "opencc", "docxtpl", "PIL", "jsonschema")


@dataclass
class Settings:
    quick: bool
    repeat: int  # rounds per seed-sized document
    big_repeat: int  # rounds per ×20/×100 document
    process_repeat: int
    batch: int
    batch_repeat: int
    memory_batch: int
    tiny: int
    jobs: int
    factors: tuple
    callgrind: bool
    experiment_repeat: int
    only: tuple
    out: Path
    workdir: Path
    fazhi: str
    python: str
    baseline: Path | None = None  # an earlier checkout measured beside this tree (section compare)
    alternations: int = 3


def parse_args(argv) -> Settings:
    ap = argparse.ArgumentParser(description="fazhi-report benchmark (prints tables, writes results.md)")
    ap.add_argument("--quick", action="store_true", help="tiny inputs, one round: exercise every code path")
    ap.add_argument("--repeat", type=int, help="rounds per seed-sized document (default 7; quick 1)")
    ap.add_argument("--big-repeat", type=int, help="rounds per ×20/×100 document (default 5; quick 1)")
    ap.add_argument("--process-repeat", type=int, help="runs per command (default 7; quick 1)")
    ap.add_argument("--batch", type=int, help="drafts in the batch folder (default 500; quick 6)")
    ap.add_argument("--batch-repeat", type=int, help="runs per batch mode (default 3; quick 1)")
    ap.add_argument("--memory-batch", type=int, help="drafts in the memory-by-batch-size run (default 2000; quick 24)")
    ap.add_argument("--tiny", type=int, help="tiny files for the --jobs 128 memory run (default 20000; quick 200)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="--jobs N for the parallel batch")
    ap.add_argument("--factors", help="size factors, comma-separated (default 1,5,20,100; quick 1,2)")
    ap.add_argument("--no-callgrind", action="store_true", help="skip valgrind instruction counts")
    ap.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    ap.add_argument("--out", default=str(BENCH / "results.md"), help="Markdown results file")
    ap.add_argument("--workdir", help="scratch folder for generated inputs (default: a temporary folder)")
    ap.add_argument("--fazhi", help="the installed fazhi command (default: next to this python)")
    ap.add_argument("--baseline", help="a checkout of an earlier revision (git worktree add DIR REV): section "
                                       "compare measures it beside this tree, in alternating processes")
    ap.add_argument("--alternations", type=int, default=3, help="compare: runs of each tree (default 3)")
    a = ap.parse_args(argv)
    q = a.quick
    factors = tuple(int(x) for x in a.factors.split(",")) if a.factors else ((1, 2) if q else (1, 5, 20, 100))
    only = tuple(x.strip() for x in a.only.split(",")) if a.only else SECTIONS
    unknown = set(only) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    fazhi = a.fazhi or str(Path(sys.executable).parent / "fazhi")
    if not Path(fazhi).exists():
        fazhi = shutil.which("fazhi") or fazhi
    return Settings(
        quick=q, repeat=a.repeat or (1 if q else 7), big_repeat=a.big_repeat or (1 if q else 5),
        process_repeat=a.process_repeat or (1 if q else 7), batch=a.batch or (6 if q else 500),
        batch_repeat=a.batch_repeat or (1 if q else 3), memory_batch=a.memory_batch or (24 if q else 2000),
        tiny=a.tiny or (200 if q else 20000), jobs=max(1, a.jobs), factors=factors,
        callgrind=not (q or a.no_callgrind) and measure.valgrind_available(),
        experiment_repeat=1 if q else 5, only=only, out=Path(a.out),
        workdir=Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="fazhi-bench-")),
        fazhi=fazhi, python=sys.executable, baseline=Path(a.baseline) if a.baseline else None,
        alternations=1 if q else max(1, a.alternations))


def ms(seconds: float) -> float:
    return seconds * 1000


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- packs ----------------------------------------------------------------------------------------
@dataclass
class PackStatus:
    active: dict  # kind -> [(pack id, enabled rules)]
    broken: list  # [(name, error)]
    cli_args: list  # --pack arguments when a shipped pack is broken

    def describe(self) -> list[str]:
        lines = []
        for kind, packs in self.active.items():
            listed = ", ".join(f"{p} ({n} rules)" for p, n in packs) or "none"
            lines.append(f"default packs for {kind}: {listed}")
        for name, error in self.broken:
            lines.append(f"**not loadable, left out of this run**: {name} — {error}")
        return lines


def pack_status() -> PackStatus:
    from checker.errors import FazhiError
    from checker.packs.loader import load_pack, shipped_pack_names

    loaded, broken = [], []
    for name in shipped_pack_names():
        try:
            loaded.append(load_pack(name))
        except FazhiError as exc:
            broken.append((name, str(exc)))
    active = {kind: [(p.id, sum(1 for r in p.rules.values() if r.enabled))
                     for p in loaded if p.default and kind in p.applies_to] for kind in ("docx", "text")}
    cli_args = []
    if broken:
        names = sorted({p for packs in active.values() for p, _ in packs})
        os.environ[ops.PACKS_ENV] = ",".join(names)
        for n in names:
            cli_args += ["--pack", n]
    else:
        os.environ.pop(ops.PACKS_ENV, None)
    return PackStatus(active, broken, cli_args)


# -- 1. per document -----------------------------------------------------------------------------
def _time_document(inp, repeat: int) -> dict:
    source = ops.floor_input(inp.path)
    try:
        ops.floor(source)
        floor_fn = lambda: ops.floor(source)  # noqa: E731
    except Exception as exc:  # python-docx cannot open it: no floor for this file
        floor_fn, floor_error = None, f"{type(exc).__name__}"
    else:
        floor_error = None
    result = ops.check(inp.path)  # warm-up (packs loaded, caches filled) and facts
    fns = {"read": lambda: ops.read(inp.path), "check": lambda: ops.check(inp.path)}
    if inp.path.suffix.lower() in (".docx", ".dotx", ".docm", ".dotm"):
        ops.check_pydocx(inp.path)
        fns["read before"] = lambda: ops.read_pydocx(inp.path)
        fns["check before"] = lambda: ops.check_pydocx(inp.path)
    if floor_fn is not None:
        fns["floor"] = floor_fn
    times = interleaved(fns, repeat) if result.status == "checked" else {}
    blocks = len(result.report.document.blocks) if result.report is not None else None
    return {"result": result, "blocks": blocks, "floor_error": floor_error,
            **{k: median(v) for k, v in times.items()}}


def documents_table(shapes: list, real: list, repeat: int) -> Table:
    t = Table("documents", "1. Per document: python-docx floor vs check (in-process, ms, medians)",
              ["document", "KB", "blocks", "findings", "floor", "read before", "read", "check before", "check",
               "read/floor", "check before/floor", "check/floor"],
              digits={"read/floor": 2, "check/floor": 2, "check before/floor": 2})
    groups = {"seed shapes": [], "real Word/WPS files": []}
    stages = {group: [] for group in groups}  # (read/floor, (check − read)/floor) per document
    for group, inputs in (("seed shapes", shapes), ("real Word/WPS files", real)):
        for inp in inputs:
            m = _time_document(inp, repeat)
            r = m["result"]
            if r.status != "checked":
                t.add(inp.name, inp.path.stat().st_size / 1024, *[None] * 10)
                t.notes.append(f"{inp.name}: not checked — {r.error}")
                continue
            floor = m.get("floor")
            ratio = m["check"] / floor if floor else None
            before = m.get("check before")
            t.add(inp.name, inp.path.stat().st_size / 1024, m["blocks"], len(r.findings),
                  ms(floor) if floor else None, ms(m["read before"]) if m.get("read before") else None,
                  ms(m["read"]), ms(before) if before else None, ms(m["check"]),
                  m["read"] / floor if floor else None, before / floor if floor and before else None, ratio)
            if m["floor_error"]:
                t.notes.append(f"{inp.name}: python-docx cannot open it ({m['floor_error']}): no floor")
            if ratio:
                groups[group].append((ratio, inp.name))
                stages[group].append((m["read"] / floor, (m["check"] - m["read"]) / floor))
    for group, ratios in groups.items():
        if stages[group]:
            after_read = [a for _, a in stages[group]]
            t.notes.append(f"{group}, by stage: read/floor median {median(r for r, _ in stages[group]):.2f}; "
                           f"(check − read)/floor median {median(after_read):.2f} — analysis and rules alone; "
                           f"{sum(1 for a in after_read if a >= TARGET_RATIO)}/{len(after_read)} documents where "
                           f"they alone take {TARGET_RATIO}× the floor or more")
        if ratios:
            values = sorted(r for r, _ in ratios)
            worst = max(ratios)
            within = sum(1 for r in values if r <= TARGET_RATIO)
            stretch = sum(1 for r in values if r <= STRETCH_RATIO)
            t.notes.append(f"{group}: check/floor median {median(values):.2f}, worst {worst[0]:.2f} ({worst[1]}); "
                           f"{within}/{len(values)} within {TARGET_RATIO}×, {stretch}/{len(values)} within "
                           f"{STRETCH_RATIO}×")
    t.notes.append("floor = python-docx `Document(path)` + every body paragraph's `.text`; read = the checker's "
                   "reader alone (`read_document`: body and table paragraphs, automatic numbering, tracked "
                   "changes, headers/footers), reading the parts with zipfile + lxml; check = `check_file` with "
                   "the default packs. *before* = the same through python-docx's object layer (the reader before "
                   "this change; still what `format` and `--annotate` use). All alternate inside every round. "
                   ".dotx: the floor opens a copy converted to .docx beforehand (python-docx refuses templates).")
    return t


# -- 2. by size -----------------------------------------------------------------------------------
def _signature(result) -> tuple[set, set]:
    return {s["key"] for s in result.sections}, {f.rule for f in result.findings}


def scale_tables(scaled: list, settings: Settings) -> list[Table]:
    t = Table("scale", "2. Cost by size: seeds repeated to ×N (in-process, medians)",
              ["input", "chars", "blocks", "floor ms", "check ms", "µs/block", "ms/100k chars", "check/floor",
               "same parts", "rules vs ×1"],
              digits={"check/floor": 2, "µs/block": 1, "ms/100k chars": 1})
    base_sig: dict[tuple, tuple] = {}
    series: dict[tuple, list] = defaultdict(list)
    for inp in scaled:
        repeat = settings.repeat if inp.factor < 20 else settings.big_repeat
        kind = inp.name.rsplit(" ", 1)[-1]
        source = ops.floor_input(inp.path)
        result = ops.check(inp.path)
        fns = {"check": lambda: ops.check(inp.path)}
        if kind == "docx":
            fns["floor"] = lambda: ops.floor(source)
        times = {k: median(v) for k, v in interleaved(fns, repeat).items()}
        sig = _signature(result)
        key = (inp.seed, kind)
        if inp.factor == min(settings.factors):
            base_sig[key] = sig
        base = base_sig.get(key, sig)
        added = sorted(sig[1] - base[1])
        lost = sorted(base[1] - sig[1])
        diff = " ".join([f"+{r}" for r in added] + [f"−{r}" for r in lost]) or "same"
        blocks = len(result.report.document.blocks) if result.report else None
        check = times["check"]
        floor = times.get("floor")
        t.add(inp.name, inp.chars, blocks, ms(floor) if floor else None, ms(check),
              check * 1e6 / blocks if blocks else None, ms(check) * 100_000 / inp.chars,
              check / floor if floor else None, sig[0] == base[0], diff)
        series[key].append((inp.factor, inp.chars, check))
    t.notes.append("each ×N report repeats the seed's first top-level part (achievements) as further "
                   "top-level parts and renumbers the later ones (一、二、…), so it stays a valid report; "
                   "`same parts` compares the part keys found with the seed's, `rules vs ×1` the rule ids "
                   "that fired (a rule about repeated text may rightly fire on the copies). "
                   "flat = the whole report on one line (a web page flattened to text).")
    lin = Table("linearity", "2b. Linearity: fitted exponent of check time vs size (1.0 = linear)",
                ["series", "points", "exponent", "cost/char largest ÷ smallest"], digits={"exponent": 2,
                                                                                      "cost/char largest ÷ smallest": 2})
    for (seed, kind), pts in series.items():
        fit = [p for p in pts if p[0] >= 5] if sum(1 for p in pts if p[0] >= 5) >= 2 else pts
        exponent = _slope([math.log(c) for _, c, _ in fit], [math.log(s) for _, _, s in fit]) if len(fit) >= 2 else None
        small, large = min(pts), max(pts)
        per_char = (large[2] / large[1]) / (small[2] / small[1]) if len(pts) >= 2 else None
        lin.add(f"{seed[:3]} {kind}", " ".join(f"×{f}" for f, _, _ in fit), exponent, per_char)
    lin.notes.append("exponent = least-squares slope of log(time) over log(characters), fitted on ×5 and above "
                     "(fixed per-file costs dominate ×1); above ~1.15 would mean a super-linear step.")
    return [t, lin]


def _slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


# -- where the time goes ----------------------------------------------------------------------------
def active_rules(packs) -> list:
    """The enabled rules of ``packs`` with no project settings (what check_document runs)."""
    rules = {}
    for pack in packs:
        rules.update(pack.rules)
    return [r for r in rules.values() if r.enabled]


def breakdown_tables(inputs: dict, repeat: int) -> list[Table]:
    """Reader, analysis, layout view and each pack's rules, timed separately."""
    from checker import checks
    from checker.read.document import read_document
    from checker.packs.loader import analysis_model, select_packs
    from checker.analysis.report import analyze, model_for
    from checker.runner import FileResult

    try:
        from checker.layout.view import layout_view
    except ImportError:
        layout_view = None
    names = list(inputs)
    stages: dict[str, dict[str, float]] = defaultdict(dict)
    by_check: dict[str, dict[str, float]] = defaultdict(dict)
    rule_count: dict[str, set] = defaultdict(set)
    for name, path in inputs.items():
        samples: dict[str, list] = defaultdict(list)
        document = read_document(path)
        packs = select_packs(ops.options().packs, document.kind)
        rules = active_rules(packs)
        model = model_for(analysis_model(packs))
        for round_ in range(repeat + 1):  # round 0 warms up (imports, caches) and is not kept
            if round_ == 1:
                samples.clear()
            t0 = time.perf_counter()
            read_document(path)
            samples["reader"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            report = analyze(document, model)
            samples["analysis (noise, meta, outline, parts)"].append(time.perf_counter() - t0)
            if layout_view is not None and document.kind == "docx":
                t0 = time.perf_counter()
                layout_view(report)
                samples["layout view (shared by the gbt9704 rules)"].append(time.perf_counter() - t0)
            per_pack: dict[str, float] = defaultdict(float)
            per_check: dict[str, float] = defaultdict(float)
            findings = []
            for rule in rules:
                t0 = time.perf_counter()
                findings.extend(checks.get(rule.check).check(report, rule))
                dt = time.perf_counter() - t0
                per_pack[rule.pack] += dt
                per_check[rule.check] += dt
                rule_count[f"pack {rule.pack}"].add(rule.full_id)
                rule_count[rule.check].add(rule.full_id)
            for pack, dt in per_pack.items():
                samples[f"pack {pack}"].append(dt)
            for check, dt in per_check.items():
                samples[f"check:{check}"].append(dt)
            t0 = time.perf_counter()
            FileResult.from_report(document.path, report, findings)
            samples["result (headings, paths, dicts)"].append(time.perf_counter() - t0)
        for stage, values in samples.items():
            if stage.startswith("check:"):
                by_check[stage[6:]][name] = median(values)
            else:
                stages[stage][name] = median(values)
    t = Table("breakdown", "Where check time goes (ms, medians; each stage timed on its own)",
              ["stage", *names])
    for stage, values in stages.items():
        label = f"{stage} — {len(rule_count[stage])} rules" if stage.startswith("pack ") else stage
        t.add(label, *[ms(values[n]) if n in values else None for n in names])
    t.notes.append("rules are timed one by one on the same analysed report; the layout view row is what "
                   "`layout_view(report)` costs up front — work the view does lazily is counted in the gbt9704 "
                   "rules that trigger it.")
    largest = names[-1]
    tables_out = []
    c = Table("check-types", f"Most expensive check types on {largest} (ms, medians)",
              ["check type", "rules", largest])
    for check, values in sorted(by_check.items(), key=lambda kv: -kv[1].get(largest, 0))[:12]:
        c.add(check, len(rule_count[check]), ms(values.get(largest, float("nan"))))
    text_input = next((p for n, p in inputs.items() if Path(p).suffix == ".txt"), None)
    if text_input is not None:
        packs = select_packs(ops.options().packs, "docx")
        tables_out.append(patterns_table(active_rules(packs), Path(text_input), repeat))
    return [t, c, *tables_out]


def _pattern_hint(pattern: str) -> str | None:
    """Why re may have to try a pattern at every character (no fast first-character scan)."""
    if pattern.startswith(("(?<", "(?:^|", "(^|")):
        return "starts with an assertion"
    if re.match(r"^(\[[^\]]+\]|\(\?:[^()]*\)|\\s|.)[?*]", pattern):
        return "starts with an optional part"
    if pattern.startswith(("[\\u3400", "[\u3400", "\\S", ".")):
        return "first character matches most text"
    return None


def patterns_table(rules, path: Path, repeat: int) -> Table:
    """Every regular expression of the active rules timed alone over one long report."""
    from checker import checks
    from checker.read.document import read_document

    texts = [b.text for b in read_document(path).blocks]
    chars = sum(map(len, texts))
    found = []
    for rule in rules:
        module = checks.get(rule.check)
        for key, spec in getattr(module, "OPTIONS", {}).items():
            value = rule.options.get(key)
            if getattr(spec, "regex", False):
                items = [value] if isinstance(value, str) else [v for v in (value or []) if isinstance(v, str)]
            elif isinstance(value, dict):  # e.g. substitution's swap: regex -> replacement
                items = [k for k in value if isinstance(k, str)]
            else:
                continue
            for pattern in items:
                try:
                    compiled = re.compile(pattern)
                except re.error:
                    continue
                found.append((rule.full_id, key, pattern, compiled, engine_compile(pattern)))

    def scan(compiled):
        for text in texts:
            for _ in compiled.finditer(text):
                pass

    timed = []
    for rule_id, key, pattern, compiled, engine in found:
        raw = min(_timed(lambda: scan(compiled)) for _ in range(max(1, repeat)))
        run = min(_timed(lambda: scan(engine)) for _ in range(max(1, repeat))) if engine is not compiled else raw
        timed.append((run, raw, rule_id, key, pattern))
    timed.sort(reverse=True)
    total = sum(x[0] for x in timed)
    total_raw = sum(x[1] for x in timed)
    t = Table("patterns", f"Costliest regular expressions of the active rules (each scanned alone over "
                          f"{path.name}, {chars:,} characters; best of {max(1, repeat)})",
              ["rule", "option", "pattern", "as written ms", "as the engine compiles it ms", "share %", "why slow"],
              digits={"share %": 1})
    for run, raw, rule_id, key, pattern in timed[:15]:
        shown = pattern if len(pattern) <= 60 else pattern[:59] + "…"
        t.add(rule_id, key, f"`{shown}`", ms(raw), ms(run), 100 * run / total if total else 0.0, _pattern_hint(pattern))
    t.notes.append(f"{len(timed)} patterns: {ms(total_raw):,.0f} ms as written, {ms(total):,.0f} ms as the "
                   "engine compiles them (checker.checks._prefilter, when present), one pass each; sorted by "
                   "the latter. Before a scan the text checks also skip paragraphs lacking a required literal, "
                   "which this table does not count. re finds candidate "
                   "positions fast only when a pattern starts with literal text or a character class; one "
                   "that starts with a lookbehind, `(?:^|…)` or an optional part is tried at every "
                   "character. Same matches, faster: write the alternatives out (`(?:党的十九大|十九大)` for "
                   "`(?:党的)?十九大`) or put a lookahead of the possible first characters in front "
                   "(`(?=[XxＸｘ×╳])(?<![A-Za-z])…`); measured 2–4.5× per pattern on the ×20 report.")
    return t


def engine_compile(pattern: str):
    """The pattern as the text checks compile it (start-character lookahead added by
    checker.checks._prefilter when that module exists), else plain re.compile."""
    try:
        from checker.checks import _prefilter
    except ImportError:
        return re.compile(pattern)
    try:
        return _prefilter.compile(pattern)
    except Exception:  # noqa: BLE001 - an engine helper failing must not stop the benchmark
        return re.compile(pattern)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# -- 3. whole process ---------------------------------------------------------------------------
def process_tables(settings: Settings, one_docx: Path, packs: PackStatus) -> list[Table]:
    py, fz = settings.python, settings.fazhi
    work = settings.workdir
    new_out = work / "new_report.docx"
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "python: import docx, open one.docx, read paragraphs": [
            py, "-c", "import sys, docx; [p.text for p in docx.Document(sys.argv[1]).paragraphs]", str(one_docx)],
        "fazhi --version": [fz, "--version"],
        "fazhi check one.docx": [fz, "check", str(one_docx), *packs.cli_args],
        # the shipped packs and compiled patterns are cached on disk after the first run
        # (checker.packs.diskcache, checker.regexcache)
        "fazhi check one.docx, first run (empty cache)": [
            "env", f"FAZHI_CACHE_DIR={work / 'empty-pack-cache'}", fz, "check", str(one_docx), *packs.cli_args],
        "fazhi new …": [fz, "new", "--org", "示例区人民政府", "--year", "2024", "-o", str(new_out), "--force"],
    }
    unavailable = {}
    probe = measure.run_process(commands["fazhi new …"], cwd=work)
    if probe.returncode != 0 or not new_out.exists():
        lines = [x for x in probe.stderr.decode("utf-8", "replace").splitlines() if x.strip()]
        unavailable["fazhi new …"] = lines[-1][:160] if lines else f"exit code {probe.returncode}"
    runnable = {k: v for k, v in commands.items() if k not in unavailable}

    def before(name):
        if name == "fazhi new …" and new_out.exists():
            new_out.unlink()
        if name.startswith("fazhi check one.docx, first run"):
            shutil.rmtree(work / "empty-pack-cache", ignore_errors=True)

    results = measure.process_rounds(runnable, settings.process_repeat, cwd=work, before=before)
    targets = {"fazhi --version": TARGET_VERSION, "fazhi check one.docx": TARGET_COLD_CHECK}
    t = Table("process", "3. Whole process, cold start (subprocess wall time, medians)",
              ["command", "median s", "min s", "max s", "peak RSS MB", "target s", "met"],
              digits={"median s": 3, "min s": 3, "max s": 3})
    for name in commands:
        if name in unavailable:
            t.add(name, None, None, None, None, None, "not available")
            t.notes.append(f"{name}: not available — {unavailable[name]}")
            continue
        runs = results[name]
        walls = [r.wall for r in runs]
        bad = [r for r in runs if r.returncode not in (0, 1)]
        if bad:
            err = bad[0].stderr.decode("utf-8", "replace").strip().splitlines()
            t.notes.append(f"{name}: exit code {bad[0].returncode} — {err[-1][:160] if err else ''}")
        target = targets.get(name)
        rss = [r.maxrss_kb for r in runs if r.maxrss_kb is not None]
        t.add(name, median(walls), min(walls), max(walls), max(rss) / 1024 if rss else None,
              target, (median(walls) <= target) if target else None)
    floor = median([r.wall for r in results["python: import docx, open one.docx, read paragraphs"]])
    check = median([r.wall for r in results["fazhi check one.docx"]])
    t.notes.append(f"cold `fazhi check one.docx` ÷ cold python-docx open+read in its own process: "
                   f"{check / floor:.2f}× (one.docx = {one_docx.name}, {one_docx.stat().st_size // 1024} KB)")
    t.notes.append(f"commands alternate inside each of {settings.process_repeat} rounds; `fazhi` = {settings.fazhi}")
    tables = [t]
    for label, argv in (("--version", [fz, "--version"]), ("check one.docx", [fz, "check", str(one_docx), *packs.cli_args])):
        prof = measure.import_profile(argv, python=py, cwd=work)
        it = Table(f"imports {label}", f"3b. Imports of `fazhi {label}` (python -X importtime, cumulative ms)",
                   ["module (imported at top level)", "cumulative ms", "heavy"])
        it.add("(all imports)", prof.total_us / 1000, None)
        for name, cum in prof.top_level[:12]:
            it.add(name, cum / 1000, name.split(".")[0] in HEAVY or None)
        heavy = sorted(p for p in prof.packages() if p in HEAVY)
        it.notes.append(f"{len(prof.modules)} modules imported; heavy packages: {', '.join(heavy) or 'none'}")
        if label == "--version":
            extra = sorted(n for n in prof.names() if n.startswith("checker.") and n not in ("checker.errors",))
            it.notes.append("`--version` should import click and the checker package only: "
                            + ("OK" if not heavy and not extra else f"also imports {', '.join(heavy + extra)}"))
        else:
            unneeded = sorted(n for n in prof.names() if n.split(".")[0] in ("jinja2", "docxtpl")
                              or n.startswith("checker.scaffold.generate"))
            if unneeded:
                it.notes.append(f"imported by `check` but only needed by `fazhi new`: {', '.join(unneeded)}")
        tables.append(it)
    return tables


# -- 4. batch -----------------------------------------------------------------------------------
def batch_table(drafts: list[Path], folder: Path, settings: Settings, packs: PackStatus) -> Table:
    from checker.runner import check_paths

    options = ops.options()
    sources = [ops.floor_input(p) for p in drafts]
    check_paths(drafts[:2], options)  # warm-up
    inproc = interleaved({
        "floor": lambda: [ops.floor(s) for s in sources],
        "check": lambda: check_paths(drafts, options, jobs=1),
    }, settings.batch_repeat)
    fz = settings.fazhi
    commands = {f"fazhi check DIR --jobs {j}": [fz, "check", str(folder), "--jobs", str(j), "--fail-on", "never",
                                               *packs.cli_args]
                for j in sorted({1, settings.jobs})}
    runs = measure.process_rounds(commands, settings.batch_repeat, cwd=settings.workdir)
    n = len(drafts)
    t = Table("batch", f"4. Batch: {n} drafts in one folder (medians)",
              ["mode", "files", "median s", "files/s", "vs floor", "speedup vs --jobs 1"],
              digits={"vs floor": 2, "speedup vs --jobs 1": 2, "median s": 2})
    floor = median(inproc["floor"])
    t.add("in-process floor (python-docx open + read; .txt read)", n, floor, n / floor, 1.0, None)
    check = median(inproc["check"])
    t.add("in-process check_paths(jobs=1)", n, check, n / check, check / floor, None)
    one = None
    for name, results in runs.items():
        wall = median([r.wall for r in results])
        codes = {r.returncode for r in results}
        if codes - {0, 1}:
            err = results[0].stderr.decode("utf-8", "replace").strip().splitlines()
            t.notes.append(f"{name}: exit code {sorted(codes)} — {err[-1][:160] if err else ''}")
        one = wall if one is None else one
        t.add(name, n, wall, n / wall, wall / floor, one / wall)
    t.notes.append(f"drafts: variants of the seeds (paragraphs dropped or pasted twice, years moved, "
                   f"half-/full-width punctuation), 4 of 5 as .docx in the four test shapes, 1 of 5 as .txt; "
                   f"the machine has {os.cpu_count()} CPUs shared with other engineers, so --jobs "
                   f"{settings.jobs} cannot reach {settings.jobs}× when they are busy")
    return t


# -- 5. memory ------------------------------------------------------------------------------------
def memory_table(big_docx: Path, big_txt: Path, settings: Settings, packs: PackStatus,
                 repeat_docx: Path | None = None, drafts_dir: Path | None = None) -> Table:
    child = str(BENCH / "child.py")
    py = settings.python
    n = 5 if settings.quick else 40
    extra = {}
    if repeat_docx is not None:  # stays near "check_file (API)" unless documents are retained (a leak)
        extra[f"check_file ×{n}, same .docx, one process"] = ([py, child, "check", str(repeat_docx), str(n)], repeat_docx)
    if drafts_dir is not None:
        extra["fazhi check DIR --jobs 1 (the batch folder)"] = (
            [settings.fazhi, "check", str(drafts_dir), "--jobs", "1", "--fail-on", "never", *packs.cli_args], drafts_dir)
        extra["fazhi check DIR --jobs 2 (the batch folder)"] = (
            [settings.fazhi, "check", str(drafts_dir), "--jobs", "2", "--fail-on", "never", *packs.cli_args], drafts_dir)
        extra["check_paths(DIR, jobs=1) (API)"] = ([py, child, "batch", str(drafts_dir), "1"], drafts_dir)
        extra["check_paths(DIR, jobs=1), batch-detach fix"] = (
            [py, child, "batch", str(drafts_dir), "1", "--patch", "batch-detach"], drafts_dir)
    runs = {
        "imports only (checker + python-docx)": ([py, child, "imports", str(big_docx), "0"], big_docx),
        "floor: python-docx open + read": ([py, child, "floor", str(big_docx), "1"], big_docx),
        "check_file (API)": ([py, child, "check", str(big_docx), "1"], big_docx),
        "check_file (API), .txt": ([py, child, "check", str(big_txt), "1"], big_txt),
        "fazhi check (CLI)": ([settings.fazhi, "check", str(big_docx), *packs.cli_args], big_docx),
        **extra,
    }
    t = Table("memory", "5. Peak memory of a child process (ru_maxrss, via GNU time)",
              ["process", "input", "input MB", "peak RSS MB", "over imports-only MB"])
    base = None
    for name, (argv, path) in runs.items():
        r = measure.run_process(argv, cwd=settings.workdir)
        if r.maxrss_kb is None:
            t.notes.append("GNU time (/usr/bin/time) is not installed: peak memory not measured")
            break
        rss = r.maxrss_kb / 1024
        if r.returncode not in (0, 1):
            err = r.stderr.decode("utf-8", "replace").strip().splitlines()
            t.notes.append(f"{name}: exit code {r.returncode} — {err[-1][:160] if err else ''}")
        base = rss if base is None else base
        size = sum(p.stat().st_size for p in path.iterdir()) if path.is_dir() else path.stat().st_size
        t.add(name, path.name, size / 2**20, rss, rss - base)
    t.notes.append(f"largest inputs: {big_docx.name} and {big_txt.name} "
                   f"({len(big_txt.read_text(encoding='utf-8')):,} characters each; the repeated text "
                   "compresses well, hence the small .docx)")
    return t


# -- instruction counts ---------------------------------------------------------------------------
def instructions_table(docs: list, settings: Settings) -> Table:
    t = Table("instructions", "Instruction counts per document (valgrind callgrind; independent of machine load)",
              ["document", "floor Minstr", "check Minstr", "check/floor"], digits={"check/floor": 2})
    if not settings.callgrind:
        why = "--quick" if settings.quick else ("valgrind not installed" if not measure.valgrind_available()
                                                 else "--no-callgrind")
        t.notes.append(f"skipped ({why})")
        return t
    jobs = [(inp, op) for inp in docs for op in ("floor", "check")]
    count = {inp.name: (2 if inp.factor <= 1 else 1) for inp in docs}
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        futures = {(inp.name, op): pool.submit(measure.instructions_per_op, op, inp.path, count[inp.name],
                                               settings.python) for inp, op in jobs}
    for inp in docs:
        f, c = futures[(inp.name, "floor")].result(), futures[(inp.name, "check")].result()
        t.add(inp.name, f / 1e6 if f else None, c / 1e6 if c else None, c / f if f and c else None)
    t.notes.append("instructions of one steady-state call: (warm-up + N calls) − (warm-up only), divided by N, "
                   "each in its own process under callgrind; does not depend on the load of the machine")
    return t


def instruction_hotspots_table(roles: dict, settings: Settings) -> Table:
    """Each hot-spot fix measured in instructions (callgrind): exact, whatever the load."""
    import hotspots

    t = Table("instructions-hotspots", "Hot-spot fixes in instructions (callgrind, per call; exact whatever the load)",
              ["experiment", "workload", "before Minstr", "after Minstr", "saved %", "speedup"],
              digits={"saved %": 1, "speedup": 2})
    if not settings.callgrind:
        t.notes.append("skipped (--quick, --no-callgrind or valgrind not installed)")
        return t
    rows = [r for r in hotspots.INSTRUCTION_ROWS if r[2] in roles]
    count = {role: (2 if role.startswith("seed") else 1) for role in roles}
    py = settings.python
    runs = {}
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        for op, role in {(op, role) for _, op, role in rows}:
            for n in (0, count[role]):
                runs[(None, op, role, n)] = pool.submit(measure.child_instructions, op, roles[role], n, py)
        for key, op, role in rows:
            for n in (0, count[role]):
                runs[(key, op, role, n)] = pool.submit(measure.child_instructions, op, roles[role], n, py, key)
    value = {k: f.result() for k, f in runs.items()}

    def plausible(lo, hi):  # one call costs something, and not more than 3 warm-ups
        return lo is not None and hi is not None and 0 < hi - lo < 3 * lo

    for key, op, role in rows:
        n = count[role]
        for who in (None, key):  # a run that went wrong (seen once: a negative difference) is redone
            if not plausible(value[(who, op, role, 0)], value[(who, op, role, n)]):
                for m in (0, n):
                    value[(who, op, role, m)] = measure.child_instructions(op, roles[role], m, py, who)
        b0, b1 = value[(None, op, role, 0)], value[(None, op, role, n)]
        a0, a1 = value[(key, op, role, 0)], value[(key, op, role, n)]
        if not (plausible(b0, b1) and plausible(a0, a1)):
            b0 = b1 = a0 = a1 = None
        workload = f"{op}_file {roles[role].name}" if op == "check" else f"{op} {roles[role].name}"
        if None in (b0, b1, a0, a1):
            t.add(key, workload, None, None, None, None)
            continue
        before, after = (b1 - b0) / n, (a1 - a0) / n
        t.add(key, workload, before / 1e6, after / 1e6, 100 * (before - after) / before if before else None,
              before / after if after else None)
    t.notes.append("per call: (warm-up + N calls) − (warm-up only), each under callgrind in its own process, "
                   "without and with the patch; the output equality is checked by the timed table above")
    for failure in measure.FAILURES:
        t.notes.append(f"a callgrind run failed: {failure}")
    return t


# -- profiles ----------------------------------------------------------------------------------------
def profile_tables(big_docx: Path, drafts: list[Path], settings: Settings) -> list[Table]:
    import profiles

    if not profiles.available():
        t = Table("profiles", "Profiles", ["function"])
        t.notes.append("pyinstrument is not installed (a dev tool: `/work/venv/bin/pip install pyinstrument`)")
        return [t]
    from checker.runner import check_paths

    options = ops.options()
    runs = 1 if settings.quick else 3
    ops.check(big_docx)
    big = [profiles.profile(lambda: ops.check(big_docx)) for _ in range(runs)]
    subset = drafts[: min(len(drafts), 100)]
    check_paths(subset[:2], options)
    batch = [profiles.profile(lambda: check_paths(subset, options, jobs=1)) for _ in range(runs)]
    return [
        profiles.hot_table("profile-large", f"Profile: check_file on {big_docx.name} (top functions by self time)",
                           big, out_file=settings.workdir / "profile_large.txt"),
        profiles.hot_table("profile-batch", f"Profile: check_paths over {len(subset)} batch drafts, jobs=1",
                           batch, out_file=settings.workdir / "profile_batch.txt"),
    ]


# -- hot-spot fixes -----------------------------------------------------------------------------------
def hotspot_tables(scaled: list, shapes: list, drafts: list, settings: Settings) -> list[Table]:
    import hotspots

    top = max(settings.factors)
    large = [i.path for i in scaled if i.factor == top and i.name.endswith(" txt")]
    small = [i.path for i in scaled if i.factor == min(settings.factors) and i.name.endswith(" txt")]
    seed_docx = [i.path for i in shapes if i.name.endswith("autonum")]
    big_docx = [i.path for i in scaled if i.factor == top and i.name.endswith(" docx")]
    outcomes = hotspots.run_experiments(large, small, settings.experiment_repeat,
                                        seed_docx=seed_docx, large_docx=big_docx[0] if big_docx else None,
                                        drafts=drafts)
    together = [hotspots.combined(big_docx[:2], max(1, settings.experiment_repeat - 2),
                                  f"check_file, {len(big_docx[:2])} ×{top} .docx")]
    t = Table("hotspots", "Hot-spot fixes, measured by monkeypatching the engine in this run (ms, medians)",
              ["experiment", "workload", "before", "after", "speedup", "same output", "verdict"],
              digits={"speedup": 2})
    for o in outcomes + together:
        if math.isnan(o.before_ms):
            verdict = o.extra.get("note", "not measured")
        elif not o.same_output:
            verdict = "output differs: not safe"
        elif not o.experiment.accepted:
            verdict = "rejected (slower)" if o.speedup < 1 else "rejected"
        elif o.speedup >= 1.05:
            verdict = "propose"
        else:
            verdict = "no measurable gain here"
        t.add(o.experiment.key, o.workload, o.before_ms, o.after_ms, o.speedup, o.same_output, verdict)
    seen = set()
    for o in outcomes:
        e = o.experiment
        if e.key in seen:
            continue
        seen.add(e.key)
        t.notes.append(f"**{e.key}** — {e.place}. Problem: {e.problem} Fix: {e.fix}")
    for key, place, what, commit in hotspots.FIXED_UPSTREAM:
        t.notes.append(f"**{key}** — {place} — *fixed in checker/ during this work ({commit})*: {what}")
    t.notes.append("before and after alternate inside every round; `same output` compares the results "
                   "(findings, parts, headings) with and without the patch. Nothing in checker/ is changed: "
                   "each patch lives in bench/hotspots.py and is undone after the measurement.")
    return [t]


def projected_table(shapes: list, real: list, settings: Settings) -> Table:
    """check/floor per document with every accepted fix applied, next to today's."""
    import hotspots

    t = Table("projected", "Per-document ratio with every accepted fix applied (in-process, ms, medians)",
              ["document", "floor", "check", "check with fixes", "check/floor", "with fixes/floor"],
              digits={"check/floor": 2, "with fixes/floor": 2})
    fixes = hotspots.all_accepted()
    for inp in shapes + real:
        source = ops.floor_input(inp.path)
        try:
            ops.floor(source)
        except Exception:  # python-docx cannot open it: no ratio to show
            continue

        ops.check(inp.path)
        with fixes.patch():
            ops.check(inp.path)
        times = {k: median(v) for k, v in interleaved({
            "floor": lambda: ops.floor(source), "check": lambda: ops.check(inp.path),
            "fixed": (fixes.patch, lambda: ops.check(inp.path)),
        }, settings.repeat).items()}
        t.add(inp.name, ms(times["floor"]), ms(times["check"]), ms(times["fixed"]),
              times["check"] / times["floor"], times["fixed"] / times["floor"])
    if t.rows:
        before = [r[4] for r in t.rows]
        after = [r[5] for r in t.rows]
        t.notes.append(f"median check/floor {median(before):.2f} → {median(after):.2f} with the fixes "
                       f"({', '.join(e.key for e in fixes.members)})")
    return t


# -- targets --------------------------------------------------------------------------------------
def targets_table(tables: dict) -> Table:
    t = Table("targets", "Targets (issues 8 and 16)", ["target", "measured", "met"])

    def ratios(table_key, names=None):
        tab = tables.get(table_key)
        if tab is None:
            return []
        col = tab.columns.index("check/floor")
        return [(r[col], r[0]) for r in tab.rows if r[col] is not None and (names is None or r[0] in names)]

    projected = tables.get("projected")
    fixed_rows = {r[0]: (r[4], r[5]) for r in projected.rows} if projected else {}
    docs = tables.get("documents")
    if docs:
        seeds = [r for r in ratios("documents") if r[1][:3].isdigit() and " " in r[1]]
        real = [r for r in ratios("documents") if r not in seeds]
        for label, vals in (("seed shapes", seeds), ("real Word/WPS files", real)):
            if vals:
                worst = max(vals)
                pairs = [fixed_rows[n] for _, n in vals if n in fixed_rows]
                extra = (f"; proposed fixes, measured side by side later in the run: median "
                         f"{median([b for b, _ in pairs]):.2f}× → {median([a for _, a in pairs]):.2f}×") if pairs else ""
                names = {n for _, n in vals}
                col = docs.columns.index("check before/floor")
                before = [r[col] for r in docs.rows if r[0] in names and r[col] is not None]
                was = f"; with the python-docx reader (before), same run: median {median(before):.2f}×" if before else ""
                t.add(f"check ≤ {TARGET_RATIO}× floor per document ({label})",
                      f"median {median([v for v, _ in vals]):.2f}×, worst {worst[0]:.2f}× ({worst[1]}){was}{extra}",
                      worst[0] <= TARGET_RATIO)
                t.add(f"stretch: check ≤ {STRETCH_RATIO}× floor per document ({label})",
                      f"{sum(1 for v, _ in vals if v <= STRETCH_RATIO)}/{len(vals)} documents",
                      worst[0] <= STRETCH_RATIO)
    scale = tables.get("scale")
    if scale:
        big = [r for r in ratios("scale") if "docx" in r[1]]
        if big:
            worst = max(big)
            t.add(f"check ≤ {TARGET_RATIO}× floor at every size (.docx)", f"worst {worst[0]:.2f}× ({worst[1]})",
                  worst[0] <= TARGET_RATIO)
    lin = tables.get("linearity")
    if lin and lin.rows:
        exps = [(r[2], r[0]) for r in lin.rows if r[2] is not None]
        if exps:
            worst = max(exps)
            t.add("cost grows linearly with size", f"largest exponent {worst[0]:.2f} ({worst[1]})", worst[0] <= 1.15)
    proc = tables.get("process")
    if proc:
        for name, target in (("fazhi check one.docx", TARGET_COLD_CHECK), ("fazhi --version", TARGET_VERSION)):
            row = proc.row(name)
            if row and row["median s"] is not None:
                t.add(f"cold `{name}` ≤ {target} s", f"{row['median s']:.3f} s", row["median s"] <= target)
    imp = tables.get("imports --version")
    if imp:
        note = next((n for n in imp.notes if n.startswith("`--version` should")), "")
        t.add("`--version` imports no heavy module", note.split(": ", 1)[-1], note.endswith("OK"))
    mem = tables.get("memory-scale")
    if mem:
        for row in mem.rows:
            if row[4]:
                t.add(f"{row[0]}, {row[1]:,} drafts ≤ {row[4]} MB", f"{row[3]:,.0f} MB", row[5])
        small_large = [r for r in mem.rows if r[0] == "fazhi check DIR --jobs 1"]
        if len(small_large) == 2:
            (a, b) = small_large
            t.add("memory flat in batch size (--jobs 1)", f"{a[1]:,} drafts {a[3]:,.0f} MB → {b[1]:,} drafts "
                  f"{b[3]:,.0f} MB", b[3] <= a[3] * 1.25 + 10)
        tiny = [r for r in mem.rows if "128" in r[0]]
        if tiny:
            t.add(f"--jobs 128 on {tiny[0][1]:,} tiny files stays small", f"{tiny[0][3]:,.0f} MB (all processes)",
                  tiny[0][3] <= 500)
    jobs = tables.get("jobs")
    if jobs and jobs.rows:
        worst = max((r[4], r[0]) for r in jobs.rows)
        t.add("default --jobs never slower than --jobs 1 (10% margin for noise)", f"worst {worst[0]:.2f}× (at {worst[1]} files)",
              worst[0] <= 1.1)
    batch = tables.get("batch")
    if batch and len(batch.rows) >= 4:
        last = batch.rows[-1]
        t.add("batch scales with cores", f"{last[0]}: {last[-1]:.2f}× the --jobs 1 rate", last[-1] >= 1.3)
    bd = tables.get("breakdown")
    if bd and bd.rows:
        for col in bd.columns[1:]:
            values = {r[0]: r[bd.columns.index(col)] for r in bd.rows if r[bd.columns.index(col)] is not None}
            total = sum(values.values())
            if not total:
                continue
            top = sorted(values.items(), key=lambda kv: -kv[1])[:4]
            t.notes.append(f"where the time goes on {col} ({total:,.1f} ms in all): "
                           + ", ".join(f"{k.split(' — ')[0]} {v:,.1f} ms ({100 * v / total:.0f}%)" for k, v in top))
    ins = tables.get("instructions")
    if ins and ins.rows:
        vals = [(r[3], r[0]) for r in ins.rows if r[3] is not None]
        if vals:
            worst = max(vals)
            t.add(f"check ≤ {TARGET_RATIO}× floor in instructions", f"worst {worst[0]:.2f}× ({worst[1]})",
                  worst[0] <= TARGET_RATIO)
    return t


# -- output --------------------------------------------------------------------------------------
def write_results(path: Path, tables: dict, header: list[str]) -> None:
    order = ["targets", "documents", "opcodes", "opcodes-rules", "compare", "scale", "linearity", "lines", "breakdown",
             "check-types", "patterns", "process",
             "imports --version", "imports check one.docx", "batch", "jobs", "memory-scale", "memory", "instructions",
             "profile-large", "profile-batch", "profiles", "hotspots", "instructions-hotspots", "projected"]
    parts = ["# Benchmark results (issues 8 and 16)", "", *header, ""]
    for key in order:
        if key in tables:
            parts.append(tables[key].markdown())
    parts.append("## How to run\n\n```\npython bench/run.py            # full run, writes this file\n"
                 "python bench/run.py --quick    # smoke: every code path, tiny inputs\n"
                 "git worktree add /tmp/base REV && python bench/run.py --only compare --baseline /tmp/base"
                 "    # an earlier revision beside this tree\n```\n")
    text = "\n".join(parts)
    try:
        from checker.atomic import write_text

        write_text(str(path), text, True)
    except ImportError:  # pragma: no cover - the checker always ships atomic.py
        path.write_text(text, encoding="utf-8")


def main(argv=None) -> dict:
    settings = parse_args(argv if argv is not None else sys.argv[1:])
    started = _dt.datetime.now()
    load_start = os.getloadavg()
    settings.workdir.mkdir(parents=True, exist_ok=True)
    # the loaded shipped packs are cached on disk: in the bench's folder, not the user's home
    os.environ.setdefault("FAZHI_CACHE_DIR", str(settings.workdir / "pack-cache"))
    log(f"inputs in {settings.workdir}")
    packs = pack_status()
    folder = settings.workdir / "inputs"
    folder.mkdir(exist_ok=True)
    want = set(settings.only)
    shapes = corpus.build_seed_shapes(folder) if want & {"documents", "opcodes", "compare", "process",
                                                         "instructions", "hotspots"} else []
    real = [corpus.Input(p.name, p, "docx", "", 1) for p in corpus.real_docx_files()] \
        if want & {"documents", "opcodes", "compare", "hotspots"} else []
    scaled = corpus.build_scaled(folder, settings.factors) if want & {
        "scale", "breakdown", "memory", "instructions", "profiles", "hotspots"} else []
    drafts = []
    if want & {"batch", "profiles", "memory", "hotspots", "jobs"}:
        drafts = corpus.build_batch(settings.workdir / "drafts", settings.batch)
    log("inputs built")
    top = max(settings.factors)
    big_docx = max((i.path for i in scaled if i.factor == top and i.kind == "docx"),
                   key=lambda p: p.stat().st_size, default=None)
    big_txt = max((i.path for i in scaled if i.factor == top and i.name.endswith(" txt")),
                  key=lambda p: p.stat().st_size, default=None)
    one_docx = next((i.path for i in shapes if i.name.startswith("000") and i.name.endswith("autonum")),
                    shapes[0].path if shapes else None)
    tables: dict[str, Table] = {}

    def keep(*new):
        for tab in new:
            tables[tab.key] = tab
            print(tab.text(), flush=True)

    if "documents" in want:
        log("1. per document")
        keep(documents_table(shapes, real, settings.repeat))
    if "opcodes" in want:
        import opcodes

        log("1b. bytecodes per document")
        few = 2 if settings.quick else None
        keep(*opcodes.opcodes_table({"seed shapes": [i.path for i in shapes][:few],
                                     **({"real Word/WPS files": [i.path for i in real][:few]} if real else {})}))
    if "compare" in want and settings.baseline is not None:
        import compare

        log("1c. baseline against this tree")
        few = 2 if settings.quick else None
        keep(compare.compare_table(settings.baseline, BENCH.parent, {
            "seed shapes": [i.path for i in shapes][:few],
            **({"real files": [i.path for i in real][:few]} if real else {})},
            settings.repeat, settings.alternations, settings.workdir, dict(os.environ), log))
    if "scale" in want:
        log("2. by size")
        keep(*scale_tables(scaled, settings))
    if "lines" in want:
        import lines

        log("2b. hostile one-line bodies")
        keep(lines.lines_table(*((500, 2000, 1) if settings.quick else (5000, 20000, settings.big_repeat))))
    if "breakdown" in want:
        log("breakdown")
        first = next(i for i in scaled if i.name.startswith("000") and i.factor == min(settings.factors)
                     and i.kind == "docx")
        by_path = {i.path: i.name for i in scaled}
        keep(*breakdown_tables({first.name: first.path, by_path[big_txt]: big_txt, by_path[big_docx]: big_docx},
                               settings.big_repeat))
    if "process" in want:
        log("3. whole process")
        keep(*process_tables(settings, one_docx, packs))
    if "batch" in want:
        log("4. batch")
        keep(batch_table(drafts, settings.workdir / "drafts", settings, packs))
    if "jobs" in want:
        import batches

        log("4b. jobs")
        keep(batches.jobs_table(drafts, settings.workdir, settings.fazhi, settings.batch_repeat, packs.cli_args))
    if "memory" in want:
        import batches

        log("5b. memory by batch size")
        large = corpus.build_batch(settings.workdir / "drafts-large", settings.memory_batch)
        small = batches._subset(large, settings.workdir / "memory", max(1, settings.memory_batch // 10))
        tiny = batches.tiny_files(settings.workdir / "tiny", settings.tiny)
        keep(batches.memory_scale_table(settings.workdir, settings.fazhi, packs.cli_args, small,
                                        settings.workdir / "drafts-large", tiny))
        log("5. memory")
        repeat_docx = next((i.path for i in scaled if i.kind == "docx" and i.seed.startswith("003")
                            and i.factor == sorted(settings.factors)[min(1, len(settings.factors) - 1)]), None)
        keep(memory_table(big_docx, big_txt, settings, packs, repeat_docx,
                          settings.workdir / "drafts" if drafts else None))
    if "instructions" in want:
        log("instruction counts")
        docs = [i for i in shapes if i.name.endswith("autonum")]
        mid = [i for i in scaled if i.kind == "docx" and i.seed.startswith("003") and i.factor == sorted(settings.factors)[-2]] \
            if len(settings.factors) > 1 else []
        keep(instructions_table(docs + mid[:1], settings))
        if "hotspots" in want:
            mid_factor = sorted(settings.factors)[-2] if len(settings.factors) > 1 else max(settings.factors)
            pick = {i.name: i.path for i in scaled}
            roles = {"seed_docx": one_docx,
                     "seed_txt": pick.get(corpus.scaled_name(corpus.seed_files()[0], min(settings.factors), "txt")),
                     "large_docx": pick.get(corpus.scaled_name(corpus.seed_files()[-1], mid_factor, "docx")),
                     "large_txt": pick.get(corpus.scaled_name(corpus.seed_files()[-1], mid_factor, "txt"))}
            keep(instruction_hotspots_table({k: v for k, v in roles.items() if v is not None}, settings))
    if "profiles" in want:
        log("profiles")
        keep(*profile_tables(big_docx, drafts, settings))
    if "hotspots" in want:
        log("hot-spot experiments")
        keep(*hotspot_tables(scaled, shapes, drafts, settings))
        keep(projected_table(shapes, real, settings))
    tables["targets"] = targets_table(tables)
    print(tables["targets"].text(), flush=True)
    load_end = os.getloadavg()
    mach = measure.machine()
    header = [
        f"Generated {started:%Y-%m-%d %H:%M} by `python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}` "
        f"in {(_dt.datetime.now() - started).total_seconds() / 60:.1f} min.",
        "",
        f"- Machine: {mach['cpus']} CPUs ({mach['cpu_model'] or 'unknown model'}), Python {mach['python']}; "
        f"**shared with other engineers during the run** (load average {load_start[0]:.2f} at the start, "
        f"{load_end[0]:.2f} at the end). Absolute times are noisy: read the ratios, which come from "
        "measurements alternating inside every round, and the callgrind instruction counts, which do not "
        "depend on load.",
        f"- Settings: {settings.repeat} rounds per seed-sized document, {settings.big_repeat} per ×20/×100 "
        f"document, {settings.process_repeat} runs per command, batch {settings.batch} drafts × "
        f"{settings.batch_repeat} runs; size factors {', '.join(f'×{f}' for f in settings.factors)}.",
        *[f"- {line}" for line in packs.describe()],
    ]
    write_results(settings.out, tables, header)
    log(f"wrote {settings.out}")
    return tables


if __name__ == "__main__":
    main()
