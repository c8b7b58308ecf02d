"""The reader's shortcuts give what reading each paragraph element by element gives:
the paragraph facts found in one C-filtered pass over the body (style, numbering,
outline level, deleted paragraph marks) equal those read from each paragraph's own
``w:pPr``, on bodies with the awkward shapes Word, WPS and hand-made files produce."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.read.docx import _deleted_marks, _paragraph_properties, _ppr
from checker.read.ooxml import W, W_NS, first_children
from checker.read.package import parse_part

_P, _PSTYLE, _NUMPR, _OUTLINE, _RPR = W + "p", W + "pStyle", W + "numPr", W + "outlineLvl", W + "rPr"


def _reference(p) -> tuple:
    """The first w:pStyle, w:numPr and w:outlineLvl of the paragraph's w:pPr, read one
    child at a time."""
    style = num_pr = outline = None
    ppr = _ppr(p)
    for child in ppr if ppr is not None else ():
        if child.tag == _PSTYLE and style is None:
            style = child
        elif child.tag == _NUMPR and num_pr is None:
            num_pr = child
        elif child.tag == _OUTLINE and outline is None:
            outline = child
    return style, num_pr, outline


def _reference_deleted(p) -> bool:
    ppr = _ppr(p)
    rpr = first_children(ppr, {_RPR}).get(_RPR) if ppr is not None else None
    return rpr is not None and any(c.tag in (W + "del", W + "moveFrom") for c in rpr)


_ids = st.sampled_from(["1", "2", "Heading1", ""])
_ppr_child = st.one_of(
    _ids.map(lambda v: f'<w:pStyle w:val="{v}"/>'),
    st.just("<w:pStyle/>"),
    st.tuples(_ids, st.sampled_from(["0", "1", "x"])).map(
        lambda t: f'<w:numPr><w:ilvl w:val="{t[1]}"/><w:numId w:val="{t[0]}"/></w:numPr>'),
    st.sampled_from(["0", "3", "9"]).map(lambda v: f'<w:outlineLvl w:val="{v}"/>'),
    st.sampled_from(['<w:spacing w:line="560"/>', '<w:jc w:val="center"/>', "<!-- note -->",
                     '<w:rPr><w:del w:id="1" w:author="a"/></w:rPr>',
                     '<w:rPr><w:b/><w:moveFrom w:id="2" w:author="a"/></w:rPr>',
                     '<w:rPr><w:ins w:id="3" w:author="a"/></w:rPr>',
                     '<w:pPrChange w:id="4"><w:pPr><w:pStyle w:val="Old"/><w:outlineLvl w:val="1"/>'
                     '<w:rPr><w:del w:id="5"/></w:rPr></w:pPr></w:pPrChange>']),
)
_ppr_xml = st.lists(_ppr_child, max_size=5).map(lambda cs: "<w:pPr>" + "".join(cs) + "</w:pPr>")


def _paragraph(inner):
    run = st.sampled_from(['<w:r><w:t>文字</w:t></w:r>', '<w:bookmarkStart w:id="0" w:name="a"/>',
                           '<w:del><w:r><w:delText>删</w:delText></w:r></w:del>',
                           '<w:ins><w:r><w:rPr><w:del w:id="9"/></w:rPr><w:t>增</w:t></w:r></w:ins>'])
    # a text box holds paragraphs of its own, with their own properties
    box = inner.map(lambda ps: '<w:r><w:drawing><wps:txbx xmlns:wps="urn:wps"><w:txbxContent>'
                    + "".join(ps) + "</w:txbxContent></wps:txbx></w:drawing></w:r>")
    return st.lists(st.one_of(_ppr_xml, run, box), max_size=4).map(lambda cs: "<w:p>" + "".join(cs) + "</w:p>")


_leaf = st.lists(st.lists(_ppr_xml, max_size=2).map(lambda cs: "<w:p>" + "".join(cs) + "</w:p>"), max_size=2)
_paragraphs = st.lists(_paragraph(_leaf), min_size=1, max_size=4)
_block = st.one_of(
    _paragraphs.map("".join),
    _paragraphs.map(lambda ps: "<w:tbl><w:tr><w:tc>" + "".join(ps) + "</w:tc></w:tr></w:tbl>"),
    _paragraphs.map(lambda ps: "<w:sdt><w:sdtContent>" + "".join(ps) + "</w:sdtContent></w:sdt>"),
)


def _body(blocks: list[str]):
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(blocks)}</w:body></w:document>'
    return parse_part(xml.encode()).find(W + "body")


@settings(max_examples=300, deadline=None)
@given(st.lists(_block, min_size=1, max_size=4))
def test_paragraph_facts_of_one_pass_equal_reading_each_paragraph(blocks):
    body = _body(blocks)
    found = _paragraph_properties(body)
    deleted = _deleted_marks(body)
    for p in body.iter(_P):
        expected = _reference(p)
        got = tuple(found.get(p, (None, None, None)))
        assert all(a is b for a, b in zip(got, expected)), (got, expected)
        assert (p in deleted) == _reference_deleted(p)


def test_properties_of_a_later_ppr_or_a_tracked_change_are_not_the_paragraphs():
    body = _body(['<w:p><w:r><w:t>a</w:t></w:r><w:pPr><w:pStyle w:val="A"/></w:pPr>'
                  '<w:pPr><w:pStyle w:val="B"/></w:pPr></w:p>',
                  '<w:p><w:pPr><w:pPrChange><w:pPr><w:pStyle w:val="Old"/></w:pPr></w:pPrChange>'
                  '<w:pStyle w:val="New"/><w:pStyle w:val="Second"/></w:pPr></w:p>'])
    first, second = body.iter(_P)
    found = _paragraph_properties(body)
    assert found[first][0].get(W + "val") == "A"
    assert found[second][0].get(W + "val") == "New"
