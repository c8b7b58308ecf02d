"""`fazhi new`: the report skeleton, its round trip through `fazhi check`, data, templates, reference."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from checker.config import Config
from checker.read.document import read_document
from checker.errors import InputError, PackError, UsageError
from checker.packs.loader import load_pack
from checker.runner import CheckOptions, check_file
from checker.scaffold.generate import content_dir, new_report
from checker.scaffold.facts import MAX_PROMPT, PLACEHOLDER
from checker.scaffold.markup import Paragraph, Table, number_headings, parse
from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOV = "广州市花都区人民政府"
DEPT = "广州市花都区司法局"
NATIONAL_KEYS = [s["key"] for s in load_pack("national").sections]


def make(tmp_path, name="报告.docx", org=GOV, year=2025, **kw):
    out = tmp_path / name
    notes = new_report(org=org, year=year, level=kw.pop("level", None), pack=kw.pop("pack", None),
                       data=kw.pop("data", None), reference=kw.pop("reference", None),
                       template_dir=kw.pop("template_dir", None), output=out, force=kw.pop("force", False))
    assert not kw
    return out, notes


def check(path, **options):
    return check_file(Path(path), CheckOptions(config=Config(), **options))


def texts(path) -> list[str]:
    return [b.text for b in read_document(path).blocks]


def placeholder_count(path) -> int:
    return sum(len(PLACEHOLDER.findall(t)) for t in texts(path))


def _filler(prompt: str, year: int) -> str:
    """What a drafter would type for a prompt (test data, chosen by the prompt's own words)."""
    if "成文日期" in prompt:
        return f"{year + 1}年3月20日"
    if prompt == "百分比":
        return "96.5%"
    if len(prompt) == 2 and prompt.endswith("数"):
        return f"12{prompt[0]}"
    if prompt in ("人次", "件次"):
        return f"120{prompt}"
    return "依法推进各项工作并取得实效，全年办理相关事项36件"


def fill(path: Path, out: Path, year: int) -> Path:
    """Replace every placeholder run of the skeleton with text, as a drafter would in Word."""
    document = docx.Document(str(path))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for paragraph in paragraphs:
        for run in paragraph.runs:
            run.text = PLACEHOLDER.sub(lambda m: _filler(m.group(0)[5:-1], year), run.text)
    document.save(str(out))
    return out


# -- round trip ----------------------------------------------------------------------------------
def _skeleton(tmp_path, org, with_data: bool):
    """A skeleton for ``org``, with the facts file (without its misspelt and unknown keys) when asked."""
    data = None
    if with_data:
        data = tmp_path / "facts.yaml"
        data.write_text(DATA.split("reconsideraton:")[0], encoding="utf-8")
    return make(tmp_path, org=org, data=data)


@pytest.mark.parametrize("org, with_data", [(GOV, False), (DEPT, False), (GOV, True)])
def test_skeleton_shows_only_unfilled_placeholder_findings(tmp_path, org, with_data):
    path, notes = _skeleton(tmp_path, org, with_data)
    assert notes == []
    result = check(path)
    assert result.status == "checked"
    others = [(f.rule, f.message) for f in result.findings if f.rule != "hygiene.placeholder"]
    assert others == []
    # every prompt is reported: as many findings as placeholders in the document
    reported = [f for f in result.findings if f.rule == "hygiene.placeholder"]
    assert len(reported) == placeholder_count(path) > 20


@pytest.mark.parametrize("org, with_data", [(GOV, False), (DEPT, False), (GOV, True)])
def test_filled_skeleton_passes_without_error(tmp_path, org, with_data):
    path, _ = _skeleton(tmp_path, org, with_data)
    filled = fill(path, tmp_path / "已填写.docx", 2025)
    assert placeholder_count(filled) == 0
    result = check(filled)
    errors = [(f.rule, f.message) for f in result.findings if f.severity.label == "error"]
    assert errors == []
    assert result.meta["date"] == "2026-03-20"


def test_outline_heads_every_national_section_in_order_with_meta(tmp_path):
    path, _ = make(tmp_path)
    result = check(path, packs=["national"])
    meta = result.meta
    assert meta["title"] == f"{GOV}2025年法治政府建设年度报告"
    assert (meta["year"], meta["level"], meta["issuer"]) == (2025, "government", GOV)
    sections = result.sections
    assert [s["key"] for s in sections] == NATIONAL_KEYS
    assert all(s["headed"] for s in sections)
    top = [h["text"] for h in result.headings if h["depth"] == 1]
    assert [t[:2] for t in top] == ["一、", "二、", "三、", "四、", "五、"]
    assert top[0] == "一、2025年推进法治政府建设的主要举措和成效"
    assert top[3] == "四、2026年推进法治政府建设的主要安排"
    assert "党政主要负责人" in top[2]
    # the 纲要 sub-areas are （一）… headings under achievements
    subs = [h["text"] for h in result.headings if h["depth"] == 2 and h["section"] == "achievements"]
    assert subs[0] == "（一）深入学习贯彻习近平法治思想" and len(subs) == 10
    # every heading is a real Word heading style (navigation pane) with the label typed in
    document = read_document(path)
    by_index = {b.index: b for b in document.blocks}
    for h in result.headings:
        block = by_index[h["block"]]
        assert block.style == f"heading {h['depth']}" and block.outline_level == h["depth"] - 1
        assert block.label == ""  # typed, not automatic numbering


def test_outline_command_shows_headed_sections(tmp_path):
    path, _ = make(tmp_path)
    r = CliRunner().invoke(main, ["outline", str(path)], catch_exceptions=False)
    assert r.exit_code == 0
    from checker.packs.loader import load_pack

    names = {s["key"]: s["name"] for s in load_pack("national").sections}
    for key in NATIONAL_KEYS:  # the outline names each part in Chinese
        assert re.search(rf"^  {re.escape(names[key])}：有标题", r.output, re.M), key


def test_department_defaults_from_org_name(tmp_path):
    path, notes = make(tmp_path, org=DEPT)
    result = check(path, packs=["national"])
    assert result.meta["level"] == "department" and result.meta["issuer"] == DEPT
    body = texts(path)
    assert "三、主要负责人履行推进法治建设第一责任人职责情况" in body
    assert "【请填写：成文日期，如2026年2月20日】" in body  # departments report before 1 March
    assert any("作为被申请人的行政复议案件" in t for t in body)


def test_explicit_level_wins_and_unknown_level_is_noted(tmp_path):
    path, _ = make(tmp_path, org=DEPT, level="government")
    assert "三、党政主要负责人履行推进法治建设第一责任人职责情况" in texts(path)
    _, notes = make(tmp_path, name="b.docx", org="花都区法治建设领导小组")
    assert any("无法从“花都区法治建设领导小组”判断主体层级" in n for n in notes)


def test_long_org_title_is_split_into_two_title_lines(tmp_path):
    path, _ = make(tmp_path)
    document = docx.Document(str(path))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == [GOV, "2025年法治政府建设年度报告"]
    short, _ = make(tmp_path, name="short.docx", org="花都区司法局")
    assert [p.text for p in docx.Document(str(short)).paragraphs if p.style.name == "Title"] == \
        ["花都区司法局2025年法治政府建设年度报告"]


@pytest.mark.parametrize("year, first_area, note", [
    (2019, "（一）依法全面履行政府职能", None),
    (2023, "（一）深入学习贯彻习近平法治思想", None),
    (2027, "（一）深入学习贯彻习近平法治思想", "没有适用于2027年的法治政府建设实施纲要版本"),
])
def test_achievement_areas_follow_the_edition_of_the_year(tmp_path, year, first_area, note):
    path, notes = make(tmp_path, year=year)
    result = check(path, packs=["national"])
    subs = [h["text"] for h in result.headings if h["depth"] == 2]
    assert subs[0] == first_area
    assert f"{year + 1}年推进法治政府建设的主要安排" in [h["text"][2:] for h in result.headings if h["depth"] == 1]
    assert (any(note in n for n in notes)) if note else notes == []


# -- the pack's section model drives the parts ----------------------------------------------------
def test_parts_and_order_come_from_the_pack(tmp_path):
    pack = tmp_path / "省.yaml"
    pack.write_text(
        "id: province\nname: 某省\nextends: national\nsections:\n"
        "  - {key: achievements, name: 主要举措和成效, heading: [举措]}\n"
        "  - {key: responsibility, name: 第一责任人职责, heading: [第一责任人]}\n"
        "  - {key: pilot, name: 法治督察整改情况, heading: [督察整改]}\n"
        "  - {key: shortcomings, name: 存在的不足和原因, heading: [不足]}\n"
        "  - {key: plan, name: 下一年度主要安排, heading: [主要安排]}\n", encoding="utf-8")
    path, _ = make(tmp_path, pack=str(pack))
    top = [t for t in texts(path) if re.match(r"^[一二三四五六]、", t)]
    assert top == ["一、2025年推进法治政府建设的主要举措和成效", "二、党政主要负责人履行推进法治建设第一责任人职责情况",
                   "三、法治督察整改情况", "四、存在的不足和原因", "五、2026年推进法治政府建设的主要安排"]
    assert "【请填写：法治督察整改情况】" in texts(path)  # a part the templates do not know
    result = check(path, packs=[str(pack)])
    assert [s["key"] for s in result.sections] == ["achievements", "responsibility", "pilot", "shortcomings", "plan"]


def test_pack_without_section_model_is_refused(tmp_path):
    with pytest.raises(UsageError, match="没有部分模型"):
        make(tmp_path, pack="gbt9704")
    with pytest.raises(PackError, match="没有名为“nosuch”的内置规则包"):
        make(tmp_path, pack="nosuch")
    assert not (tmp_path / "报告.docx").exists()


# -- data -----------------------------------------------------------------------------------------
DATA = """\
reconsideration:
  received: 120
  closed: 110
  corrected: 8
litigation:
  head_appearance_rate: 98.5
  cases: ""
normative_documents:
  filed: 15
shortcomings:
  items:
    - 基层执法人员法律素养有待提高。
    - 行政复议案件办理周期偏长
  causes: [培训机制不够健全, 案多人少矛盾突出]
plan:
  items: [加强执法人员培训, 优化行政复议办案流程, 充实复议应诉工作力量，缓解案多人少矛盾]
reconsideraton:
  recieved: 3
weather: 晴
"""


def test_data_fills_sentences_and_table_and_reports_unknown_keys(tmp_path):
    data = tmp_path / "facts.yaml"
    data.write_text(DATA, encoding="utf-8")
    path, notes = make(tmp_path, data=data)
    body = texts(path)
    joined = "\n".join(body)
    assert "收到行政复议申请120件，受理【请填写：件数】，审结110件" in joined  # missing keys stay prompts
    assert "纠错8件" in joined and "出庭应诉率98.5%" in joined and "报送备案15件" in joined
    assert "办理行政应诉案件【请填写：件数】" in joined  # blank value = not given
    assert f"2025年，{GOV}法治政府建设还存在一些不足：一是基层执法人员法律素养有待提高；二是行政复议案件办理周期偏长。" in body
    assert "究其原因，一是培训机制不够健全；二是案多人少矛盾突出。" in body
    assert "一是加强执法人员培训。" in body and "二是优化行政复议办案流程。" in body
    # the figures sit in the disputes area of the achievements part, and in its table
    result = check(path, packs=["national"])
    report = result.report
    index = next(b.index for b in report.document.blocks if b.text.startswith("全年收到行政复议申请120件"))
    assert report.outline.heading_for(index).text == "（七）健全社会矛盾纠纷行政预防调处化解体系"
    table = docx.Document(str(path)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["项目", "数据"]
    assert ["收到行政复议申请", "120件"] in rows and ["行政机关负责人出庭应诉率", "98.5%"] in rows
    assert ["受理行政复议申请", "【请填写：件数】"] in rows
    # unknown keys come back as notes, with the file, line and a suggestion for a typo
    assert len(notes) == 2
    assert f"{data}:18：数据项“reconsideraton.recieved”未知" in notes[0] and "reconsideration.received" in notes[0]
    assert f"{data}:19：数据项“weather”未知" in notes[1]


@pytest.mark.parametrize("text, message", [
    ("reconsideration:\n  received: -3\n", "第2行“reconsideration.received”不能是负数"),
    ("litigation:\n  head_appearance_rate: 120\n", "应在0到100之间"),
    ("reconsideration:\n  received: [1, 2]\n", "不能是列表"),
    ("reconsideration:\n  received: 2.5\n", "应为整数"),
    ("reconsideration:\n  received: true\n", "应为非负整数"),
    ("- a\n- b\n", "数据文件应是 YAML 映射"),
    ("a: [\n", "YAML 格式错误"),
])
def test_bad_data_is_a_clear_error(tmp_path, text, message):
    data = tmp_path / "facts.yaml"
    data.write_text(text, encoding="utf-8")
    with pytest.raises((InputError, PackError)) as err:
        make(tmp_path, data=data)
    assert message in str(err.value)
    assert not (tmp_path / "报告.docx").exists()


def test_missing_data_file(tmp_path):
    with pytest.raises(InputError, match="文件不存在"):
        make(tmp_path, data=tmp_path / "nofile.yaml")


def test_example_data_file_uses_only_known_keys(tmp_path):
    path, notes = make(tmp_path, data=ROOT / "templates" / "facts.example.yaml")
    assert notes == []
    assert "全年收到行政复议申请" in "\n".join(texts(path))


# -- writing the file -----------------------------------------------------------------------------
def test_never_overwrites_without_force(tmp_path):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"draft in progress")
    with pytest.raises(UsageError, match="文件已存在"):
        make(tmp_path)
    assert out.read_bytes() == b"draft in progress"
    make(tmp_path, force=True)
    assert zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]  # no temp file left behind


