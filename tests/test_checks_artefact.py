"""artefact: pinyin glosses and destroyed characters, one finding per kind with the
count and a few places quoted from the original."""

from checkcase import findings, lines

PINYIN = {"check": "artefact", "kind": "pinyin", "message": "{count}|{items}|{examples}"}
GARBLED = {"check": "artefact", "kind": "garbled", "message": "{count}|{items}"}


def test_every_gloss_counted_in_one_finding():
    text = lines("香洲區(qū)深入推進依法行政。", "規(guī)范行政執法，調(diào)解糾紛。", "全年辦理案件64件。", "區(qū)政府調(diào)解。")
    found = findings(text, PINYIN)
    assert len(found) == 1
    count, items, examples = found[0].message.split("|")
    assert count == "5" and items == "(qū)、(guī)、(diào)"
    assert examples.count("“") == 3 and "香洲區(qū)" in examples  # original text, not the normalised one
    assert found[0].location.block == 1


def test_show_limits_the_examples():
    text = lines(*[f"第{i}區(qū)工作。" for i in range(1, 6)])
    found = findings(text, {**PINYIN, "show": 2, "message": "{examples}"})
    assert found[0].message.count("“") == 2


def test_no_gloss_no_finding():
    assert findings(lines("引进PPP(ppp)项目3个。", "开通政务服务APP(app)。"), PINYIN) == []


def test_destroyed_characters():
    text = lines("全年办理行政复议案件64件，??区司法局依法?理。", "如何提升执法质量?我们将继续探索。")
    found = findings(text, GARBLED)
    assert [f.message for f in found] == ["2|??、?"]
    assert findings(lines("如何提升执法质量?我们将继续探索。"), GARBLED) == []
