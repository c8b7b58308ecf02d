"""One self-contained HTML page for reviewers (no external assets; inline CSS and JS).

- a summary table (one row per file: file, 报告主体, title, year, counts, status with the
  reason beside each file that could not be read, and a link to its annotated copy when
  one exists), sortable by clicking a column heading, linking to the files;
- per file: the recognised parts and the document outline (``FileResult.headings``),
  each finding listed under the heading whose block range holds it (findings before
  the first heading or about the whole report come first, under “全文”);
- severity filters (checkboxes) and “只显示有问题的标题”, in plain JavaScript.

All document text goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import bisect
from datetime import datetime

from jinja2 import Environment

from checker import __version__
from checker.findings import Severity
from checker.output.sarif import finding_line, unchecked_reason
from checker.output.summary import summarize

ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def section_names() -> dict:
    """section key -> Chinese name, from the shipped packs' section models."""
    from checker.errors import PackError
    from checker.packs.loader import load_pack, shipped_pack_names

    names = {}
    for name in shipped_pack_names():
        try:
            pack = load_pack(name)
        except PackError:
            continue
        for spec in pack.sections or []:
            if isinstance(spec, dict) and spec.get("key"):
                names.setdefault(spec["key"], spec.get("name") or spec["key"])
    return names


def _place(finding, kind) -> str:
    loc = finding.location
    if loc.block is None and loc.line is None:
        return "全文"
    return f"第{finding_line(finding, kind)}{'段' if kind == 'docx' else '行'}"


def _finding_view(f, kind) -> dict:
    return {"severity": f.severity.label, "chinese": f.severity.chinese, "rule": f.rule,
            "place": _place(f, kind), "message": f.message, "excerpt": f.excerpt,
            "suggestion": f.suggestion, "heading": f.location.heading, "block": f.location.block}


def _outline(result) -> tuple[list, list]:
    """(findings placed before/outside any heading, [heading view with its findings])."""
    headings = sorted(result.headings or [], key=lambda h: h["block"])
    starts = [h["block"] for h in headings]
    nodes = [{"block": h["block"], "depth": max(1, min(int(h.get("depth") or 1), 6)), "text": h["text"],
              "section": h.get("section"), "findings": []} for h in headings]
    previous = None
    for node in nodes:  # name a part only where it begins
        node["part_starts"] = node["section"] is not None and node["section"] != previous
        previous = node["section"]
    loose = []
    for f in sorted(result.findings, key=lambda f: f.sort_key()):
        block = f.location.block
        i = bisect.bisect_right(starts, block) - 1 if block is not None else -1
        (nodes[i]["findings"] if i >= 0 else loose).append(_finding_view(f, result.kind))
    return loose, nodes


def _file_view(index: int, result, names: dict, body: str | None = None, annotated: str | None = None) -> dict:
    counts = {s.label: sum(1 for f in result.findings if f.severity == s) for s in ORDER}
    if result.status == "unreadable" and getattr(result, "internal", False):
        status, status_class = "内部错误", "internal"
    elif result.status == "unreadable":
        status, status_class = "无法读取", "unreadable"
    elif counts["error"]:
        status, status_class = "不通过", "error"
    elif counts["warning"]:
        status, status_class = "有警告", "warning"
    else:
        status, status_class = "通过", "ok"
    loose, nodes = _outline(result) if result.status == "checked" else ([], [])
    sections = [{"name": s.get("name") or names.get(s.get("key"), s.get("key")), "title": s.get("title"),
                 "headed": s.get("headed"), "start": s.get("start")} for s in result.sections or []]
    meta = result.meta or {}
    reason = unchecked_reason(result) if result.status == "unreadable" else None
    return {"id": f"file-{index}", "path": result.path, "status": result.status, "error": result.error,
            "reason": reason,
            "body": body or meta.get("issuer") or "", "annotated": annotated,
            "kind": result.kind, "meta": result.meta or {}, "counts": counts, "status_text": status,
            "status_class": status_class, "loose": loose, "nodes": nodes, "sections": sections}


