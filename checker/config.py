"""Project config ``.fazhi.yaml``: packs, expected year/level, rule settings, ignored paths.

Found upward from each checked file (or given with ``--config``). Paths in it are
relative to the file. ``paths`` sets year/level/packs per path glob.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import PackError

CONFIG_NAME = ".fazhi.yaml"
CONFIG_KEYS = {"packs", "year", "level", "rules", "ignore", "paths", "previous"}
PATH_KEYS = {"files", "year", "level", "packs", "rules", "previous"}
LEVELS = ("government", "department")
RULE_SETTINGS = ("off", "on", "error", "warning", "info")
RULE_SYNONYMS = ("disable", "disabled", "enable", "enabled")


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
    if "ignore" in data:
        _check_strings(path, data, "ignore")
    if "paths" in data and not isinstance(data["paths"], list):
        raise PackError(path, data.line_of("paths"), "paths 应为列表，每一项是含 files 的映射")
    for entry in data.get("paths") or []:
        if not isinstance(entry, dict) or "files" not in entry:
            raise PackError(path, getattr(entry, "line", None) or data.line_of("paths"),
                            "paths 的每一项应为含 files 的映射")
        for key in entry:
            if key not in PATH_KEYS:
                raise PackError(path, entry.line_of(key), f"paths 中未知的键 {key}（允许：{'、'.join(sorted(PATH_KEYS))}）")
        files = entry["files"]
        if isinstance(files, str):
            files = [files]
        if not isinstance(files, list) or not files or not all(isinstance(f, str) and f for f in files):
            raise PackError(path, entry.line_of("files"),
                            f"files 应为文件名模式（如 \"部门/*.docx\"）或它们的列表，实际是 {_shown(entry['files'])}")
        _check_common(path, entry)
    return Config(path=path, packs=list(data["packs"]) if data.get("packs") else None,
                  year=data.get("year"), level=data.get("level"), rules=data.get("rules") or {},
                  ignore=list(data.get("ignore") or []), paths=list(data.get("paths") or []),
                  previous=str(path.parent / data["previous"]) if data.get("previous") else None)


def _shown(value) -> str:
    if value is None:
        return "空值"
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _check_strings(path, data, key) -> None:
    value = data[key]
    if not isinstance(value, list):
        raise PackError(path, data.line_of(key), f"{key} 应为列表，实际是 {_shown(value)}")
    for item in value:
        if not isinstance(item, str) or not item:
            raise PackError(path, getattr(value, "line", None) or data.line_of(key),
                            f"{key} 的每一项应为非空文字，实际有 {_shown(item)}")


def _check_common(path, data):
    for key in [k for k, v in data.items() if v is None and k != "files"]:
        del data[key]  # a key left empty (e.g. only comments below it) means "not set"
    if "year" in data and (not isinstance(data["year"], int) or isinstance(data["year"], bool)
                           or not 1990 <= data["year"] <= 2100):
        raise PackError(path, data.line_of("year"), f"year 应为四位年份，实际是 {_shown(data['year'])}")
    if "level" in data and (not isinstance(data["level"], str) or data["level"] not in LEVELS):
        raise PackError(path, data.line_of("level"), f"level 应为 government 或 department，实际是 {_shown(data['level'])}")
    if "packs" in data:
        _check_strings(path, data, "packs")
    if "rules" in data:
        rules = data["rules"]
        if not isinstance(rules, dict):
            raise PackError(path, data.line_of("rules"), "rules 应为映射（规则 id: off/on/error/warning/info 或选项映射）")
        for rid, setting in rules.items():
            line = rules.line_of(rid) if hasattr(rules, "line_of") else data.line_of("rules")
            if not isinstance(rid, str) or not rid:
                raise PackError(path, line, f"rules 的键应为规则 id（文字），实际是 {_shown(rid)}")
            if not (isinstance(setting, (bool, dict)) or setting in RULE_SETTINGS + RULE_SYNONYMS):
                raise PackError(path, line, f"规则 {rid} 的设置应为 {'、'.join(RULE_SETTINGS)} 或选项映射，"
                                            f"实际是 {_shown(setting)}")
            if isinstance(setting, dict) and "enabled" in setting and not isinstance(setting["enabled"], bool):
                raise PackError(path, setting.line_of("enabled"),
                                f"规则 {rid} 的 enabled 应为 true 或 false，实际是 {_shown(setting['enabled'])}")
    if "previous" in data and not isinstance(data["previous"], str):
        raise PackError(path, data.line_of("previous"), "previous 应为上一年度报告（或其所在文件夹）的路径")


def load_config(path: Path) -> Config:
    from checker.packs.yamlload import load_yaml  # PyYAML is imported only when a config exists

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


def run_inputs(files, options) -> list[Path]:
    """Every file a check run reads besides the drafts too: project configs and the rule
    packs given on the command line or in a config (an output must never replace one)."""
    from checker.packs.loader import loaded_pack_files, resolve_pack_path

    out = [Path(f) for f in files]
    configs = {}
    if options.config is not None:
        configs[id(options.config)] = options.config
    else:
        for f in files:
            try:
                found = discover(Path(f))
            except PackError:
                continue
            if found is not None:
                configs[id(found)] = found
    refs = [(ref, None) for ref in options.packs or []]
    for config in configs.values():
        if config.path:
            out.append(config.path)
        refs += [(ref, config.base_dir) for ref in config.packs or []]
        refs += [(ref, config.base_dir) for entry in config.paths for ref in entry.get("packs") or []]
    for ref, base in refs:
        try:
            out.append(resolve_pack_path(str(ref), base))
        except PackError:
            continue
    return out + loaded_pack_files()
