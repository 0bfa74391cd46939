"""A follow-up that changes the topic inside a conversation ("what about texts?") is answered on its own topic
(chat.retrieval.own_turn_first), real index."""

import dataclasses

import pytest

from chat.answer import answer_question
from tests.conftest import index_with_docs

DOCS = ["us-regulation-f-en.md", "us-regf-electronic-contact-en.md", "guide-us-borrower-en.md",
        "template-us-stop-contact-en.md"]
CALLS = "How many times can a debt collector call me in a week in the US?"


@pytest.fixture(scope="module")
def us_index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("followup"), DOCS)


def _quotes(answer) -> list[str]:
    return [line for line in answer.text.splitlines() if line[:1].isdigit()]


def test_a_follow_up_on_a_new_topic_quotes_that_topic(us_index):
    answer = answer_question(us_index, "what about texts? can they text me all day?", [CALLS])
    assert not answer.refused, answer.why
    assert "text" in _quotes(answer)[0].lower(), answer.text


def test_without_its_own_search_the_earlier_topic_drowns_it(us_index):
    """The same conversation with the follow-up's own search off leads with the call rule: the test above is
    about that search."""
    off = dataclasses.replace(us_index, settings=us_index.settings.model_copy(update={"follow_up_own_passages": 0}))
    answer = answer_question(off, "what about texts? can they text me all day?", [CALLS])
    assert "text" not in _quotes(answer)[0].lower(), answer.text


@pytest.mark.parametrize("question", ["那在英国呢？", "why?", "And in India?"])
def test_a_follow_up_without_words_of_its_own_keeps_the_ranking(us_index, question):
    """A place switch or a bare "why?" is about the earlier turn's topic: nothing is searched again."""
    from chat.followup import resolve
    from chat.retrieval import own_turn_first

    turn = resolve(question, [CALLS])
    hits = []
    assert turn.follow_up and own_turn_first(us_index, turn, hits, None) is hits
