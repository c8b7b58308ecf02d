"""``fazhi outline``: the heading tree, the section each part maps to, and why."""

from __future__ import annotations

import json
import re

from checker.analysis.meta import LEVEL_NAMES, SOURCE_NAMES
from checker.textutil import excerpt


_META = re.compile(r"[\\^$.|?*+()\[\]{}]")


def _place(report, block: int) -> str:
    """Where a block is, as ``fazhi check`` says it: the line of a text file, else the paragraph."""
    line = report.block(block).line if report.document.kind == "text" and report.has_block(block) else None
    return f"第{line}行" if line else f"第{block}段"


def _span(report, start: int, end: int) -> str:
    first, last = _place(report, start), _place(report, end)
    return first if first == last else f"{first[:-1]}–{last[1:]}"


def _words(cue: str | None, text: str) -> str | None:
    """The words of ``text`` that the cue (a regular expression) matched."""
    if not cue:
        return None
    try:
        m = re.search(cue, text)
    except re.error:
        return None
    return excerpt(m.group(0), 0, len(m.group(0)), 20) if m and m.group(0) else None


def _reason(report, s) -> str:
    if s.headed and s.cue is None:
        spec = report.model.sections.by_key.get(s.key)
        if spec is not None and spec.fallback == "leading":
            return "其他部分之前没有归类的一级标题，按惯例属于这一部分"
        return "其他部分之后没有归类的一级标题，按惯例属于这一部分"
    if s.headed:
        words = _words(s.cue, s.title)
        return f"标题含“{words}”" if words else "标题符合这一部分的写法"
    block = s.match_block or s.start
    words = _words(s.cue, report.block(block).text) if report.has_block(block) else None
    return f"段落含“{words}”" if words else "段落符合这一部分的写法"


def _missing_reason(spec) -> str:
    plain = [c for c in spec.heading + spec.inline if c and not _META.search(c)]
    if plain:
        shown = "”“".join(plain[:3])
        return f"没有标题或段落提到“{shown}”等说法"
    return "没有标题或段落符合这一部分的写法"


def render_text(report) -> str:
    meta = report.meta
    names = report.model.sections
    lines = [report.document.path, ""]
    def src(name):  # where a value came from
        source = meta.sources.get(name)
        return f"（取自{SOURCE_NAMES.get(source, source)}）" if source else ""

    lines.append(f"标题：{meta.title or '（未找到）'}{src('title')}")
    lines.append(f"发文机关：{meta.issuer or '（未识别）'}{src('issuer')}    "
                 f"层级：{LEVEL_NAMES.get(meta.level or '', '（未识别）')}{src('level')}")
    lines.append(f"年度：{meta.year or '（未识别）'}{src('year')}"
                 f"    成文日期：{meta.date or '（无）'}{src('date')}    发布日期：{meta.published or '（无）'}{src('published')}")
    if report.noise:
        places = "、".join(_place(report, i)[1:-1] for i in sorted(report.noise)[:8])
        unit = "行" if report.document.kind == "text" else "段"
        lines.append(f"网页残留：{len(report.noise)} 处（第{places}{unit}）")
    lines.append("")
    lines.append("标题层级：")
    if not report.outline.headings:
        lines.append("  （没有识别到任何标题）")
    for h in report.outline.headings:
        key = report.section_of(h.block)
        shown = key and (h.depth == 1 or any(s.heading_block == h.block for s in report.sections))
        tag = f"  → {names.name(key)}" if shown else ""
        run_in = " ［段首标题］" if h.run_in else ""
        lines.append(f"  {'    ' * (h.depth - 1)}{_place(report, h.block)} {h.text}{run_in}{tag}")
    lines.append("")
    lines.append("报告部分：")
    present = {s.key for s in report.sections}
    for s in report.sections:
        how = "有标题" if s.headed else "在段落中"
        lines.append(f"  {names.name(s.key)}：{how}，{_span(report, s.start, s.end)}  {excerpt(s.title, 0, 0, 30)}")
        lines.append(f"      依据：{_reason(report, s)}")
    for spec in names.specs:
        if spec.key not in present:
            lines.append(f"  {spec.name}：未找到（{_missing_reason(spec)}）")
    return "\n".join(lines) + "\n"


def render_json(report) -> str:
    payload = {
        "path": report.document.path,
        "meta": report.meta.to_dict(),
        "noise": sorted(report.noise),
        "headings": [{
            "block": h.block, "depth": h.depth, "rank": h.rank, "label": h.label.text if h.label else None,
            "title": h.title, "run_in": h.run_in, "styled": h.styled, "section": report.section_of(h.block),
        } for h in report.outline.headings],
        "sections": [{**s.to_dict(), "cue": s.cue} for s in report.sections],
        "missing": [spec.key for spec in report.model.sections.specs if spec.key not in {s.key for s in report.sections}],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
