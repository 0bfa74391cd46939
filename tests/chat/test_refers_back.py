"""A turn that points back at the earlier one's situation ("我表妹在台北也遇到同样情况", "my sister has the same
problem") is a follow-up even with words of its own, and it is judged on the earlier turn's words too: its own
words are narrative (a cousin, a city) that no passage answers."""

import pytest

from chat.answer import answer_question
from chat.followup import is_follow_up, judged_on_own_words, resolve
from tests.conftest import index_with_docs

HK_FIRST = "我喺香港欠咗信用卡錢，收數公司成日打去我公司搵我，仲同我同事講我欠錢，咁樣合法嗎？"
CN_FIRST = "网贷逾期了，催收天天打我爸妈电话，这样合法吗"


@pytest.mark.parametrize("question, history", [
    ("咁如果喺台灣呢？我表妹喺台北都遇到同樣情況", [HK_FIRST]),
    ("我朋友在台湾也遇到一样的情况，台湾那边怎么规定的？", [CN_FIRST]),
    ("我同事也碰到类似的问题，他在香港", [CN_FIRST]),
    ("my sister in Ireland has the same problem, what are the rules there?", ["Can a UK collector call me at work?"]),
    # a comparison with the earlier turn's subject, with words of its own
    ("How does that compare with the UK — did the FCA change its rules recently for people who haven't missed a "
     "payment yet?", ["Under the EU's new consumer credit directive, do lenders have to offer forbearance?"]),
    ("跟这个比，台湾的银行委外催收有没有更严的规定？", [CN_FIRST]),
])
def test_a_turn_pointing_back_leans_on_the_earlier_one(question, history):
    turn = resolve(question, history)
    assert is_follow_up(question, history)
    assert turn.follow_up and turn.previous
    assert not judged_on_own_words(turn)


@pytest.mark.parametrize("question, history", [
    # the same words with nothing before them: a question of its own
    ("我朋友在台湾也遇到一样的情况，台湾那边怎么规定的？", []),
    # a full new question in a conversation, with no pointer back
    ("台湾的银行把债务交给催收公司之前要先通知我吗？", [CN_FIRST]),
    # a comparison the question states in full
    ("How does the UK's Breathing Space compare with the EU's forbearance rules?", [CN_FIRST]),
])
def test_a_question_of_its_own_is_judged_on_its_own_words(question, history):
    assert judged_on_own_words(resolve(question, history))


@pytest.fixture(scope="module")
def tw_index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("refers_back"), [
        "guide-tw-borrower-zh.md", "guide-hk-borrower-zh.md", "guide-cn-harassment-zh.md",
        "cn-credit-card-measures-2011-zh.md", "tw-bank-outsourced-collection-zh.md"])


def test_the_cantonese_same_situation_follow_up_gets_taiwans_third_party_rule(tw_index):
    answer = answer_question(tw_index, "咁如果喺台灣呢？我表妹喺台北都遇到同樣情況", history=[HK_FIRST])
    assert not answer.refused, answer.why
    assert any("無關" in c.quote and c.source_id.startswith(("guide-tw-", "tw-")) for c in answer.citations), \
        answer.text
    assert not any(c.source_id.startswith(("guide-hk-", "guide-cn-", "cn-")) for c in answer.citations), answer.text
