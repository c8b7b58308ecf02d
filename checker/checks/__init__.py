"""Check types: the verbs YAML rules use. One module per type, each declaring
``NAME``, ``DESCRIPTION``, ``OPTIONS`` (name -> :class:`~checker.checks.base.Option`)
and ``check(report, rule)`` yielding findings."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

_REGISTRY: dict[str, ModuleType] | None = None


def registry() -> dict[str, ModuleType]:
    """Every module of this package that declares ``NAME`` is a check type."""
    global _REGISTRY
    if _REGISTRY is None:
        found = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            if info.name.startswith("_") or info.name == "base":
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            if hasattr(module, "NAME") and hasattr(module, "check"):
                found[module.NAME] = module
        _REGISTRY = found
    return _REGISTRY


def get(name: str) -> ModuleType | None:
    return registry().get(name)
