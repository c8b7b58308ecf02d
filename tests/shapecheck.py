"""A report checked as text and as .docx in the four shapes of docxbuild: the helpers and
shared assertions of the tests over the tests' own reports and over the real seeds, and a
submission folder of them for the output-format tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from checker.runner import CheckOptions, check_file, check_paths, collect_inputs
from conftest import report_texts
from docxbuild import DELETED_PARAGRAPH, DELETED_PHRASE, build_seed

SHAPES = ["text", "plain", "styles", "autonum", "tracked"]
# Word draws automatic labels itself, so in the autonum shape typed labels are gone
_AUTONUM_DROPS = {"reviewer.numbering-half-width"}


def check_shape(source: Path, shape: str, folder: Path | None, packs=("national",)):
    """``source`` checked as it is (``text``) or built into a .docx of ``shape``."""
    path = source if shape == "text" else build_seed(source, shape, folder)
    result = check_file(path, CheckOptions(packs=list(packs)))
    assert result.status == "checked", result.error
    return result


def sections(result) -> dict:
    return {s["key"]: s for s in result.sections}


def rules(result) -> set[str]:
    return {f.rule for f in result.findings}


def block_text(result, index: int) -> str:
    return result.report.block(index).text


def headed_title(result, key: str) -> str:
    """The heading of part ``key``, which must have one."""
    part = sections(result)[key]
    assert part["headed"] is True, key
    return part["title"]


def unheaded_start(result, key: str) -> str:
    """The first block's text of part ``key``, which must have no heading of its own."""
    part = sections(result)[key]
    assert part["headed"] is False, key
    return block_text(result, part["start"])


def assert_meta(result, **expected) -> None:
    """The named meta values are exactly ``expected``."""
    assert {k: result.meta[k] for k in expected} == expected


def assert_missing_only(result, *keys: str) -> None:
    """``national.section-missing`` names exactly ``keys``, as errors."""
    missing = [f for f in result.findings if f.rule == "national.section-missing"]
    assert [f.section for f in missing] == list(keys)
    assert all(f.severity.label == "error" for f in missing)


def assert_shapes_agree(source: Path, folder: Path, packs=("national",)) -> None:
    """Every .docx shape gives the same meta, parts, spans and findings as the text."""
    base = check_shape(source, "text", folder, packs)
    for shape in SHAPES[1:]:
        r = check_shape(source, shape, folder, packs)
        assert r.meta == base.meta, shape
        assert r.sections == base.sections, shape
        expected = [f for f in base.findings if not (shape == "autonum" and f.rule in _AUTONUM_DROPS)]
        assert sorted((f.rule, f.location.block, f.section) for f in r.findings) == \
            sorted((f.rule, f.location.block, f.section) for f in expected), shape


def assert_tracked_reads_as_accepted(source: Path, folder: Path) -> None:
    """The tracked shape reads as its changes accepted: deletions gone, the rest as in the text."""
    r = check_shape(source, "tracked", folder)
    text = r.report.document.text
    assert DELETED_PHRASE not in text
    assert DELETED_PARAGRAPH not in text
    plain = check_shape(source, "text", folder).report.document
    assert [b.text for b in r.report.document.blocks] == [b.text for b in plain.blocks]


def autonum_labels(source: Path, folder: Path) -> list[str]:
    """The labels Word shows in the autonum shape (they are not in the text: they come
    from numbering.xml); the first is 一、 and arabic items restart under 二、."""
    doc = check_shape(source, "autonum", folder).report.document
    labels = [b.label for b in doc.blocks if b.label]
    assert labels, "automatic numbering was not rendered"
    assert labels[0] == "一、"
    second = labels.index("二、")
    assert labels[second + 1] == "（一）" and labels[second + 2] == "1."
    return labels


def submission(root: Path, shapes, broken: tuple[str, bytes]) -> Path:
    """``root`` filled as a folder of submissions: every report text, each also as .docx in
    ``shapes``, and one file that cannot be read (``broken``: its name and bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    for seed in report_texts():
        shutil.copy(seed, root / seed.name)
        for shape in shapes:
            build_seed(seed, shape, root)
    name, data = broken
    (root / name).write_bytes(data)
    return root


def check_folder(root: Path) -> list:
    """Every file under ``root`` checked in this process, as plain results."""
    files, _ = collect_inputs([str(root)])
    return [r.detached() for r in check_paths(files, CheckOptions(), jobs=1)]
