"""``fazhi new``: write a report skeleton (.docx) to fill in.

templates (jinja2, sandboxed) -> line markup -> blocks -> reference .docx -> output.

- Parts and their order come from the pack's section model (``load_pack(pack).sections``);
  a part the templates do not know gets ``sections/default.md.j2`` (its name as heading).
- Content comes from the templates in ``templates/content/`` (or ``--template DIR``, whose
  files take precedence, file by file); the look from ``templates/reference.docx`` (or
  ``--reference``).
- Every gap is a visible ``【请填写：……】`` prompt that ``fazhi check`` reports until filled.
"""

from __future__ import annotations

from pathlib import Path

from checker.atomic import ensure_writable, write_bytes
from checker.errors import PackError, UsageError
from checker.analysis.meta import MetaModel
from checker.read.numbering import chinese_counting
from checker.packs.loader import load_pack
from checker.resources import templates_dir
from checker.scaffold.facts import Facts, ask, load_data, load_schema, numbered, text_width
from checker.packs.yamlload import load_yaml

ENTRY = "report.md.j2"
LEVELS = ("government", "department")
LEVEL_NAMES = {"government": "人民政府", "department": "政府部门"}


def content_dir() -> Path:
    return templates_dir() / "content"


def _content_file(name: str, template_dir: Path | None) -> Path:
    if template_dir is not None and (template_dir / name).is_file():
        return template_dir / name
    return content_dir() / name


def _check_args(org, year, level, template_dir, output) -> tuple[str, int, Path | None, Path]:
    org = (org or "").strip()
    if not org:
        raise UsageError("--org 不能为空：请写报告主体全称，如“广州市花都区人民政府”")
    if any(ch in org for ch in "\r\n\t") or len(org) > 60:
        raise UsageError(f"--org “{org[:30]}”不像机关名称（应为一行、不超过60个字）")
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise UsageError(f"--year 应为1990到2100之间的年份，实际是 {year!r}")
    if level is not None and level not in LEVELS:
        raise UsageError(f"--level 只能是 government（人民政府）或 department（政府部门），实际是 {level!r}")
    if template_dir is not None:
        template_dir = Path(template_dir)
        if not template_dir.is_dir():
            raise UsageError(f"{template_dir}：模板文件夹不存在")
    output = Path(output)
    if output.suffix.lower() != ".docx" and str(output) != "-":  # "-" is standard output
        raise UsageError(f"{output}：输出文件应以 .docx 结尾")
    return org, year, template_dir, output


def _sections(pack_ref: str) -> tuple[object, list[dict]]:
    pack = load_pack(pack_ref)
    if not pack.sections:
        raise UsageError(f"规则包 {pack.id} 没有部分模型（sections），不能据此生成报告框架；请用 --pack national 或省级规则包")
    sections = []
    for number, spec in enumerate(pack.sections, start=1):
        sections.append({"key": spec["key"], "name": spec.get("name") or spec["key"], "number": number})
    return pack, sections


def _edition(areas_file: Path, year: int) -> tuple[dict, str | None]:
    """The 纲要 edition for ``year`` from areas.yaml, and a note when none covers it."""
    data = load_yaml(areas_file)
    editions = data.get("editions") if isinstance(data, dict) else None
    if not isinstance(editions, list) or not editions:
        raise PackError(areas_file, getattr(data, "line", None), "areas.yaml 应含 editions 列表")
    parsed = []
    for ed in editions:
        if not isinstance(ed, dict) or not isinstance(ed.get("name"), str) or \
                not isinstance(ed.get("from"), int) or not isinstance(ed.get("to"), int) or \
                not isinstance(ed.get("areas"), list):
            raise PackError(areas_file, getattr(ed, "line", None), "每个版本应含 name、from、to（年份）和 areas 列表")
        areas = []
        for area in ed["areas"]:
            if not isinstance(area, dict) or not all(isinstance(area.get(k), str) for k in ("id", "title", "prompt")):
                raise PackError(areas_file, getattr(area, "line", None), "每个分项应含 id、title、prompt（文字）")
            facts = area.get("facts") or []
            if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
                raise PackError(areas_file, area.line_of("facts"), "facts 应为数据模板名称的列表")
            areas.append({"id": area["id"], "title": area["title"], "prompt": area["prompt"], "facts": list(facts)})
        parsed.append({"name": ed["name"], "from": ed["from"], "to": ed["to"], "areas": areas})
    for ed in parsed:
        if ed["from"] <= year <= ed["to"]:
            return ed, None
    nearest = min(parsed, key=lambda ed: min(abs(year - ed["from"]), abs(year - ed["to"])))
    return nearest, (f"没有适用于{year}年的法治政府建设实施纲要版本，“主要举措和成效”的分项按"
                     f"《{nearest['name']}》列出，请核对")


def _level(pack, org: str, level: str | None) -> tuple[str, str | None]:
    if level:
        return level, None
    found = MetaModel(pack.meta).level_of(org, "")
    if found in LEVELS:
        return found, None
    return "government", f"无法从“{org}”判断主体层级，按人民政府生成（可用 --level department 指定为政府部门）"


def render_markup(context: dict, template_dir: Path | None) -> str:
    from checker.scaffold.sandbox import make_environment, render

    dirs = [template_dir, content_dir()] if template_dir is not None else [content_dir()]
    return render(make_environment(dirs), ENTRY, context)


def new_report(org, year, level=None, pack=None, data=None, reference=None, template_dir=None,
               output=None, force=False) -> list[str]:
    """Write the skeleton to ``output``; return Chinese notes for stderr."""
    from checker.scaffold.docx import build_docx
    from checker.scaffold.markup import Paragraph, number_headings, parse

    if output is None:
        raise UsageError("缺少输出文件（-o 报告.docx）")
    org, year, template_dir, output = _check_args(org, year, level, template_dir, output)
    inputs = [p for p in (reference, data) if p]
    ensure_writable(output, force, inputs)  # fail before any work
    notes: list[str] = []
    pack_obj, sections = _sections(pack or "national")
    level, note = _level(pack_obj, org, level)
    if note:
        notes.append(note)
    edition, note = _edition(_content_file("areas.yaml", template_dir), year)
    if note:
        notes.append(note)
    schema = load_schema(_content_file("facts.yaml", template_dir))
    facts = Facts(schema, load_data(Path(data)) if data else None, Path(data) if data else None)
    context = {
        "org": org, "year": year, "next_year": year + 1, "level": level, "level_name": LEVEL_NAMES[level],
        "pack": {"id": pack_obj.id, "name": pack_obj.name}, "sections": sections,
        "edition": {"name": edition["name"], "from": edition["from"], "to": edition["to"]},
        "areas": edition["areas"],
        "ask": ask, "fact": facts.fact, "has": facts.has, "items": facts.items, "label": facts.label,
        "cn": chinese_counting, "numbered": numbered, "width": text_width,
    }
    blocks = parse(render_markup(context, template_dir))
    number_headings(blocks)
    titles = [b.text for b in blocks if isinstance(b, Paragraph) and b.role == "title"]
    if not titles:
        raise UsageError("模板没有输出标题（@title 行）")
    payload, style_notes = build_docx(blocks, Path(reference) if reference else None, "".join(titles), org)
    notes.extend(style_notes)
    notes.extend(facts.unused_messages())
    write_bytes(output, payload, force, inputs)
    return notes


__all__ = ["new_report", "render_markup", "content_dir"]
