"""Stored results -> what the pages show (plain dicts; all escaping is the templates' job)."""

from __future__ import annotations

import bisect
from datetime import datetime
from functools import lru_cache

from checker.findings import Severity

SEVERITIES = [(s.label, s.chinese) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
RANK = {"error": 0, "warning": 1, "info": 2}
MAIN_PROBLEMS = 3  # rule messages listed per body on the dashboard


@lru_cache(maxsize=1)
def section_names() -> dict:
    from checker.output.html import section_names as names

    return names()


def _place(finding: dict, kind: str | None) -> str:
    loc = finding.get("location") or {}
    if loc.get("line"):
        return f"第{loc['line']}行"
    if loc.get("block"):
        return f"第{loc['block']}段"
    return "全文"


def report_view(check: dict) -> dict:
    """The report page: meta, parts, outline, and the text as rows of (paragraph, its findings),
    with a part heading wherever the part changes."""
    record = check["document"]["files"][0]
    view = check["view"]
    kind = view.get("kind")
    names = section_names()
    findings = sorted(record["findings"], key=lambda f: ((f["location"] or {}).get("block") or 0,
                                                         RANK.get(f["severity"], 3), f["rule"]))
    for f in findings:
        f["place"] = _place(f, kind)
        f["chinese"] = dict(SEVERITIES).get(f["severity"], f["severity"])
    blocks = view.get("blocks") or []
    indexes = [b["index"] for b in blocks]
    by_block: dict[int, list] = {}
    whole = []
    for f in findings:
        block = (f["location"] or {}).get("block")
        if block is None or not indexes:
            whole.append(f)
            continue
        i = bisect.bisect_right(indexes, block) - 1
        by_block.setdefault(indexes[max(i, 0)], []).append(f)
    heading_depth = {h["block"]: h.get("depth") or 1 for h in view.get("headings") or []}
    rows = []
    previous = object()
    for b in blocks:
        if b["section"] != previous:
            rows.append({"part": names.get(b["section"], b["section"]) if b["section"] else "开头部分"})
            previous = b["section"]
        items = by_block.get(b["index"], [])
        rows.append({"index": b["index"], "text": b["text"], "line": b.get("line"),
                     "depth": heading_depth.get(b["index"]), "findings": items,
                     "severities": " ".join(sorted({f["severity"] for f in items}))})
    counts = {label: sum(1 for f in findings if f["severity"] == label) for label, _ in SEVERITIES}
    sections = [{"name": names.get(s["key"], s["key"]), "title": s["title"], "headed": s["headed"],
                 "start": s["start"]} for s in record.get("sections") or []]
    outline = [{"block": h["block"], "depth": min(int(h.get("depth") or 1), 4), "text": h["text"],
                "count": len(by_block.get(h["block"], []))} for h in view.get("headings") or []]
    return {"id": check["id"], "name": check["name"], "kind": kind, "status": record["status"],
            "error": record["error"], "meta": record.get("meta") or {}, "sections": sections, "outline": outline,
            "rows": rows, "whole": whole, "counts": counts, "severities": SEVERITIES,
            "status_text": status_text(record["status"], counts["error"], counts["warning"]),
            "docx": check.get("kind") == "docx" and record["status"] == "checked"}


def status_text(status: str, errors: int, warnings: int) -> tuple[str, str]:
    """(Chinese status, css class) of one checked draft."""
    if status == "unreadable":
        return "无法读取", "unreadable"
    if errors:
        return "有错误", "error"
    if warnings:
        return "通过（有警告）", "warning"
    return "通过", "ok"


@lru_cache(maxsize=1)
def layout_packs() -> frozenset:
    """Ids of the shipped packs that apply to .docx only (page and type layout)."""
    from checker.errors import PackError
    from checker.packs.loader import load_pack, shipped_pack_names

    out = set()
    for name in shipped_pack_names():
        try:
            pack = load_pack(name)
        except PackError:
            continue
        if tuple(pack.applies_to) == ("docx",):
            out.add(pack.id)
    return frozenset(out)


def main_problems(document: dict, limit: int = MAIN_PROBLEMS) -> list[str]:
    """The messages of the most serious distinct rules, content before layout (missing parts,
    wrong year … before margins and fonts)."""
    record = document["files"][0]
    if record["status"] == "unreadable":
        return [f"无法读取：{record['error']}"]
    layout = layout_packs()

    def order(f):
        return (RANK.get(f["severity"], 3), f["rule"].split(".", 1)[0] in layout, (f["location"] or {}).get("block") or 0)

    seen, out = set(), []
    for f in sorted(record["findings"], key=order):
        if f["severity"] == "info" or f["rule"] in seen:
            continue
        seen.add(f["rule"])
        out.append(f["message"])
        if len(out) == limit:
            break
    return out


def body_rows(bodies, latest: dict) -> list[dict]:
    """One dashboard row per body, in list order."""
    rows = []
    for body in bodies:
        entry = latest.get(body.id)
        if entry is None:
            rows.append({"body": body, "state": "missing", "state_text": "未提交", "submitted": None,
                         "late": None, "versions": 0, "errors": 0, "warnings": 0, "infos": 0, "problems": [],
                         "check_id": None, "title": None, "year": None})
            continue
        sub, versions, check = entry
        text, css = status_text(check["status"], check["errors"], check["warnings"])
        meta = check["document"]["files"][0].get("meta") or {}
        rows.append({"body": body, "state": css, "state_text": text, "submitted": sub.created,
                     "late": sub.late, "versions": versions, "errors": check["errors"],
                     "warnings": check["warnings"], "infos": check["infos"],
                     "problems": main_problems(check["document"]), "check_id": check["id"],
                     "title": meta.get("title"), "year": meta.get("year")})
    return rows


def history(store, body) -> list[dict]:
    """Every version ``body`` handed in, newest first, with its check's status."""
    versions = store.submissions_of(body.id)
    checks = store.checks_of([v.check_id for v in versions])
    out = []
    for n, v in enumerate(versions, 1):
        c = checks[v.check_id]
        text, css = status_text(c["status"], c["errors"], c["warnings"])
        out.append({"n": n, "when": when(v.created), "late": v.late, "check_id": v.check_id, "name": c["name"],
                    "state_text": text, "state": css, "errors": c["errors"], "warnings": c["warnings"]})
    return out[::-1]


def is_late(at: datetime, due) -> bool:
    """Handed in after the end of the deadline day (server's local time)."""
    return at.date() > due


def when(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else ""
