"""Finding / Location / Severity: what a check reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        return cls[value.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def chinese(self) -> str:
        return {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}[self]


SEVERITY_NAMES = ("error", "warning", "info")


@dataclass(frozen=True)
class Location:
    block: int | None = None  # 1-based block index
    line: int | None = None  # 1-based line, text inputs only
    heading: str | None = None  # heading path, "一、… › （一）…"
    blocks: tuple | None = None  # every block a grouped finding is about (block is the first)

    def to_dict(self) -> dict:
        out = {"block": self.block, "line": self.line, "heading": self.heading}
        if self.blocks:
            out["blocks"] = list(self.blocks)
        return out


@dataclass
class Finding:
    rule: str  # "pack.rule-id"
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    section: str | None = None
    excerpt: str | None = None
    suggestion: str | None = None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "section": self.section,
            "location": self.location.to_dict(),
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
        }

    def sort_key(self):
        return (self.location.block or 0, -int(self.severity), self.rule)
