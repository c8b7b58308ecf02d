"""Child process for memory and instruction-count measurements.

    python bench/child.py OP PATH N [--warm] [--patch KEY[,KEY…]]

Imports what OP needs, runs it once untimed when ``--warm`` is given (imports, pack
loading, caches), then N more times. OP ``imports`` only imports the checker and
python-docx (the baseline a real run cannot go below). ``--patch`` applies hot-spot
fixes from bench/hotspots.py (``all-accepted`` for every accepted one) for the whole run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> int:
    op, path, count = argv[0], argv[1], int(argv[2])
    warm = "--warm" in argv[3:]
    patch = argv[argv.index("--patch") + 1] if "--patch" in argv else None
    if op == "imports":
        import docx  # noqa: F401

        import checker.runner  # noqa: F401
        return 0
    import ops

    fn = ops.OPS[op]
    source = ops.floor_input(Path(path)) if op == "floor" else path  # batch: a folder
    with _patched(patch):
        if warm:
            fn(source)
        for _ in range(count):
            fn(source)
    return 0


def _patched(keys: str | None):
    from contextlib import ExitStack, nullcontext

    if not keys:
        return nullcontext()
    import hotspots

    stack = ExitStack()
    for key in keys.split(","):
        experiment = hotspots.all_accepted() if key == "all-accepted" else hotspots.by_key(key)
        stack.enter_context(experiment.patch())
    return stack


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
