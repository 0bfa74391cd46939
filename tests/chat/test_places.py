"""Which places' rules an answer quotes when the question names none (real index)."""

import pytest

from chat.answer import answer_question
from tests.conftest import index_with_docs

DOCS = ["guide-tw-borrower-zh.md", "us-regulation-f-zh.md", "guide-in-borrower-zh.md", "cn-gbt-45251-2025-zh.md"]


@pytest.fixture(scope="module")
def places_index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("places"), DOCS)


@pytest.mark.parametrize("question", ["催收半夜打電話來，到底幾點以後不能打？", "討債公司一天可以打幾次電話給我？"])
def test_a_traditional_question_naming_no_place_quotes_taiwan_hong_kong_or_the_mainland(places_index, question):
    answer = answer_question(places_index, question)
    assert not answer.refused
    places = {c.chunk_id and places_index.node(c.chunk_id).metadata.get("jurisdiction") for c in answer.citations}
    assert places and places <= {"TW", "HK", "CN", "INTL", ""}, answer.text