_TEMPLATE = r"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>法治政府建设年度报告检查结果</title>
<style>
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --ok: #067647; --line: #d0d5dd; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.6 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #101828; background: #f9fafb; }
header { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); padding: .6rem 1.5rem; }
header h1 { font-size: 1.25rem; margin: 0 0 .2rem; }
main { padding: 1rem 1.5rem 3rem; max-width: 1200px; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
.filters label { cursor: pointer; user-select: none; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #f2f4f7; }
th.sortable { cursor: pointer; user-select: none; white-space: nowrap; }
th.sortable::after { content: " ⇅"; color: #98a2b3; font-weight: normal; }
th[aria-sort=ascending]::after { content: " ↑"; color: #101828; }
th[aria-sort=descending]::after { content: " ↓"; color: #101828; }
td .reason { color: var(--error); font-size: .85rem; margin-left: .3rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem; color: #fff; white-space: nowrap; }
.badge.error, .status.error { background: var(--error); }
.badge.warning, .status.warning { background: var(--warning); }
.badge.info { background: var(--info); }
.status { display: inline-block; padding: 0 .45rem; border-radius: .6rem; color: #fff; font-size: .85rem; }
.status.ok { background: var(--ok); }
.status.unreadable, .status.internal { background: #344054; }
section.file { margin-top: 2rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; }
section.file h2 { font-size: 1.1rem; margin: 0 0 .5rem; word-break: break-all; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .8rem; }
dl.meta dt { color: #475467; }
dl.meta dd { margin: 0; }
.parts { margin: 0 0 1rem; padding-left: 1.2rem; color: #344054; }
.outline { list-style: none; margin: 0; padding: 0; }
.node { border-left: 3px solid #eaecf0; margin: .25rem 0; padding: .1rem .6rem; }
.node.has-findings { border-left-color: #98a2b3; }
.node .head { font-weight: 600; }
.node .where { color: #667085; font-weight: normal; font-size: .85rem; margin-right: .4rem; }
.node .part { color: #475467; font-weight: normal; font-size: .8rem; border: 1px solid var(--line); border-radius: .5rem; padding: 0 .4rem; margin-left: .4rem; }
.depth-2 { margin-left: 1.5rem; } .depth-3 { margin-left: 3rem; } .depth-4 { margin-left: 4.5rem; } .depth-5, .depth-6 { margin-left: 6rem; }
ul.findings { list-style: none; margin: .3rem 0 .4rem; padding: 0; }
li.finding { margin: .3rem 0; padding: .4rem .6rem; border-radius: 4px; background: #f8f9fc; border-left: 4px solid var(--info); }
li.finding.error { border-left-color: var(--error); background: #fef3f2; }
li.finding.warning { border-left-color: var(--warning); background: #fffaeb; }
li.finding .rule { font-family: ui-monospace, Consolas, monospace; font-size: .8rem; color: #475467; }
li.finding .excerpt, li.finding .suggestion { color: #475467; font-size: .9rem; }
.unreadable-reason { color: var(--error); }
.empty { color: var(--ok); }
body.hide-error li.finding.error, body.hide-warning li.finding.warning, body.hide-info li.finding.info { display: none; }
body.only-findings .node:not(.visible-findings) { display: none; }
footer { color: #667085; font-size: .8rem; padding: 1rem 1.5rem; }
@media print { header { position: static; } .filters { display: none; } }
</style>
</head>
<body>
<header>
<h1>法治政府建设年度报告检查结果</h1>
<div class="filters" role="group" aria-label="筛选">
  <span>{{ summary_line }}</span>
  {% for sev in severities %}<label><input type="checkbox" class="sev-filter" value="{{ sev.label }}" checked> <span class="badge {{ sev.label }}">{{ sev.chinese }}</span> {{ totals[sev.label] }}</label>
  {% endfor %}<label><input type="checkbox" id="only-findings"> 只显示有问题的标题</label>
</div>
</header>
<main>
<table class="summary">
<thead><tr><th class="sortable">文件</th><th class="sortable">报告主体</th><th class="sortable">标题</th><th class="sortable" data-type="number">年度</th><th class="sortable" data-type="number">错误</th><th class="sortable" data-type="number">警告</th><th class="sortable" data-type="number">提示</th><th class="sortable">状态</th>{% if any_annotated %}<th>批注稿</th>{% endif %}</tr></thead>
<tbody>
{% for f in files %}<tr>
<td><a href="#{{ f.id }}">{{ f.path }}</a></td><td>{{ f.body }}</td><td>{{ f.meta.title or "" }}</td><td>{{ f.meta.year or "" }}</td>
<td class="num">{{ f.counts.error }}</td><td class="num">{{ f.counts.warning }}</td><td class="num">{{ f.counts.info }}</td>
<td><span class="status {{ f.status_class }}">{{ f.status_text }}</span>{% if f.status == "unreadable" %}<span class="reason">{{ f.error }}</span>{% endif %}</td>
{% if any_annotated %}<td>{% if f.annotated %}<a class="annotated" href="{{ f.annotated }}">下载</a>{% endif %}</td>{% endif %}
</tr>
{% endfor %}</tbody>
</table>
{% for f in files %}
<section class="file" id="{{ f.id }}">
<h2>{{ f.path }} <span class="status {{ f.status_class }}">{{ f.status_text }}</span></h2>
{% if f.status == "unreadable" %}
<p class="unreadable-reason">{{ f.reason }}</p>
{% else %}
<dl class="meta">
<dt>标题</dt><dd>{{ f.meta.title or "（未识别）" }}</dd>
<dt>报告主体</dt><dd>{{ f.meta.issuer or "（未识别）" }}</dd>
<dt>年度</dt><dd>{{ f.meta.year or "（未识别）" }}</dd>
{% if f.meta.date %}<dt>成文日期</dt><dd>{{ f.meta.date }}</dd>{% endif %}
{% if f.meta.published %}<dt>发布日期</dt><dd>{{ f.meta.published }}</dd>{% endif %}
</dl>
{% if f.sections %}<ul class="parts">{% for s in f.sections %}
<li>{{ s.name }}：{% if s.headed %}{% if f.kind == "docx" %}第{{ s.start }}段起{% endif %}〔{{ s.title }}〕{% else %}无单独标题{% if f.kind == "docx" %}，见第{{ s.start }}段{% endif %}〔{{ s.title }}〕{% endif %}</li>{% endfor %}
</ul>{% endif %}
{% if not f.loose and not f.nodes|selectattr("findings")|list %}<p class="empty">未发现问题。</p>{% endif %}
<ol class="outline">
{% if f.loose %}<li class="node depth-1 has-findings" data-block="0">
<div class="head"><span class="where">全文</span>标题之前或关于全文的问题</div>
{{ finding_list(f.loose) }}
</li>{% endif %}
{% for n in f.nodes %}<li class="node depth-{{ n.depth }}{% if n.findings %} has-findings{% endif %}" data-block="{{ n.block }}">
<div class="head">{% if f.kind == "docx" %}<span class="where">第{{ n.block }}段</span>{% endif %}{{ n.text }}{% if n.part_starts %}<span class="part">{{ section_names.get(n.section, n.section) }}</span>{% endif %}</div>
{% if n.findings %}{{ finding_list(n.findings) }}{% endif %}
</li>
{% endfor %}</ol>
{% endif %}
</section>
{% endfor %}
</main>
<footer>fazhi {{ version }} · 生成于 {{ generated }}</footer>
<script>
(function () {
  "use strict";
  var body = document.body;
  function refresh() {
    var nodes = document.querySelectorAll(".node");
    for (var i = 0; i < nodes.length; i++) {
      var items = nodes[i].querySelectorAll("li.finding");
      var shown = false;
      for (var j = 0; j < items.length; j++) {
        if (window.getComputedStyle(items[j]).display !== "none") { shown = true; break; }
      }
      nodes[i].classList.toggle("visible-findings", shown);
    }
  }
  var boxes = document.querySelectorAll("input.sev-filter");
  for (var k = 0; k < boxes.length; k++) {
    boxes[k].addEventListener("change", function (event) {
      body.classList.toggle("hide-" + event.target.value, !event.target.checked);
      refresh();
    });
  }
  function sortValue(row, column, numeric) {
    var text = row.cells[column].textContent.trim();
    if (!numeric) { return text; }
    var n = parseFloat(text);
    return isNaN(n) ? -Infinity : n;
  }
  var heads = document.querySelectorAll("table.summary th.sortable");
  for (var h = 0; h < heads.length; h++) {
    heads[h].addEventListener("click", function (event) {
      var th = event.currentTarget;
      var column = th.cellIndex;
      var numeric = th.getAttribute("data-type") === "number";
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      var all = document.querySelectorAll("table.summary th.sortable");
      for (var a = 0; a < all.length; a++) { all[a].removeAttribute("aria-sort"); }
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var tbody = th.closest("table").tBodies[0];
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (x, y) {
        var p = sortValue(x, column, numeric), q = sortValue(y, column, numeric);
        var c = numeric ? p - q : String(p).localeCompare(String(q), "zh-CN");
        return ascending ? c : -c;
      });
      for (var r = 0; r < rows.length; r++) { tbody.appendChild(rows[r]); }
    });
  }
  document.getElementById("only-findings").addEventListener("change", function (event) {
    body.classList.toggle("only-findings", event.target.checked);
    refresh();
  });
  refresh();
})();
</script>
</body>
</html>
"""

_FINDINGS = r"""{% macro finding_list(items) %}<ul class="findings">
{% for x in items %}<li class="finding {{ x.severity }}" data-severity="{{ x.severity }}" data-rule="{{ x.rule }}" data-block="{{ x.block or '' }}">
<span class="badge {{ x.severity }}">{{ x.chinese }}</span> <span class="where">{{ x.place }}</span> {{ x.message }} <span class="rule">[{{ x.rule }}]</span>
{% if x.excerpt %}<div class="excerpt">原文：{{ x.excerpt }}</div>{% endif %}
{% if x.suggestion %}<div class="suggestion">建议：{{ x.suggestion }}</div>{% endif %}
</li>
{% endfor %}</ul>{% endmacro %}"""

_ENV = Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False)
_PAGE = _ENV.from_string(_FINDINGS + _TEMPLATE)


def render(results, bodies: list | None = None, annotated: list | None = None) -> str:
    """The page for ``results``. ``bodies`` and ``annotated`` run parallel to ``results``: the
    报告主体 to show (default: the issuer read from the report) and the href of the annotated
    copy (None where there is none)."""
    from checker.output.text import summary_line

    names = section_names()
    totals = summarize(results)
    bodies = bodies or [None] * len(results)
    annotated = annotated or [None] * len(results)
    files = [_file_view(i, r, names, b, a) for i, (r, b, a) in enumerate(zip(results, bodies, annotated))]
    return _PAGE.render(files=files, totals=totals, severities=ORDER, section_names=names,
                        any_annotated=any(annotated),
                        summary_line=summary_line(results), version=__version__,
                        generated=datetime.now().strftime("%Y-%m-%d %H:%M"))
