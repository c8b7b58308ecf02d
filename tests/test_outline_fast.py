"""The outline's short-cuts give what the plain searches give."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from checker.analysis import outline
from checker.analysis.outline import HEADING_MAX, TITLE_MAX, split_heading
from conftest import report_texts


def _plain_split_heading(body):
    """split_heading searching the whole body for the first sentence end and gap."""
    body = body.strip()
    stripped = body.rstrip(outline._TRAILING)
    if len(stripped) <= HEADING_MAX and not outline._SENTENCE_END.search(stripped):
        return stripped, False, True
    m = outline._SENTENCE_END.search(body)
    gap = outline._GAP.search(body)
    if gap and gap.start() <= HEADING_MAX and (not m or gap.start() < m.start()):
        return body[: gap.start()].rstrip(outline._TRAILING), True, True
    if m and m.start() <= TITLE_MAX:
        return body[: m.start()].rstrip(outline._TRAILING), True, True
    return outline._short(body, 30), True, False


# runs of text, sentence ends and gaps of lengths around HEADING_MAX and TITLE_MAX
_piece = st.one_of(st.integers(0, 70).map(lambda n: "法" * n), st.sampled_from(list("。；;！?， \t\u3000：")))


@settings(max_examples=1500, deadline=None)
@given(st.lists(_piece, max_size=8).map("".join))
def test_split_heading_as_searching_the_whole_body(body):
    assert split_heading(body) == _plain_split_heading(body)


def test_split_heading_at_the_limits():
    for n in range(HEADING_MAX - 2, TITLE_MAX + 3):
        for sep in "。 \u3000；":
            for body in ("法" * n + sep + "治" * 50, "法" * 45 + " " + "法" * n + sep + "治", "法" * n):
                assert split_heading(body) == _plain_split_heading(body), (n, sep)


def test_split_heading_on_real_reports():
    for path in report_texts():
        for line in path.read_text(encoding="utf-8").splitlines():
            assert split_heading(line) == _plain_split_heading(line)
