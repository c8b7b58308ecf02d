"""Turn a report text into the shapes published web pages give it.

Each shape takes the report's lines (and which line is its title, if any) and
returns page text: table debris after the title, a stale site clock above it,
breadcrumbs and column names joined to it, an accessibility bar, a 公文 metadata
block, the whole page flattened to one line after a site watermark, the title
removed, a plan range in the first sentence, publication stamps in other forms,
traditional script with pinyin glosses. Used on written texts and on the shared
seeds (read at test time, never copied).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import opencc

_TITLE = re.compile(r"(法治|依法行政).{0,30}(报告|总结)$")
_SYLLABLES = ["qū", "diào", "guī", "zhèng", "fǎ", "jiàn", "shè", "lǜ", "yuàn"]


@dataclass
class Page:
    lines: list[str]
    title: int | None  # index of the (last) title line in ``lines``
    year: int | None = None  # the report year (for dates the shapes invent)
    title_start: int | None = None  # first line of a title split over two lines

    def __post_init__(self):
        if self.title_start is None:
            self.title_start = self.title

    @property
    def title_text(self) -> str | None:
        if self.title is None:
            return None
        return "".join(l.strip() for l in self.lines[self.title_start:self.title + 1])

    def body(self) -> list[str]:
        if self.title is None:
            return list(self.lines)
        return self.lines[:self.title_start] + self.lines[self.title + 1:]


def page_of(text: str, year: int | None = None) -> Page:
    lines = [l for l in text.splitlines() if l.strip()]
    title = next((i for i, l in enumerate(lines[:6]) if _TITLE.search(l.strip()) and len(l.strip()) <= 70), None)
    start = title
    prev = lines[title - 1].strip() if title else ""
    if prev and len(prev) <= 30 and re.search(r"(政府|办事处|局|委|委员会|办公室|厅|街道|镇|乡|市|区|县|省)$", prev):
        start = title - 1  # 示范街道办事处 / 2020年法治政府建设工作情况报告
    return Page(lines, title, year, start)


def _with_title(page: Page, title_line: str) -> list[str]:
    """The lines with the (joined) title replaced by ``title_line``."""
    return page.lines[:page.title_start] + [title_line] + page.lines[page.title + 1:]


def _stale_year(page: Page) -> int:
    return (page.year or 2020) - 3


def _before_title(page: Page, extra: list[str]) -> list[str]:
    at = page.title_start if page.title is not None else 0
    return page.lines[:at] + extra + page.lines[at:]


def _first_sentence_line(page: Page) -> int:
    for i, line in enumerate(page.lines):
        if i != page.title and "。" in line and len(line) > 40:
            return i
    return 0


# -- the shapes -----------------------------------------------------------------------------------
def plain(page: Page) -> str:
    return "\n".join(page.lines)


def table_debris(page: Page) -> str:
    lines = page.lines if page.title is None else _with_title(page, page.title_text + " | ||||||")
    return "\n".join(["| | |", "||||"] + lines)


def stale_date(page: Page) -> str:
    stale = _stale_year(page)
    return "\n".join([f"今天是:{stale}年10月31日 星期三", f"{stale}年10月31日 星期四 农历九月初三"] + page.lines)


def breadcrumb_lines(page: Page) -> str:
    return "\n".join(_before_title(page, ["首页 > 政务公开 > 规划计划 > 工作报告", "工作报告", "规划计划"]))


def column_joined(page: Page) -> str:
    if page.title is None:
        return breadcrumb_lines(page)
    return "\n".join(["规划计划"] + _with_title(page, "工作报告" + page.title_text))


def column_joined_plan(page: Page) -> str:
    if page.title is None:
        return breadcrumb_lines(page)
    return "\n".join(_with_title(page, "规划计划" + page.title_text))


def accessibility_bar(page: Page) -> str:
    if page.title is None:
        return "\n".join(["无障碍 长者模式 繁體 | 智能问答"] + page.lines)
    return "\n".join(_with_title(page, "无障碍 长者模式 繁體 " + page.title_text))


def accessibility_joined(page: Page) -> str:
    if page.title is None:
        return accessibility_bar(page)
    return "\n".join(_with_title(page, "无障碍阅读" + page.title_text))


def _metadata(page: Page, issuer: str, table: bool) -> list[str]:
    year = page.year or 2020
    fields = [("索引号", f"11440114007502889P/{year + 1}-00123"), ("发文机关", issuer),
              ("成文日期", f"{year + 1}年03月25日"), ("发文字号", f"示府〔{year + 1}〕5号")]
    if page.title is not None:
        fields.append(("标题", page.title_text))
    fields.append(("发布日期", f"{year + 1}-03-28"))
    if table:
        return ["| " + " | ".join(f"{k}： | {v}" for k, v in fields[i:i + 2]) + " |" for i in range(0, len(fields), 2)]
    return [f"{k}：{v}" for k, v in fields]


def metadata_block(page: Page, issuer: str = "示范市人民政府") -> str:
    return "\n".join(_before_title(page, _metadata(page, issuer, table=False)))


def metadata_table(page: Page, issuer: str = "示范市人民政府") -> str:
    return "\n".join(_before_title(page, _metadata(page, issuer, table=True)))


def flattened(page: Page) -> str:
    year = page.year or 2020
    head = ["示范市人民政府门户网站", f"今天是:{_stale_year(page)}年10月31日 星期三"]
    stamp = [f"发布日期:{year + 1}-03-29 11:30", "来源:示范市司法局", "【字体:大 中 小】"]
    if page.title is None:
        return " ".join(head + stamp + page.lines)
    return " ".join(head + [page.title_text] + stamp + page.body())


def flattened_joined_watermark(page: Page) -> str:
    """A watermark spliced straight onto the title, the page on one line."""
    if page.title is None:
        return flattened(page)
    return " ".join(["示范市人民政府门户网站" + page.title_text] + page.body())


def no_title(page: Page) -> str:
    return "\n".join(page.body())


def no_title_range(page: Page) -> str:
    """No title, and a plan's year range in the first sentence."""
    year = page.year or 2020
    lines = page.body()
    at = _first_sentence_line(Page(lines, None))
    line = lines[at]
    end = line.find("。")
    insert = f"，深入实施《示范市法治政府建设规划({year - 1}—{year + 3}年)》"
    lines[at] = line[:end] + insert + line[end:]
    return "\n".join(lines)


