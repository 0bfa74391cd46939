"""Model answer text -> sentences with their [n] marks, in one piece and token by token (outputs seen from the
1.5B model on this corpus)."""

import pytest

from chat.answer_text import SentenceStream, parse_sentence, split_answer
from chat.facts import is_bare_answer, split_lead
from chat.generative import merge_leads

SEEN = [
    # marks after the full stop, several per sentence, full-width brackets, a list item, and a bare lead
    "可以。《刑法修正案（十一）》新增的是独立的催收非法债务罪（刑法第二百九十三条之一），而且催收非法债务罪只针对非法债务。"
    "[1][2]\n不可以，根据第六十八条，发卡银行不得向与债务无关的第三人催收【2】。",
    "Under Ireland's Consumer Credit Act 1995, a creditor or its agent must not call between 9 p.m. and 9 a.m. "
    "on weekdays, or at any time on Sundays and public holidays, without consent [1]. Ireland's s.46 also bars "
    "calling the consumer at work [1, 2].\n- **Ask who owns the loan** before negotiating. [3]",
]


def stream(text: str, step: int) -> list:
    splitter, out = SentenceStream(), []
    for i in range(0, len(text), step):
        out += splitter.feed(text[i:i + step])
    return out + splitter.close()


@pytest.mark.parametrize("text", SEEN)
@pytest.mark.parametrize("step", [1, 3, 17])
def test_streaming_gives_the_same_sentences_as_the_whole_text(text, step):
    assert stream(text, step) == split_answer(text)


def test_marks_are_attached_to_the_sentence_they_close():
    zh = split_answer(SEEN[0])
    assert [s.cited for s in zh] == [(), (1, 2), (2,)]
    assert zh[1].text.endswith("只针对非法债务。") and "[" not in zh[1].text
    en = split_answer(SEEN[1])
    assert [s.cited for s in en] == [(1,), (1, 2), (3,)]
    assert en[0].text.endswith("without consent.")  # 'p.m.' and 'a.m.' do not end the sentence
    assert en[2].text == "Ask who owns the loan before negotiating."  # bullet and emphasis gone


def test_a_bare_answer_word_is_checked_with_the_next_sentence():
    merged = list(merge_leads(iter(split_answer(SEEN[0]))))
    assert merged[0].text.startswith("可以。《刑法修正案") and merged[0].cited == (1, 2)
    assert is_bare_answer("Yes.") and is_bare_answer("不是，") and not is_bare_answer("可以协商")


def test_lead_words_and_their_rule_polarity():
    assert split_lead("不可以，发卡银行不得向第三人催收。") == ("不可以，", -1, "发卡银行不得向第三人催收。")
    assert split_lead("Yes, a collector must stop.")[1] is None
    assert split_lead("可以协商。") == ("", None, "可以协商。")


def test_leftover_comma_before_a_full_stop_is_removed():
    assert parse_sentence("不可以，[2]。").text == "不可以。"


def test_a_copied_placeholder_mark_is_not_part_of_the_sentence():
    parsed = parse_sentence("[编号]可以，最长分5年[1]。")
    assert parsed.text == "可以，最长分5年。" and parsed.cited == (1,)
