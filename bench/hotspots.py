"""Hot-spot experiments: each proposed engine fix applied by monkeypatching, measured
against the unpatched code in the same run, with a check that the output is identical.

Nothing here changes the engine for real: every patch is undone when its ``with``
block ends. A fix that proves itself here is proposed to the owner of the module.
"""

from __future__ import annotations

import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable
from unittest import mock

import checker.read.noise as noise_mod
import checker.analysis.outline as outline_mod
from checker.read.noise import NoiseModel
from checker.analysis.outline import Heading

import ops
from measure import interleaved, median


@dataclass
class Experiment:
    key: str
    place: str  # where the hot spot is in the engine
    problem: str
    fix: str
    patch: Callable[[], Any]  # () -> context manager applying the fix
    accepted: bool = True  # False: a tempting change that measured slower (kept as evidence)
    members: list = field(default_factory=list)  # for the combined experiment: what it applies


@dataclass
class Outcome:
    experiment: Experiment
    workload: str
    before_ms: float
    after_ms: float
    same_output: bool
    extra: dict = field(default_factory=dict)

    @property
    def speedup(self) -> float:
        return self.before_ms / self.after_ms if self.after_ms else float("nan")


# -- Heading.path rebuilt from the root for every heading and every finding ---------------
def _cached_path(self):
    cached = self.__dict__.get("_bench_path")
    if cached is None:
        own = outline_mod._short(self.text)
        cached = own if self.parent is None else f"{_cached_path(self.parent)} › {own}"
        self.__dict__["_bench_path"] = cached
    return cached


@contextmanager
def patch_path():
    with mock.patch.object(Heading, "path", property(_cached_path)):
        yield


# -- the default pack set looked up again for every file -------------------------------------
@contextmanager
def patch_select_packs():
    import checker.runner as runner_mod

    original = runner_mod.select_packs

    @lru_cache(maxsize=None)
    def memo(refs, kind, base_dir):
        return tuple(original(list(refs) if refs is not None else None, kind, base_dir))

    def select(refs, kind, base_dir=None):
        return list(memo(tuple(refs) if refs else None, kind, base_dir))

    with mock.patch.object(runner_mod, "select_packs", select):
        yield


# -- (rejected) all noise patterns folded into one alternation -------------------------------
def _noise_combined(self, block):
    combined = self.__dict__.get("_bench_combined")
    if combined is None:
        combined = self.__dict__["_bench_combined"] = re.compile(
            "|".join(f"(?:{p.pattern})" for p in self.patterns)) if self.patterns else None
    text = block.text
    if not noise_mod._CJK.search(text):
        return _original_is_noise(self, block)
    if len(text) > self.max_length:
        return False
    return bool(combined and combined.search(text))


_original_is_noise = NoiseModel.is_noise


@contextmanager
def patch_noise_alternation():
    with mock.patch.object(NoiseModel, "is_noise", _noise_combined):
        yield


# -- check_paths(jobs=1) keeps every report ------------------------------------------------------
@contextmanager
def patch_detach():
    import checker.runner as runner_mod

    original = runner_mod.check_file

    def detached(path, options=None):
        return original(path, options).detached()

    # check_paths looks check_file up in its module at call time: the serial path then keeps
    # detached results, as the parallel path already does
    with mock.patch.object(runner_mod, "check_file", detached):
        yield


# -- text decoding: plausibility scored character by character ---------------------------------
def _fast_plausibility_factory(read_text_mod):
    ranges = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in read_text_mod._PLAUSIBLE)
    implausible = re.compile(f"[^\r\n\t{ranges}]")

    def plausibility(text: str) -> float:
        if not text:
            return 0.0
        return (len(text) - len(implausible.findall(text))) / len(text)

    return plausibility


@contextmanager
def patch_plausibility():
    import checker.read.text as read_text_mod

    if not hasattr(read_text_mod, "_plausibility") or not hasattr(read_text_mod, "_PLAUSIBLE"):
        raise LookupError("checker.read.text._plausibility not found")
    with mock.patch.object(read_text_mod, "_plausibility", _fast_plausibility_factory(read_text_mod)):
        yield


# -- GC thresholds -------------------------------------------------------------------------------
@contextmanager
def _gc_threshold():
    import gc

    old = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)