def test_bad_arguments(tmp_path):
    with pytest.raises(UsageError, match="应以 .docx 结尾"):
        make(tmp_path, name="报告.doc")
    with pytest.raises(UsageError, match="--org 不能为空"):
        make(tmp_path, org="  ")
    with pytest.raises(UsageError, match="--level 只能是"):
        make(tmp_path, level="county")
    with pytest.raises(UsageError, match="模板文件夹不存在"):
        make(tmp_path, template_dir=tmp_path / "none")


def test_cli_new(tmp_path):
    out = tmp_path / "2025年报告.docx"
    data = tmp_path / "d.yaml"
    data.write_text("weather: 1\n", encoding="utf-8")
    runner = CliRunner()
    args = ["new", "--org", GOV, "--year", "2025", "--data", str(data), "-o", str(out)]
    r = runner.invoke(main, args)
    assert r.exit_code == 0, r.output
    assert f"已生成：{out}" in r.stdout and "数据项“weather”未知" in r.stderr
    r = runner.invoke(main, args)
    assert r.exit_code == 2 and "文件已存在" in r.stderr


# -- the reference document -----------------------------------------------------------------------
def _reference_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a reference .docx that make_reference.py controls, canonicalised."""
    import io

    from lxml import etree

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        out["docDefaults"] = etree.tostring(styles.find(W + "docDefaults"), method="c14n")
        for style in styles.findall(W + "style"):
            out["style:" + style.find(W + "name").get(W + "val")] = etree.tostring(style, method="c14n")
        document = etree.fromstring(z.read("word/document.xml"))
        out["body"] = etree.tostring(document.find(W + "body"), method="c14n")
        for name in z.namelist():
            if name.startswith("word/footer"):
                out[name] = etree.tostring(etree.fromstring(z.read(name)), method="c14n")
        out["evenAndOddHeaders"] = b"evenAndOddHeaders" in z.read("word/settings.xml")
    return out


def test_committed_reference_is_the_generator_output():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_reference", ROOT / "templates" / "make_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = _reference_parts((ROOT / "templates" / "reference.docx").read_bytes())
    assert committed == _reference_parts(module.build()), \
        "templates/reference.docx is stale: run python templates/make_reference.py"


def _rpr_fonts(style):
    from docx.oxml.ns import qn

    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia")), style.font.size.pt


def test_skeleton_layout_is_gbt9704(tmp_path):
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    path, _ = make(tmp_path)
    document = docx.Document(str(path))
    section = document.sections[-1]
    for got, want in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37), (section.bottom_margin, 35), (section.left_margin, 28),
                      (section.right_margin, 26)):
        assert abs(got.mm - want) < 0.1
    styles = document.styles
    assert _rpr_fonts(styles["Title"]) == ("方正小标宋简体", 22)
    assert _rpr_fonts(styles["Normal"]) == ("仿宋_GB2312", 16)
    assert [_rpr_fonts(styles[f"Heading {i}"])[0] for i in range(1, 5)] == ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]
    normal = styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and normal.line_spacing.pt == 28
    assert normal.first_line_indent.pt == 32
    assert styles["Title"].paragraph_format.alignment == 1  # centre
    # page number: "— PAGE —" in 14 pt, odd footer right, even footer left, real PAGE field
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.paragraph_format.alignment == align
        assert p.style.font.size.pt == 14
    # no template syntax or XX markers anywhere in the package
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                text = z.read(name).decode("utf-8")
                assert "{{" not in text and "{%" not in text and "××" not in text
                assert not re.search(r"(?<![A-Za-z])XX(?![A-Za-z])", text)


def test_gbt9704_pack_alone_finds_nothing_on_a_filled_skeleton(tmp_path):
    path, _ = make(tmp_path)
    filled = fill(path, tmp_path / "filled.docx", 2025)
    result = check(filled, packs=["gbt9704"])
    assert [(f.rule, f.message) for f in result.findings] == []


def test_user_reference_styles_are_used_and_missing_ones_copied(tmp_path):
    from docx.oxml.ns import qn

    reference = tmp_path / "我的样式.docx"
    document = docx.Document()
    document.styles["Normal"].font.size = docx.shared.Pt(15)
    document.add_paragraph("旧内容不应出现")
    document.save(str(reference))
    path, notes = make(tmp_path, reference=reference)
    assert len(notes) == 1 and "缺少样式" in notes[0] and "Signature" in notes[0]
    out = docx.Document(str(path))
    assert out.styles["Normal"].font.size.pt == 15  # the user's look wins
    assert "旧内容不应出现" not in "\n".join(p.text for p in out.paragraphs)
    assert out.styles["Signature"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert check(path, packs=["national"]).meta["title"] == f"{GOV}2025年法治政府建设年度报告"


@pytest.mark.parametrize("name", ["gongwen_reference_styled_numbering_msword.dotx", "gbt9704_template_wps.docx"])
def test_real_word_and_wps_references(tmp_path, docx_dir, name):
    """Real templates: a Word .dotx whose heading styles carry automatic numbering, a WPS GB/T 9704
    template. The typed numbering is not doubled by the style's list, and the outline still holds."""
    path, notes = make(tmp_path, reference=docx_dir / name)
    assert all("缺少样式" in n for n in notes)
    result = check(path, packs=["national"])
    top = [h["text"] for h in result.headings if h["depth"] == 1]
    assert [t[:2] for t in top] == ["一、", "二、", "三、", "四、", "五、"] and top[0].count("、") == 1
    assert [s["key"] for s in result.sections] == NATIONAL_KEYS and all(s["headed"] for s in result.sections)
    assert all(not b.label for b in read_document(path).blocks)  # no automatic numbering rendered


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "不是"),
    (None, "文件不存在"),
])
def test_bad_reference_is_a_clear_error(tmp_path, content, message):
    reference = tmp_path / "ref.docx"
    if content is not None:
        reference.write_bytes(content)
    with pytest.raises(InputError, match=message):
        make(tmp_path, reference=reference)


