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


def test_a_follow_up_keeps_the_hint_of_the_turn_before():
    """"有違反哪一條嗎？" hints nothing itself; the conversation's 申訴 (Taiwan's word) still places it."""
    from chat.jurisdiction import infer

    call = infer("那他還在電話裡說不還錢就要把我抓去關，這算什麼？有違反哪一條嗎？", ["銀行委外的催收人員一直打給我媽，我要先找誰申訴？"],
                 "hant")
    assert call.basis == "traditional-unstated" and call.hint == "TW"
    assert infer("那他還說要告我，這算什麼？", ["佢哋成日打嚟，我可以點做？"], "hant").hint == "HK"
    assert infer("那他還說要告我，這算什麼？", [], "hant").hint is None


def test_without_a_hint_no_place_is_guessed_for_the_route(hinted_index):
    answer = answer_question(hinted_index, "銀行委外的催收人員晚上十一點還在打電話，這樣合法嗎？可以去哪裡投訴？")
    assert not answer.refused, answer.why
    assert _next_step(answer) == "", answer.text  # mainland, Taiwan or Hong Kong: the answer asks which


def test_a_quote_naming_only_the_body_still_gets_the_number_to_dial(hinted_index):
    """A quote that only says one may complain to the HKMA leaves no way to reach it: the step gives the number;
    a quote that gives the number is the step itself."""
    from chat.followup import resolve
    from chat.knowledge import knowledge_for

    kb, turn = knowledge_for(hinted_index), resolve("點投訴？", ["香港啲收數公司可唔可以搵我屋企人追數？"])
    body_only = "修訂後的香港《銀行營運守則》容許因銀行收數而受困擾的人直接向金管局投訴。"
    step = kb.next_step(turn, [body_only])
    assert step is not None and "2878 1378" in step.quote
    assert kb.next_step(turn, [body_only, step.quote]) is None


@pytest.mark.parametrize("sentence, means", [
    ("香港借款人可向金管局銀行投訴處理中心投訴：電話(852) 2878 1378。", True),
    ("12378是国家金融监督管理总局的投诉举报热线。", True),
    ("A consumer can complain at consumerfinance.gov/complaint.", True),
    ("修訂後的香港《銀行營運守則》容許因銀行收數而受困擾的人直接向金管局投訴。", False),
    ("If the complaint is not resolved, the customer can take it to the Financial Ombudsman Service.", False),
    ("GB/T 45251—2025 规定每天主动有效通话不超过3次。", False),
])
def test_a_way_to_reach_a_body(sentence, means):
    from chat.library import gives_means

    assert gives_means(sentence) is means


@pytest.mark.parametrize("question, contact", [
    # texts the collector sends about the debt are collection misconduct: the financial regulator's line
    ("催收把我通讯录里的人全打了一遍，连同学都收到短信说我是老赖，我要去哪里投诉他们", "12378"),
    ("催收反复发恐吓短信，警察能管吗？", "110"),
    ("天天收到垃圾短信和陌生号码的骚扰电话，去哪里举报？", "12321"),
])
def test_the_step_names_the_contact_for_the_situation(hinted_index, question, contact):
    from chat.followup import resolve
    from chat.knowledge import knowledge_for

    step = knowledge_for(hinted_index).next_step(resolve(question, None), [])
    assert step is not None and contact in step.quote, step


@pytest.fixture(scope="module")
def pound_index(tmp_path_factory):
    docs = ["guide-uk-borrower-en.md", "uk-fca-conc7-en.md", "guide-us-borrower-en.md", "us-fdcpa-en.md"]
    return index_with_docs(tmp_path_factory.mktemp("pounds"), docs)


def test_a_place_known_from_the_currency_confirms_the_quotes_like_a_named_one(pound_index):
    """"£45 a month" places a long story in the UK as firmly as naming it: quotes all from the UK's documents
    confirm the place, so the e5 line for a confirmed place applies (as for "in the UK")."""
    from chat.answer import plan

    story = ("Lost my job in March and fell behind on two cards, roughly £4,000 altogether. I wrote to the bank "
             "offering £45 a month with my budget and they turned it down, demanding much more. Can they just say no?")
    steps = plan(pound_index, story)
    assert steps.turn.jurisdiction.basis == "currency" and steps.turn.jurisdiction.codes == ("UK",)
    judged = steps.chosen[: pound_index.settings.answer.gate_quotes]
    assert judged and all(c.meta.get("jurisdiction") == "UK" for c in judged)
    assert steps.place_confirmed
    named = plan(pound_index, story.replace("Lost my job", "I live in England. Lost my job"))
    assert named.turn.jurisdiction.basis == "named" and named.place_confirmed


def test_each_asked_parts_quote_is_from_the_asked_place(pound_index):
    """A message asking two things about the UK: the quote brought in for the second part fits the UK like the
    others, not the closest sentence from another country's rules."""
    question = "In England, what hours can a collector ring me? And is there a limit on how many calls a day?"
    answer = answer_question(pound_index, question)
    assert not answer.refused, answer.why
    places = {pound_index.node(c.chunk_id).metadata.get("jurisdiction") for c in answer.citations}
    assert places == {"UK"}, answer.text
