"""Project config ``.fazhi.yaml``: packs, expected year/level, rule settings, ignored paths.

Found upward from each checked file (or given with ``--config``). Paths in it are
relative to the file. ``paths`` sets year/level/packs per path glob.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import PackError
from checker.packs.yamlload import load_yaml

CONFIG_NAME = ".fazhi.yaml"
CONFIG_KEYS = {"packs", "year", "level", "rules", "ignore", "paths", "previous"}
PATH_KEYS = {"files", "year", "level", "packs", "rules", "previous"}
LEVELS = ("government", "department")


@dataclass
class Config:
    path: Path | None = None
    packs: list[str] | None = None
    year: int | None = None
    level: str | None = None
    rules: dict = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    paths: list[dict] = field(default_factory=list)
    previous: str | None = None  # last year's report (file) or reports (folder), relative to the config

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def relative(self, target: Path) -> str:
        try:
            return target.resolve().relative_to(self.base_dir.resolve()).as_posix()
        except ValueError:
            return target.as_posix()

    def ignored(self, target: Path) -> bool:
        rel = self.relative(target)
        return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(target.name, pat) for pat in self.ignore)

    def for_file(self, target: Path) -> "Config":
        """This config with the ``paths`` entries that match ``target`` applied."""
        rel = self.relative(target)
        out = Config(self.path, self.packs, self.year, self.level, dict(self.rules), self.ignore, [],
                     self.previous)
        for entry in self.paths:
            globs = entry["files"] if isinstance(entry["files"], list) else [entry["files"]]
            if any(fnmatch.fnmatch(rel, g) for g in globs):
                out.year = entry.get("year", out.year)
                out.level = entry.get("level", out.level)
                out.packs = entry.get("packs", out.packs)
                out.rules.update(entry.get("rules") or {})
                out.previous = str(self.base_dir / entry["previous"]) if entry.get("previous") else out.previous
        return out


def _validate(path: Path, data) -> Config:
    if data is None:
        return Config(path=path)
    if not isinstance(data, dict):
        raise PackError(path, getattr(data, "line", None), "配置文件应是一个映射")
    for key in data:
        if key not in CONFIG_KEYS:
            raise PackError(path, data.line_of(key), f"未知的配置项 {key}（允许：{'、'.join(sorted(CONFIG_KEYS))}）")
    _check_common(path, data)
    for entry in data.get("paths") or []:
        if not isinstance(entry, dict) or "files" not in entry:
            raise PackError(path, getattr(entry, "line", None), "paths 的每一项应为含 files 的映射")
        for key in entry:
            if key not in PATH_KEYS:
                raise PackError(path, entry.line_of(key), f"paths 中未知的键 {key}")
        _check_common(path, entry)
    return Config(path=path, packs=[str(p) for p in data["packs"]] if data.get("packs") else None,
                  year=data.get("year"), level=data.get("level"), rules=data.get("rules") or {},
                  ignore=[str(p) for p in data.get("ignore") or []], paths=list(data.get("paths") or []),
                  previous=str(path.parent / data["previous"]) if data.get("previous") else None)


def _check_common(path, data):
    for key in [k for k, v in data.items() if v is None]:
        del data[key]  # a key left empty (e.g. only comments below it) means "not set"
    if "year" in data and (not isinstance(data["year"], int) or isinstance(data["year"], bool)
                           or not 1990 <= data["year"] <= 2100):
        raise PackError(path, data.line_of("year"), f"year 应为四位年份，实际是 {data['year']!r}")
    if "level" in data and data["level"] not in LEVELS:
        raise PackError(path, data.line_of("level"), "level 应为 government 或 department")
    if "packs" in data and not isinstance(data["packs"], list):
        raise PackError(path, data.line_of("packs"), "packs 应为列表")
    if "rules" in data and not isinstance(data["rules"], dict):
        raise PackError(path, data.line_of("rules"), "rules 应为映射（规则 id: off/error/warning/info）")
    if "previous" in data and not isinstance(data["previous"], str):
        raise PackError(path, data.line_of("previous"), "previous 应为上一年度报告（或其所在文件夹）的路径")
    if "ignore" in data and not isinstance(data["ignore"], list):
        raise PackError(path, data.line_of("ignore"), "ignore 应为列表")


def load_config(path: Path) -> Config:
    return _validate(path, load_yaml(path))


_FOUND: dict[Path, Config | None] = {}


def discover(start: Path) -> Config | None:
    """The nearest ``.fazhi.yaml`` in ``start``'s folder or above."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    chain = []
    for candidate_dir in (folder, *folder.parents):
        if candidate_dir in _FOUND:
            found = _FOUND[candidate_dir]
            break
        chain.append(candidate_dir)
        candidate = candidate_dir / CONFIG_NAME
        if candidate.is_file():
            found = load_config(candidate)
            break
    else:
        found = None
    for d in chain:
        _FOUND[d] = found
    return found
