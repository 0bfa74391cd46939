"""Sentence splitting on Chinese and English text, including the abbreviations that must not split."""

from text.sentences import split_sentences


def test_chinese_sentence_ends():
    assert split_sentences("催收不得使用暴力。不得骚扰无关第三人！可以投诉吗？可以；向银保监会投诉。") == [
        "催收不得使用暴力。", "不得骚扰无关第三人！", "可以投诉吗？", "可以；", "向银保监会投诉。"]


def test_english_sentence_ends_keep_abbreviations_and_decimals():
    text = ("Collectors may call between 8 a.m. and 9 p.m. local time. The U.S. rule is in 12 C.F.R. part 1006. "
            "See No. 3 and Art. 5, e.g. the 3.85% cap. Is that all? Yes!")
    assert split_sentences(text) == [
        "Collectors may call between 8 a.m. and 9 p.m. local time.",
        "The U.S. rule is in 12 C.F.R. part 1006.",
        "See No. 3 and Art. 5, e.g. the 3.85% cap.",
        "Is that all?", "Yes!"]


def test_line_breaks_split_and_blank_lines_vanish():
    assert split_sentences("第一条 总则\n\n  为了规范催收行为  \nSection 805\n") == [
        "第一条 总则", "为了规范催收行为", "Section 805"]
