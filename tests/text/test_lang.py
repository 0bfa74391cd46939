"""Language detection on real questions and mixed strings."""

import pytest

from text.lang import cjk_ratio, detect_lang


@pytest.mark.parametrize("text, lang", [
    ("催收最难协调的平台是哪个？", "zh"),
    ("催收最難協調的平臺是哪個？", "zh"),
    ("Which collectors are hardest to negotiate with?", "en"),
    ("FDCPA 第805条规定了什么？", "zh"),  # mostly Chinese letters despite the acronym
    ("Does the 个人信息保护法 apply to debt collectors in China?", "en"),  # a Chinese name in an English question
    ("12378", "en"),  # no letters at all
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


def test_cjk_ratio_counts_letters_only():
    assert cjk_ratio("催收 ab") == pytest.approx(0.5)
    assert cjk_ratio("123，。") == 0.0
