"""A checked document is freed as soon as its result is dropped: nothing the checks built
(the layout view refers back to the report) waits for the cycle collector. Batches of
thousands of drafts then keep memory flat without collector pauses per document."""

from __future__ import annotations

import gc
import weakref

from checker.runner import check_file
from docxbuild import build

LINES = ["示例区2023年法治政府建设年度报告", "一、主要成效", "（一）深入推进依法行政。全年办理行政复议案件12件。",
         "二、存在的不足及原因", "（一）法治宣传不够深入。", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
         "四、2024年工作安排", "（一）继续推进严格规范公正文明执法。"]


def test_a_checked_report_is_freed_without_the_cycle_collector(tmp_path):
    for shape in ("plain", "autonum", "tracked"):
        path = build(LINES, shape, tmp_path / f"{shape}.docx")
        check_file(path)  # packs loaded, patterns compiled
        gc.collect()
        gc.disable()
        try:
            result = check_file(path)
            assert result.status == "checked" and result.findings
            report, document = weakref.ref(result.report), weakref.ref(result.report.document)
            assert result.report.layout is None  # built by the layout rules, dropped after them
            del result
            assert report() is None and document() is None, shape
        finally:
            gc.enable()
