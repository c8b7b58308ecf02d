"""The noise model: each pattern keeps its own meaning (anchors, back-references, global
flags). The patterns are searched one by one: joined into one alternation they were twice
as slow (``re`` loses each pattern's anchor and literal-prefix shortcuts) and would shift
group numbers."""

from checker.read.model import Block
from checker.read.noise import NoiseModel


def _noise(model: NoiseModel, text: str) -> bool:
    return model.is_noise(Block(index=1, text=text))


def test_joined_patterns_find_each_pattern():
    model = NoiseModel({"patterns": ["分享到", "^上一篇", "浏览次数\\s*[:：]"]})
    assert _noise(model, "分享到：微信 微博")
    assert _noise(model, "上一篇：关于印发……的通知")
    assert _noise(model, "浏览次数：1024")
    assert not _noise(model, "本篇上一篇文章说明了情况")  # ^ anchors


def test_back_reference_keeps_its_group():
    model = NoiseModel({"patterns": ["^(关闭)$", "(打印)\\1"]})
    assert _noise(model, "打印打印")
    assert not _noise(model, "打印关闭")


def test_global_flag_pattern_still_applies():
    model = NoiseModel({"patterns": ["(?i)share", "分享到"]})
    assert _noise(model, "SHARE this")
    assert _noise(model, "分享到")