# -- user templates -------------------------------------------------------------------------------
def write_template(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return folder


def test_user_template_overrides_one_file(tmp_path):
    folder = write_template(tmp_path / "tpl", "sections/other.md.j2",
                            "# 其他事项\n{{ org }}无其他需要报告的情况。\n")
    path, _ = make(tmp_path, template_dir=folder)
    body = texts(path)
    assert "五、其他事项" in body and f"{GOV}无其他需要报告的情况。" in body
    assert "一、2025年推进法治政府建设的主要举措和成效" in body  # the rest still shipped


@pytest.mark.parametrize("text, message", [
    ("第一行\n{{ 机关名称 }}\n", "第2行：变量“机关名称”未定义"),
    ("{{ org.upper() }}\n{{ section.nothing }}\n", "第2行"),
    ("\n\n{{ ''.__class__.__mro__ }}\n", "第3行：沙箱不允许访问“str”的属性“__class__”"),
    ("{{ ask.__globals__ }}\n", "第1行：沙箱不允许访问"),
    ("{{ sections.append(1) }}\n", "第1行：沙箱不允许访问“list”的属性“append”"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
     "第1行：超出渲染限制：运算步数超过上限"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{{ b }}{% endfor %}{% endfor %}\n",
     "超出渲染限制"),
    ("{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n", "模板嵌套或递归过深"),
    ("{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n",
     "生成的内容过大"),
    ("{{ 'x' * 100000000 }}\n", "生成的内容过大"),
    ("{{ 'x'|center(999999999) }}\n", "参数 999999999 过大"),
    ("{{ '{:>999999999}'.format(1) }}\n", "宽度或精度过大"),
    ("{{ 99 ** 99999999 }}\n", "乘方的指数过大"),
    ("{{ cn(10 ** 9) }}\n", "参数 1000000000 过大"),
    ("{{ lipsum(1000) }}\n", "变量“lipsum”未定义"),
    ("{% if %}\n", "第1行：模板语法错误"),
    ("{% include 'sections/other.md.j2' %}{% include 'nosuch.j2' %}\n", "找不到模板“nosuch.j2”"),
    ("{{ ask('" + "很长的提示" * 8 + "') }}\n", f"超过{MAX_PROMPT}个字"),
    ("@title 标题\n@nosuch 文字\n", "模板输出第2行：未知的标记“@nosuch”"),
    ("@body 没有标题\n", "模板没有输出标题"),
])
def test_user_template_errors_name_template_and_line(tmp_path, text, message):
    folder = write_template(tmp_path / "tpl", "report.md.j2", text)
    with pytest.raises(UsageError) as err:
        make(tmp_path, template_dir=folder)
    assert message in str(err.value)
    if "第" in message and "模板输出" not in message:
        assert f"模板 {folder / 'report.md.j2'} " in str(err.value)
    assert not (tmp_path / "报告.docx").exists()


def test_include_loop_in_user_templates_is_an_error(tmp_path):
    folder = write_template(tmp_path / "tpl", "report.md.j2", "@title 题\n{% include 'a.md.j2' %}\n")
    write_template(folder, "a.md.j2", "正文\n{% include 'report.md.j2' %}\n")
    with pytest.raises(UsageError, match="模板嵌套或递归过深"):
        make(tmp_path, template_dir=folder)


@pytest.mark.parametrize("name, text, message", [
    ("areas.yaml", "editions:\n  - name: 纲要\n    from: 2021\n    to: 2025\n    areas:\n      - id: x\n", "areas.yaml:6"),
    ("facts.yaml", "a:\n  b: {label: 甲, kind: money}\n", "facts.yaml:2：数据项 a.b 的 kind 应为"),
])
def test_user_data_files_in_template_dir_are_validated(tmp_path, name, text, message):
    folder = write_template(tmp_path / "tpl", name, text)
    with pytest.raises(PackError) as err:
        make(tmp_path, template_dir=folder)
    assert message in str(err.value)


def test_shipped_prompts_are_short_enough_for_the_checker():
    """Every prompt a shipped template or areas.yaml writes stays within MAX_PROMPT characters."""
    import yaml

    areas = yaml.safe_load((content_dir() / "areas.yaml").read_text(encoding="utf-8"))
    prompts = [a["prompt"] for e in areas["editions"] for a in e["areas"]]
    for path in content_dir().rglob("*.j2"):
        prompts += re.findall(r"ask\(\"([^\"]*)\"", path.read_text(encoding="utf-8"))
    assert len(prompts) > 25
    assert max(len(p) for p in prompts) <= MAX_PROMPT


# -- markup ---------------------------------------------------------------------------------------
def test_markup_headings_tables_and_roles():
    blocks = parse("@title 题\n\n# 甲\n## 乙\n## （二）已有编号\n### 丙\n#### 丁\n# 戊\n## 己\n"
                   "| 项目 | 数据 |\n|---|---|\n| 甲 |\n@body # 不是标题\n@signature 某局\n@date 日期\n")
    number_headings(blocks)
    heads = [b.text for b in blocks if isinstance(b, Paragraph) and b.role == "heading"]
    assert heads == ["一、甲", "（一）乙", "（二）已有编号", "1.丙", "（1）丁", "二、戊", "（一）己"]
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows == [["项目", "数据"], ["甲", ""]]
    roles = [(b.role, b.text) for b in blocks if isinstance(b, Paragraph) and b.role != "heading"]
    assert roles == [("title", "题"), ("body", "# 不是标题"), ("signature", "某局"), ("date", "日期")]
    with pytest.raises(UsageError, match="标题最多四级"):
        parse("##### 五级\n")
