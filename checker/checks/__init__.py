"""Check types: the verbs YAML rules use. One module per type, each declaring
``NAME``, ``DESCRIPTION``, ``OPTIONS`` (name -> :class:`~checker.checks.base.Option`)
and ``check(report, rule)`` yielding findings."""

from __future__ import annotations

import importlib
from types import ModuleType

_MODULES = (
    "section_present",
    "section_order",
    "section_unheaded",
    "section_mentions",
    "meta_present",
    "meta_pattern",
    "meta_expected",
    "date_deadline",
    "noise_present",
)

_REGISTRY: dict[str, ModuleType] | None = None


def registry() -> dict[str, ModuleType]:
    global _REGISTRY
    if _REGISTRY is None:
        found = {}
        for name in _MODULES:
            module = importlib.import_module(f"{__name__}.{name}")
            found[module.NAME] = module
        _REGISTRY = found
    return _REGISTRY


def get(name: str) -> ModuleType | None:
    return registry().get(name)
