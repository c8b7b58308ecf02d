"""``fazhi outline``: the heading tree, the section each part maps to, and why."""

from __future__ import annotations

import json

from checker.analysis.meta import LEVEL_NAMES, SOURCE_NAMES
from checker.textutil import excerpt


def _key_label(report, key):
    if key is None:
        return "（前言）"
    return f"{key} {report.model.sections.name(key)}"


def render_text(report) -> str:
    meta = report.meta
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
        lines.append(f"网页残留：{len(report.noise)} 段（第{'、'.join(str(i) for i in sorted(report.noise)[:8])}段）")
    lines.append("")
    lines.append("标题层级：")
    if not report.outline.headings:
        lines.append("  （没有识别到任何标题）")
    for h in report.outline.headings:
        key = report.section_of(h.block)
        tag = f"  → {key}" if key and (h.depth == 1 or any(s.heading_block == h.block for s in report.sections)) else ""
        run_in = " ［段首标题］" if h.run_in else ""
        lines.append(f"  {'    ' * (h.depth - 1)}第{h.block}段 {h.text}{run_in}{tag}")
    lines.append("")
    lines.append("报告部分：")
    present = {s.key for s in report.sections}
    for s in report.sections:
        how = "有标题" if s.headed else "段落中"
        lines.append(f"  {_key_label(report, s.key)}：{how}，第{s.start}–{s.end}段  {excerpt(s.title, 0, 0, 30)}")
        if s.cue:
            lines.append(f"      依据：匹配“{s.cue}”")
    for spec in report.model.sections.specs:
        if spec.key not in present:
            lines.append(f"  {_key_label(report, spec.key)}：未找到")
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