EXPERIMENTS = [
    Experiment(
        "heading-path", "checker/outline.py Heading.path (FileResult.from_report, make_finding)",
        "the path is rebuilt by walking to the root and shortening every ancestor's text, for every "
        "heading in every result and again for every finding.",
        "compute the path once per heading from its parent's path (set it in build_outline, or a "
        "cached value filled top-down).",
        patch_path),
    Experiment(
        "pack-selection", "checker/runner.py check_document → packs.select_packs (once per file)",
        "every file globs rules/*.yaml and resolves every pack path on disk again before the "
        "pack cache is hit.",
        "memoise select_packs on (refs, kind, base_dir) — packs do not change during a run "
        "(or cache default_packs(kind) and key load_pack's cache on the reference before resolving).",
        patch_select_packs),
    Experiment(
        "noise-alternation", "checker/noise.py NoiseModel.is_noise",
        "any(p.search(text) for p in patterns) calls up to 17 patterns per block.",
        "(rejected) one alternation `(?:p1)|(?:p2)|…` compiled per pack: measured slower, because "
        "re loses each pattern's literal-prefix search; keep the separate patterns.",
        patch_noise_alternation, accepted=False),
    Experiment(
        "text-plausibility", "checker/read_text.py _plausibility (decode, every .txt/.md input)",
        "the share of plausible characters is computed with a Counter and, per distinct character, "
        "any() over 12 code-point ranges in Python: about 1.3 ms for the 4,096-character sample of a "
        "UTF-8 file — more than the whole analysis of a seed-sized report.",
        "one compiled class of the implausible characters built from _PLAUSIBLE, "
        "`(len(text) - len(_IMPLAUSIBLE.findall(text))) / len(text)`: the same value, about 60× faster.",
        patch_plausibility),
    Experiment(
        "batch-detach", "checker/runner.py check_paths, serial path (jobs=1; cli.py check)",
        "with --jobs 1 every FileResult keeps its `report` (the whole Document with its python-docx tree, "
        "outline, layout view) until the run ends, although the CLI formatters and --annotate never read it; "
        "the parallel path already returns detached results. Memory grows with the number of files and the "
        "garbage collector walks all of it again and again.",
        "in check_paths append `check_file(path, options).detached()` in the serial loop (or add a "
        "keep_reports=False parameter for the API callers that want reports).",
        patch_detach),
    Experiment(
        "gc-threshold", "the whole check (CPython's cyclic garbage collector)",
        "a long report keeps ~10⁵ small objects alive (blocks, spans, headings, findings); every "
        "700 allocations gen-0 collections run and full collections walk all of them.",
        "in cli.py `check` (or runner.check_paths) call gc.freeze() after the packs are loaded and "
        "raise gen-0's threshold, e.g. gc.set_threshold(50_000, 20, 20); the checker builds no "
        "reference cycles on its hot paths, so memory does not grow.",
        lambda: _gc_threshold()),
]


def compare(experiment: Experiment, workload: Callable[[], Any], repeat: int, name: str,
            normalise: Callable[[Any], Any] = lambda x: x) -> Outcome:
    """Time ``workload`` without and with the patch (interleaved) and compare outputs."""
    before_out = normalise(workload())
    with experiment.patch():
        after_out = normalise(workload())

    times = interleaved({"before": workload, "after": (experiment.patch, workload)}, repeat)
    return Outcome(experiment, name, median(times["before"]) * 1000, median(times["after"]) * 1000,
                   before_out == after_out)


# -- workloads --------------------------------------------------------------------------------
def result_signature(result) -> tuple:
    """Everything a user sees of a FileResult (findings, parts, headings, meta)."""
    return (result.status, result.error, result.meta, result.sections, result.headings,
            [f.to_dict() for f in result.findings])


def _analysed(paths):
    from checker.read.document import read_document
    from checker.packs.loader import analysis_model, select_packs
    from checker.analysis.report import analyze, model_for

    out = []
    for path in paths:
        document = read_document(path)
        model = model_for(analysis_model(select_packs(ops.options().packs, document.kind)))
        out.append((document, model, analyze(document, model)))
    return out


