"""A follow-up that switches place ("那在美国呢？" after a question about colleagues) is searched with the earlier
turn's words; those words can find the new place's weaker passages first (Regulation F's electronic-contact
rules), so its own search tops up the new place's evidence even when two of its passages came back."""

import pytest

from chat.answer import answer_question
from tests.conftest import index_with_docs

DOCS = ["us-fdcpa-zh.md", "guide-us-borrower-zh.md", "us-regf-electronic-contact-zh.md", "guide-cn-harassment-zh.md",
        "cn-credit-card-measures-2011-zh.md", "guide-tw-borrower-zh.md"]
FIRST = "催收打电话给我同事，还跟他说我欠钱不还，这合法吗？"


@pytest.fixture(scope="module")
def switch_index(tmp_path_factory):
    return index_with_docs(tmp_path_factory.mktemp("switch"), DOCS)


def test_the_new_places_third_party_rule_is_quoted(switch_index):
    answer = answer_question(switch_index, "那在美国呢？", history=[FIRST])
    assert not answer.refused, answer.why
    assert any("805(b)" in c.quote or "805(a)(3)" in c.quote for c in answer.citations), answer.text
    assert not any(c.source_id.startswith(("cn-", "guide-cn-", "guide-tw-")) for c in answer.citations)


def test_a_new_question_naming_the_same_place_is_not_a_switch(switch_index):
    """Asked again about the place of the earlier turn, the top-up stays as it was (two passages suffice)."""
    answer = answer_question(switch_index, "那在美国呢？", history=["美国的催收人可以打电话给我同事吗？"])
    assert not answer.refused, answer.why
    assert all(c.source_id.startswith(("us-", "guide-us-")) for c in answer.citations)
