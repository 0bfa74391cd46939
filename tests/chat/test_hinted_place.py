"""A Traditional question that names no place but hints one (卡債 -> Taiwan) ends with that place's complaint route."""

import pytest

from chat.answer import answer_question
from tests.conftest import index_with_docs

DOCS = ["guide-tw-borrower-zh.md", "guide-hk-borrower-zh.md", "guide-cn-harassment-zh.md"]


@pytest.fixture(scope="module")
def hinted_index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("hinted"), DOCS)


def _next_step(answer) -> str:
    return next((line for line in answer.text.splitlines() if line.startswith("下一步")), "")


def test_taiwanese_wording_gets_the_taiwan_route(hinted_index):
    answer = answer_question(hinted_index, "卡債欠了快五十萬 討債公司一直打到我公司 還跟我主管說我欠錢 這樣合法嗎 可以去哪裡申訴")
    assert not answer.refused, answer.why
    step = _next_step(answer)
    assert step and ("評議中心" in step or "金管會" in step or "1998" in step), answer.text
    assert "12378" not in step


def test_without_a_hint_no_place_is_guessed_for_the_route(hinted_index):
    answer = answer_question(hinted_index, "銀行委外的催收人員晚上十一點還在打電話，這樣合法嗎？可以去哪裡申訴？")
    assert not answer.refused, answer.why
    assert _next_step(answer) == "", answer.text  # mainland, Taiwan or Hong Kong: the answer asks which
