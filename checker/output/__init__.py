"""Output formatters: one module per format, each with ``render(results) -> str``."""

from __future__ import annotations

import importlib

from checker.errors import UsageError

# format name -> module in this package
FORMATS = {
    "text": "text",
    "json": "json_format",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "html": "html",
}


def formatter(name: str):
    module_name = FORMATS.get(name)
    if module_name is None:
        raise UsageError(f"未知的输出格式 {name}（可用：{'、'.join(FORMATS)}）")
    try:
        return importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError:
        raise UsageError(f"输出格式 {name} 尚未实现") from None