def no_title_stale_date(page: Page) -> str:
    return stale_date(Page(page.body(), None, page.year))


def publication_stamps(page: Page) -> str:
    year = page.year or 2020
    return "\n".join(_before_title(page, [f"{year + 1}/03/29 11:30", f"更新时间：{year + 1}-03-30",
                                          "来源：示范市司法局"]))


def traditional_pinyin(page: Page) -> str:
    simplified = "\n".join(page.lines)
    traditional = opencc.OpenCC("s2t.json").convert(simplified)
    cycle = itertools.cycle(_SYLLABLES)
    return "".join(t + (f"({next(cycle)})" if t != s else "") for t, s in zip(traditional, simplified))


def everything(page: Page) -> str:
    """Stale clock, breadcrumbs, accessibility bar, metadata table, debris, traditional."""
    shaped = Page(page.lines, page.title, page.year, page.title_start)
    if page.title is not None:
        shaped = Page(_with_title(page, "无障碍 长者模式 " + page.title_text + " | ||||||"),
                      page.title_start, page.year)
    lines = _before_title(shaped, _metadata(page, "示范市人民政府", table=True))
    stale = _stale_year(page)
    text = "\n".join([f"今天是:{stale}年10月31日 星期三", "首页 > 政务公开 > 规划计划"] + lines)
    return traditional_pinyin(page_of(text, page.year))


SHAPES = {
    "plain": plain,
    "table_debris": table_debris,
    "stale_date": stale_date,
    "breadcrumb_lines": breadcrumb_lines,
    "column_joined": column_joined,
    "column_joined_plan": column_joined_plan,
    "accessibility_bar": accessibility_bar,
    "accessibility_joined": accessibility_joined,
    "metadata_block": metadata_block,
    "metadata_table": metadata_table,
    "flattened": flattened,
    "flattened_joined_watermark": flattened_joined_watermark,
    "no_title": no_title,
    "no_title_range": no_title_range,
    "no_title_stale_date": no_title_stale_date,
    "publication_stamps": publication_stamps,
    "traditional_pinyin": traditional_pinyin,
    "everything": everything,
}
# shapes that keep the page's title (where the page shows one)
TITLED = {name for name in SHAPES if not name.startswith("no_title")}