def run_experiments(large: list, small: list, repeat: int,
                    seed_docx: list = (), large_docx=None, drafts: list = ()) -> list[Outcome]:
    """``large``: the biggest scaled inputs (paths); ``small``: seed-sized inputs;
    ``seed_docx``: seed-sized .docx files; ``large_docx``: the largest .docx; ``drafts``:
    batch drafts."""
    from checker.read.document import read_document
    from checker.read.noise import classify
    from checker.runner import FileResult, check_document, check_file

    by_key = {e.key: e for e in EXPERIMENTS}
    analysed = _analysed(large)
    outcomes = []

    def attempt(key, workload, name, normalise=lambda x: x, rounds=None, **extra):
        try:
            outcome = compare(by_key[key], workload, rounds or repeat, name, normalise)
        except LookupError as exc:  # the code the patch targets has changed or is absent
            outcome = Outcome(by_key[key], name, float("nan"), float("nan"), False, {"note": f"not measured: {exc}"})
        outcome.extra.update(extra)
        outcomes.append(outcome)

    def skip_of(report):
        return report.noise | report.toc | set(report.meta.title_blocks)

    def results():
        return [FileResult.from_report(d.path, r, []) for d, _, r in analysed]

    attempt("heading-path", results, "FileResult.from_report, ×100 reports", lambda res: [x.headings for x in res])

    documents = [read_document(p) for p in small]

    def per_file():
        return [check_document(d, ops.options()) for d in documents for _ in range(5)]

    from checker.read.document import read_document as read_again

    def read_texts():
        return [len(read_again(p).blocks) for p in small for _ in range(5)]

    attempt("text-plausibility", read_texts, f"read_document, {len(small)} seed .txt ×5")

    attempt("pack-selection", per_file, f"check_document, {len(documents)} seed-sized inputs ×5",
            lambda res: [result_signature(x) for x in res])

    def noise():
        return [classify(d.blocks, m.noise) for d, m, _ in analysed]

    attempt("noise-alternation", noise, "noise.classify, ×100 reports")

    if drafts:
        from checker.runner import check_paths

        def batch():
            return check_paths(list(drafts), ops.options(), jobs=1)

        attempt("batch-detach", batch, f"check_paths, {len(drafts)} drafts, jobs=1",
                lambda res: [result_signature(r) for r in res], rounds=min(repeat, 2))
    if large_docx is not None:
        def big():
            return check_file(large_docx, ops.options())

        attempt("gc-threshold", big, f"check_file {Path(large_docx).name}", result_signature)
    if seed_docx:
        def seeds():
            return [check_file(p, ops.options()) for p in seed_docx]

        attempt("gc-threshold", seeds, f"check_file, {len(seed_docx)} seed .docx",
                lambda res: [result_signature(r) for r in res])
    return outcomes


