/* fazhi serve: drop-and-upload, severity filters, sortable and filterable tables. No inline script. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.getAttribute("content") : "";
  }

  /* ---- upload by drag and drop (the form also works without JavaScript) ---- */
  function setupDropzone(form) {
    var target = form.querySelector(".drop-target");
    var input = form.querySelector("input[type=file]");
    var status = form.querySelector(".upload-status");
    var button = form.querySelector("button[type=submit]");

    function say(text, failed) {
      status.textContent = text;
      status.classList.toggle("failed", !!failed);
    }

    function send(file) {
      if (!file) { return; }
      var data = new FormData();
      data.append("csrf", csrfToken());
      data.append("file", file, file.name);
      say("正在上传并检查“" + file.name + "”……", false);
      button.disabled = true;
      fetch(form.getAttribute("action"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRF-Token": csrfToken() }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; },
          function () { return { ok: false, body: { error: "服务器返回了无法识别的内容（HTTP " + response.status + "）" } }; });
      }).then(function (answer) {
        if (answer.ok && answer.body.url) {
          window.location.assign(answer.body.url);
        } else {
          say(answer.body.error || "上传失败", true);
          button.disabled = false;
          input.value = "";  /* choosing the same file again must upload again */
        }
      }).catch(function () {
        say("无法连接服务器，请检查网络后重试", true);
        button.disabled = false;
      });
    }

    ["dragenter", "dragover"].forEach(function (name) {
      target.addEventListener(name, function (event) {
        event.preventDefault();
        target.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      target.addEventListener(name, function (event) {
        event.preventDefault();
        target.classList.remove("dragging");
      });
    });
    target.addEventListener("drop", function (event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) { send(files[0]); }
    });
    input.addEventListener("change", function () {
      if (input.files && input.files.length) { send(input.files[0]); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.files && input.files.length) { send(input.files[0]); } else { say("请先选择一个文件", true); }
    });
  }

  /* ---- severity filters on a report ---- */
  function refreshRows() {
    var rows = document.querySelectorAll(".report .row");
    for (var i = 0; i < rows.length; i++) {
      var items = rows[i].querySelectorAll("li.finding");
      var shown = false;
      for (var j = 0; j < items.length; j++) {
        if (window.getComputedStyle(items[j]).display !== "none") { shown = true; break; }
      }
      rows[i].classList.toggle("shows-findings", shown);
    }
  }

  function setupFilters() {
    var boxes = document.querySelectorAll("input.sev-filter");
    for (var k = 0; k < boxes.length; k++) {
      boxes[k].addEventListener("change", function (event) {
        document.body.classList.toggle("hide-" + event.target.value, !event.target.checked);
        refreshRows();
      });
    }
    var only = document.querySelectorAll("input.only-findings");
    for (var m = 0; m < only.length; m++) {
      only[m].addEventListener("change", function (event) {
        document.body.classList.toggle("only-findings", event.target.checked);
        refreshRows();
      });
    }
    refreshRows();
  }

  /* ---- sortable, filterable tables ---- */
  function cellValue(row, column, numeric) {
    var cell = row.cells[column];
    var text = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) { return text; }
    var n = parseFloat(text);
    return isNaN(n) ? -Infinity : n;
  }

  function setupSorting(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    for (var h = 0; h < heads.length; h++) {
      if (heads[h].classList.contains("nosort")) { continue; }
      heads[h].setAttribute("tabindex", "0");
      heads[h].addEventListener("click", function (event) {
        var th = event.currentTarget;
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        for (var a = 0; a < heads.length; a++) { heads[a].removeAttribute("aria-sort"); }
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var p = cellValue(x, th.cellIndex, numeric), q = cellValue(y, th.cellIndex, numeric);
          var c = numeric ? p - q : String(p).localeCompare(String(q), "zh-CN");
          return ascending ? c : -c;
        });
        for (var r = 0; r < rows.length; r++) { body.appendChild(rows[r]); }
      });
    }
  }

  function setupTableFilter(id) {
    var table = document.getElementById(id);
    if (!table) { return; }
    var state = document.querySelector(".table-filter-state[data-table=" + id + "]");
    var text = document.querySelector(".table-filter-text[data-table=" + id + "]");
    function apply() {
      var wanted = state ? state.value : "";
      var needle = text ? text.value.trim() : "";
      var rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var s = rows[i].getAttribute("data-state");
        var ok = !wanted || s === wanted || (wanted === "submitted" && s !== "missing") ||
          (wanted === "late" && rows[i].getAttribute("data-late") === "late");
        if (ok && needle) { ok = rows[i].textContent.indexOf(needle) !== -1; }
        rows[i].hidden = !ok;
      }
    }
    if (state) { state.addEventListener("change", apply); }
    if (text) { text.addEventListener("input", apply); }
  }

  function setupLinkCopy() {
    var inputs = document.querySelectorAll("input.link-copy");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].addEventListener("focus", function (event) { event.target.select(); });
    }
  }

  /* ---- new collection: deadlines follow the report year until edited ---- */
  function setupDeadlines() {
    var year = document.querySelector("form input[name=year][data-deadlines]");
    if (!year) { return; }
    var due = document.querySelector("input[name=due]");
    var publish = document.querySelector("input[name=publish_by]");
    function defaults(y) { return [(y + 1) + "-03-01", (y + 1) + "-04-01"]; }
    var last = defaults(parseInt(year.value, 10));
    year.addEventListener("input", function () {
      var y = parseInt(year.value, 10);
      if (isNaN(y) || y < 1990 || y > 2100) { return; }
      var next = defaults(y);
      if (due.value === last[0]) { due.value = next[0]; }
      if (publish.value === last[1]) { publish.value = next[1]; }
      last = next;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupDeadlines();
    var forms = document.querySelectorAll("form.dropzone");
    for (var i = 0; i < forms.length; i++) { setupDropzone(forms[i]); }
    setupFilters();
    var tables = document.querySelectorAll("table.sortable");
    for (var t = 0; t < tables.length; t++) { setupSorting(tables[t]); }
    setupTableFilter("bodies");
    setupLinkCopy();
  });
})();
