"""English words the corpus uses only in another form reach BM25 by their stem (index/query/lexicon.stems_in_corpus),
and an English question is answered by the sentence using that form (chat/evidence: inflected sentence coverage)."""

import pytest

from index.query.lexicon import stems_in_corpus

VOCABULARY = {"arrest", "sue", "call", "garnish", "collector"}


def idf(word):
    return 1.0 if word in VOCABULARY else None


@pytest.mark.parametrize("text, stems", [
    ("they will have me arrested if I don't pay", ["arrest"]),
    ("can they still sue me? they are suing everyone", []),          # "suing" stems to "sue", already asked
    ("my wages were garnished last month", ["garnish"]),
    ("the collectors keep calling", ["call"]),                      # the tokenizer already singularises
    ("催收说要报警抓我", []),                                          # Chinese has no stems
    ("the collector called", ["call"]),
])
def test_stems_the_corpus_has_and_the_question_lacks(text, stems):
    assert stems_in_corpus(text, idf) == stems


@pytest.fixture(scope="module")
def us_index(tmp_path_factory):
    from tests.conftest import index_with_docs

    # The Taiwan document says "arrested"; the US guide and the FDCPA say "arrest".
    return index_with_docs(tmp_path_factory.mktemp("stems"), ["guide-us-borrower-en.md", "us-fdcpa-en.md",
                                                               "tw-bank-outsourced-collection-en.md"])


def test_a_threat_of_arrest_is_answered_by_the_rule_against_it(us_index):
    from chat.answer import answer_question

    answer = answer_question(us_index, "a debt collector says they will have me arrested if I don't pay, "
                                       "can they do that in the US?")
    assert not answer.refused, answer.why
    assert "arrest" in answer.citations[0].quote
    assert answer.citations[0].source_id in ("us-fdcpa-en", "guide-us-borrower-en")