# Hot spots this benchmark found that were fixed in checker/ while it was being written;
# the figures are from earlier runs of this benchmark (same machine, same method).
FIXED_UPSTREAM = [
    ("layout-count-chars", "checker/layout.py count_chars",
     "a Python loop with an lru_cache call per character of every run (and again for both halves of a "
     "split run-in heading): the top function by self time, 12.7% of checking the ×100 .docx and 11.2% of "
     "the batch. Measured with a str.translate version: check_file 003 ×20 .docx 470.5 → 371.4 ms (1.27×), "
     "same output.", "31addad, 8e7b410 (regex bulk counts per distinct character)"),
    ("layout-lazy-styles", "checker/layout.py Formatting.__init__",
     "all 164 w:style entries parsed up front (4.5 ms of a 8–15 ms layout view on a seed-sized report). "
     "Measured with parse-on-first-use: check_file 000 autonum 47.9 → 33.5 ms (1.43×), 003 autonum "
     "35.7 → 29.9 ms (1.19×), same output.", "8e7b410 (lazy styles/theme/roles)"),
    ("layout-font-key", "checker/layout.py font_key",
     "re.sub(r\"\\s+\", …) through re's pattern cache for every run: 42,000 calls per 50 seed checks. "
     "Measured with lru_cache: 1.06× on check_file 003 ×20 .docx.", "8e7b410 (compiled pattern, each distinct value judged once)"),
    ("outline-items", "checker/outline.py build_outline → labels.ITEM_PATTERN (every block)",
     "ITEM_PATTERN started with `(?:^|(?<=[。；…]))`, so re tried the lookbehind at every character of every "
     "block. Measured with `[一二…]+是` plus a test of the one preceding character: build_outline on the three "
     "×100 reports 207.8 → 134.6 ms (1.54×; 1.23× in an earlier run), check_file 003 ×20 .txt "
     "507.0 → 478.0 M instructions (−5.7%), same items and headings.",
     "80381c8 (labels.iter_items)"),
    ("layout-view-leak", "checker/layout_view.py layout_view / _VIEWS",
     "the module-level cache held (weakref(report), view) but the view held the report strongly, so the "
     "weak reference never died and every checked .docx stayed in memory. Measured: 40 checks of 003 ×5 "
     ".docx in one process peaked at 310 MB (124 MB with the view kept on the report; 45 MB against 268 MB "
     "when collecting garbage after each file), `fazhi check DIR --jobs 1` on the 500 drafts at 2,158 MB; "
     "check_file ×10 in one call 230.6 → 180.5 ms (1.28×, the collector walked the retained documents).",
     "2726fe1 (the view lives on its report)"),
    ("heading-for", "checker/outline.py Outline.heading_for (make_finding, numbering)",
     "a linear scan of all headings for every finding: O(findings × headings). Measured with a bisect over "
     "the heading block numbers, one finding per paragraph of seed 003 at ×1/×5/×20/×100: 0.8 → 0.9, "
     "4.6 → 3.1, 28.2 → 10.0, 736.8 → 50.2 ms (14.7× at ×100), same findings.",
     "55fb0be (binary search for a block's heading)"),
    ("pattern-starts", "rules/*.yaml patterns run by the text checks (existence, year-wording, substitution …)",
     "patterns starting with a lookbehind, `(?:^|…)` or an optional part are tried by re at every "
     "character (the costliest patterns table). Measured on the ×20 report, same matches: "
     "`(?:党的)?十九大(?!代表)` 4.89 → 1.07 ms written as `(?:党的十九大|十九大)(?!代表)`; "
     "`(?<![A-Za-zＡ-Ｚａ-ｚ])(?:[XxＸｘ]{2,}|[×╳]{2,})…` 5.98 → 2.34 ms with `(?=[XxＸｘ×╳])` in front; "
     "`(?<![原旧])(?:政府|[省市区县州旗])法制办…` 3.64 → 1.83 ms.",
     "55fb0be (start-character lookahead added by the engine, required-literal prefilter)"),
    ("inline-cues", "checker/sections.py _match_at_sentence_starts",
     "every inline cue searched in a window at every sentence start of every block. Measured with a "
     "whole-block prefilter: 6.8 → 2.8 µs per block on the ×100 report.", "d3f6121 (one scan per pattern)"),
]


def by_key(key: str) -> Experiment:
    return next(e for e in EXPERIMENTS if e.key == key)


# (experiment, child op, input role): the instruction-count version of each experiment.
# Roles: "seed_docx"/"seed_txt" a seed-sized input, "large_docx"/"large_txt" the ×20 report.
INSTRUCTION_ROWS = [
    ("text-plausibility", "check", "seed_txt"),
    ("heading-path", "check", "large_txt"),
    ("pack-selection", "check", "seed_docx"),
    ("noise-alternation", "check", "large_txt"),
    ("gc-threshold", "check", "large_docx"),
    ("all-accepted", "check", "seed_docx"),
    ("all-accepted", "check", "large_docx"),
]


def all_accepted() -> Experiment:
    """One experiment applying every accepted fix whose target code exists."""
    accepted = [e for e in EXPERIMENTS if e.accepted]

    @contextmanager
    def all_applicable():
        with ExitStack() as stack:
            for e in accepted:
                try:
                    stack.enter_context(e.patch())
                except LookupError:
                    continue
            yield

    return Experiment("all-accepted", "all accepted fixes together", "", "", all_applicable, members=accepted)


def combined(paths: list, repeat: int, name: str) -> Outcome:
    """All accepted fixes together on whole ``check_file`` runs."""
    from checker.runner import check_file

    together = all_accepted()

    def work():
        return [check_file(p, ops.options()) for p in paths]

    return compare(together, work, repeat, name, lambda res: [result_signature(r) for r in res])
